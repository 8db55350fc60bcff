"""What changes a feed token: issuing, revoking, and noting each use. Each is the transaction
boundary; the secret itself is returned once by `token_issue` and kept nowhere."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from feed.models import FeedToken, FeedUse, View
from feed.selectors import views_for
from fht.models import User

QUERY_LOGGED = 500


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    token: FeedToken
    secret: str


def token_issue(*, trust_id: int, name: str, view: View | str, acting_user: User) -> Issued:
    if View(view) not in views_for(acting_user):
        raise ValidationError({"view": "You may not give a token this view of the trust."})
    secret = secrets.token_urlsafe(32)
    token = FeedToken(
        trust_id=trust_id,
        name=name.strip(),
        view=View(view),
        key_prefix=secret[:8],
        key_hash=key_hash(secret),
        created_by=acting_user,
    )
    token._history_user = acting_user  # type: ignore[attr-defined]
    token.full_clean()
    with transaction.atomic(durable=True):
        token.save()
    return Issued(token=token, secret=secret)


def token_revoke(*, token: FeedToken, acting_user: User) -> FeedToken:
    """Refused from the very next request (token state is read from the database every time)."""
    if token.is_revoked:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = acting_user
    token._history_user = acting_user  # type: ignore[attr-defined]
    with transaction.atomic(durable=True):
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_for_secret(secret: str) -> FeedToken | None:
    """The token with this secret, of any trust (its trust then opens the scope), or None."""
    if not secret or len(secret) > 200:
        return None
    wanted = key_hash(secret)
    with scopes_disabled():
        token = FeedToken.objects.filter(key_hash=wanted).first()
    if token is None or not hmac.compare_digest(token.key_hash, wanted):
        return None
    return token


def use_record(
    *, token: FeedToken, table: str, fmt: str, query: str, rows: int, status: int, ip: str | None
) -> None:
    """Log one request and move the token's last-used time (without a history row per use)."""
    now = timezone.now()
    with transaction.atomic():
        _log(token=token, table=table, fmt=fmt, query=query, rows=rows, status=status, ip=ip)
        FeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def _log(
    *, token: FeedToken, table: str, fmt: str, query: str, rows: int, status: int, ip: str | None
) -> None:
    FeedUse.objects.create(
        trust_id=token.trust_id,
        token=token,
        table=table[:40],
        format=fmt[:4],
        query=query[:QUERY_LOGGED],
        rows=rows,
        status=status,
        ip=ip,
    )
