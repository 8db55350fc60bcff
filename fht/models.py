"""The tenant (Trust), the base of every model a trust owns, and the people who sign in (User)."""

from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django_scopes import ScopedManager
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from fht.registry import imports, jobs


class Trust(models.Model):
    """A multi-academy trust: the tenant. No one sees another trust's data."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    dfe_group_id = models.CharField(
        "DfE group ID", max_length=10, blank=True, help_text="The trust's group UID in GIAS."
    )
    core_offer_days = models.PositiveSmallIntegerField(
        default=settings.FHT_CORE_OFFER_DAYS, validators=[MinValueValidator(1)]
    )
    cluster_school_limit = models.PositiveSmallIntegerField(
        default=settings.FHT_CLUSTER_SCHOOL_LIMIT,
        help_text="Most schools a Director of QA's clusters should hold.",
    )
    cluster_school_limit_executive_head = models.PositiveSmallIntegerField(
        default=settings.FHT_CLUSTER_SCHOOL_LIMIT_EXECUTIVE_HEAD,
        help_text="The same limit when the director is also an executive head.",
    )
    # Weeks between QA visits, by the school's category (DOMAIN: C and D every 4, A and B every 6).
    visit_weeks_sustain = models.PositiveSmallIntegerField(
        "weeks between visits, category A (Sustain)", default=6, validators=[MinValueValidator(1)]
    )
    visit_weeks_improve = models.PositiveSmallIntegerField(
        "weeks between visits, category B (Improve)", default=6, validators=[MinValueValidator(1)]
    )
    visit_weeks_repair = models.PositiveSmallIntegerField(
        "weeks between visits, category C (Repair)", default=4, validators=[MinValueValidator(1)]
    )
    visit_weeks_stabilise = models.PositiveSmallIntegerField(
        "weeks between visits, category D (Stabilise)",
        default=4,
        validators=[MinValueValidator(1)],
    )
    visit_weeks_uncategorised = models.PositiveSmallIntegerField(
        "weeks between visits, school not yet categorised",
        default=6,
        validators=[MinValueValidator(1)],
    )
    # How long a signed-in session lasts: ended after this long without a request (idle), and this
    # long after signing in whatever happens (absolute). Enforced on every request.
    session_idle_minutes = models.PositiveSmallIntegerField(
        "minutes without activity before signing out",
        default=settings.FHT_SESSION_IDLE_MINUTES,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    session_lifetime_hours = models.PositiveSmallIntegerField(
        "hours after signing in before signing out",
        default=settings.FHT_SESSION_LIFETIME_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("view_people", "Read the people and roles of the trust"),
            ("manage_people", "Manage the people and roles of the trust"),
            ("manage_structure", "Manage the trust's schools and clusters"),
            ("manage_benchmarks", "Manage national benchmarks and the visit cadence"),
        ]

    def __str__(self) -> str:
        return self.name


class TenantModelBase(models.Model):
    """A row one trust owns: its `trust`, and a default manager that refuses to query outside an
    open trust scope (django-scopes raises ScopeError). Its history is the model's own choice:
    subclass `TenantModel` for the usual full history.

    The trust has no reverse accessor (tenant rows are reached through their scoped managers); a
    model that wants one (`trust.schools`) declares `trust` again with its related_name.
    """

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="+")

    objects: ClassVar[models.Manager[Self]] = ScopedManager(trust="trust")

    class Meta:
        abstract = True


class TenantModel(TenantModelBase):
    """A tenant row whose every change simple-history keeps (a Historical<Model> per subclass)."""

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class TrustUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's direct-foreign-key table for permissions on a trust."""

    content_object = models.ForeignKey(Trust, on_delete=models.CASCADE)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("A person needs an email address to sign in.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True, trust=None)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email. Everyone but platform staff belongs to one trust."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    trust = models.ForeignKey(
        Trust, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Platform staff: may use the Django admin (superusers only)."
    )
    date_joined = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=Q(is_superuser=True, trust__isnull=True)
                | Q(is_superuser=False, trust__isnull=False),
                name="user_in_one_trust_unless_platform_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def validate_job_kind(value: str) -> None:
    if value not in jobs:
        raise ValidationError(f"{value!r} is not a registered job kind.")


class Job(TenantModelBase):
    """A background job a person asked for: the row their page polls, never a bare Celery id."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    # Bookkeeping, not the trust's record: deleted with the trust rather than protecting it.
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="jobs")
    # A key of fht.registry.jobs, where each app registers its kinds (no migration for a new one).
    kind = models.CharField(max_length=40, validators=[validate_job_kind])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The record the job works on (a visit for a proforma); its kind says which model.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.CharField(
        max_length=300, blank=True, help_text="What the job did, or why it failed."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["trust", "kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def label(self) -> str:
        """What the job does, in words, as its kind was registered."""
        return jobs.get(self.kind).label if self.kind in jobs else self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


def validate_import_kind(value: str) -> None:
    if value not in imports:
        raise ValidationError(f"{value!r} is not a registered import kind.")


class ImportRecord(TenantModel):
    """One file a person imported: who, which file (kept privately, with its SHA-256), when, the
    encoding read, what the dry run found, and what was applied. Its history keeps every step.

    The file is read twice (fht.uploads): the dry run lists what would change and every error
    (`status` CHECKED, or REFUSED when there are errors); confirming applies it in one transaction
    (APPLIED). Nothing of a REFUSED file is ever written.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked"
        CHECKED = "checked", "Checked: waiting to be confirmed"
        REFUSED = "refused", "Refused: the file has errors"
        APPLYING = "applying", "Being imported"
        APPLIED = "applied", "Imported"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    # A key of fht.registry.imports, where each app registers its kinds.
    kind = models.CharField(max_length=40, validators=[validate_import_kind])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    encoding = models.CharField(max_length=20, blank=True)
    # What the person chose for this import (the trust's group UID, a year...).
    options = models.JSONField(default=dict, blank=True)
    # The dry run's and the import's counts, by the kind's own words ("added": 3, "unchanged": 40).
    summary = models.JSONField(default=dict, blank=True)
    # The changes the dry run listed, for the preview (capped by each kind).
    preview = models.JSONField(default=list, blank=True)
    # [{"row": 12, "column": "URN", "message": "..."}], the first fht.uploads.MAX_LISTED_ERRORS.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["trust", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.file_name} ({self.get_status_display()})"

    @property
    def label(self) -> str:
        return imports.get(self.kind).label if self.kind in imports else self.kind
