"""What the apps add to the core: job kinds, page panels, menu sections and scheduled tasks.

fht sits below every app and names none of them. Each app adds its own entries from its
`AppConfig.ready()`, so a new app touches only its own folder:

    jobs.register(JobKind(key="visit_proforma", label=..., run=..., may_follow=...))
    panels.register(Panel(slot="school", key="visits", order=20, build=school_panel))
    menu.register(MenuSection(key="visits", label="Visits", url_name="qa_visits:plan_list", ...))
    schedule.register(Scheduled(key="send-action-reminders", task=..., schedule=crontab(...)))

An entry registered twice under one key is a programming error and fails at start-up.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

if TYPE_CHECKING:
    from celery import Task
    from celery.schedules import crontab

    from fht.access import Access
    from fht.models import Job, User


class Registry[T]:
    """Entries by key, kept in the order given by each entry's `order` (then by key)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, T] = {}

    def register(self, entry: T) -> T:
        key: str = getattr(entry, "key")  # noqa: B009 (every entry type has a key)
        if key in self._entries:
            raise ImproperlyConfigured(f"The {self.what} {key!r} is registered twice.")
        self._entries[key] = entry
        return entry

    def get(self, key: str) -> T:
        try:
            return self._entries[key]
        except KeyError:
            raise LookupError(f"No {self.what} {key!r} is registered.") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(
            sorted(
                self._entries.values(),
                key=lambda e: (getattr(e, "order", 0), getattr(e, "key")),  # noqa: B009
            )
        )

    def keys(self) -> list[str]:
        return [getattr(e, "key") for e in self]  # noqa: B009


# --- background jobs -----------------------------------------------------------------------------


def _no_one(user: "User", job: "Job") -> bool:
    return False


@dataclass(frozen=True)
class JobKind:
    """One kind of background job (fht.jobs runs every kind the same way).

    `run(job)` does the work inside the job's trust scope and returns what the job page says when it
    is done. It is called again on a retry, so it must be safe to repeat (overwrite, don't append).
    `may_follow(user, job)` says who sees the job's progress; `may_retry(user, job)`, who may queue
    a failed job again (by default, whoever may follow it). `failed(job, error)` says what the job
    page shows after the last attempt failed.
    """

    key: str
    label: str
    run: Callable[["Job"], str]
    may_follow: Callable[["User", "Job"], bool] = _no_one
    may_retry: Callable[["User", "Job"], bool] | None = None
    failed: Callable[["Job", BaseException], str] = field(
        default=lambda job, error: f"The job failed ({type(error).__name__})."
    )
    max_retries: int = 2
    retry_delay: int = 15
    soft_time_limit: int = 120
    time_limit: int = 150

    def retry_allowed(self, user: "User", job: "Job") -> bool:
        return (self.may_retry or self.may_follow)(user, job)


jobs: Registry[JobKind] = Registry("job kind")


# --- page panels ---------------------------------------------------------------------------------

Slot = Literal["home", "school", "cluster", "visit"]


@dataclass(frozen=True)
class PanelContent:
    """What a panel builder returns: a template and its context (the template gets it as `panel`)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Panel:
    """A section an app adds to the home, school, cluster or QA visit page. `build(user, obj)`
    queries what it shows and returns None when the person may not see it (or there is nothing to
    show and no empty state is wanted). On the home page `obj` is None.

    `place` is where on the page it goes: "main" (the page's run of panels) unless the page
    offers other places; the cluster page also has "actions" (buttons beside its own), "summary"
    (rows of its summary list) and "before_schools" (a section above its list of schools)."""

    slot: Slot
    key: str
    build: Callable[["User", Any], PanelContent | None]
    order: int = 0
    place: str = "main"


panels: Registry[Panel] = Registry("page panel")


def panels_for(
    slot: Slot, *, user: "User", obj: Any = None, place: str = "main"
) -> list[PanelContent]:
    """The panels of one place of a page, in order, for this person."""
    built = (p.build(user, obj) for p in panels if p.slot == slot and p.place == place)
    return [content for content in built if content is not None]


# --- the menu ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuSection:
    """An entry of the main menu. It shows when `visible(user, access)` says so, and is marked as
    the current section on every page whose URL namespace is one of `namespaces`."""

    key: str
    label: str
    url_name: str
    visible: Callable[["User", "Access"], bool]
    namespaces: frozenset[str] = frozenset()
    order: int = 0


class Menu(Registry[MenuSection]):
    def __init__(self) -> None:
        super().__init__("menu section")
        self._claims: dict[str, str] = {}

    def claim(self, *, section: str, namespace: str) -> None:
        """Mark `section` as current on the pages of another app's namespace (a school's data
        pages belong to Schools)."""
        self._claims[namespace] = section

    def is_current(self, section: MenuSection, namespace: str) -> bool:
        return namespace in section.namespaces or self._claims.get(namespace) == section.key


menu = Menu()


@dataclass(frozen=True)
class MenuItem:
    label: str
    href: str
    current: bool


def menu_items(user: "User", access: "Access", namespace: str) -> list[MenuItem]:
    """The menu this person sees, with the section of the page (by its URL namespace) marked."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        MenuItem(section.label, reverse(section.url_name), menu.is_current(section, namespace))
        for section in menu
        if section.visible(user, access)
    ]


# --- scheduled tasks (Celery beat) ---------------------------------------------------------------


@dataclass(frozen=True)
class Scheduled:
    """A task Celery beat runs on a schedule: seconds, or a crontab in the trusts' time zone."""

    key: str
    task: "Task[Any, Any]"
    schedule: "float | crontab"


schedule: Registry[Scheduled] = Registry("scheduled task")


# --- file imports --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportKind:
    """A kind of file a trust imports (fht.uploads and fht.models.ImportRecord serve every kind).

    `url_name` is its upload page, where its CSV template (if any) can be downloaded; the imports
    history names each record by `label` and links to that page.
    """

    key: str
    label: str
    url_name: str
    order: int = 0


imports: Registry[ImportKind] = Registry("import kind")
