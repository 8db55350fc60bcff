"""Reads for the feed's pages. `access_token` is the one road from a URL's id to a token."""

from django.db.models import Count, QuerySet
from django.http import Http404

from feed.models import FeedToken, FeedUse, View
from fht.access import access_for
from fht.models import User
from fht.roles import Role

READERS = frozenset({Role.CEO, Role.DEPUTY_CEO, Role.TRUST_ADMIN})
MANAGERS = frozenset({Role.CEO, Role.DEPUTY_CEO, Role.TRUST_ADMIN})
# A token with the CEO's view reads names and written reasons a trust administrator does not read
# in the app: only the CEO and deputy issue one.
CEO_VIEW_ISSUERS = frozenset({Role.CEO, Role.DEPUTY_CEO})


def can_read_tokens(user: User) -> bool:
    return bool(READERS & set(access_for(user).roles))


def can_manage_tokens(user: User) -> bool:
    return bool(MANAGERS & set(access_for(user).roles))


def views_for(user: User) -> list[View]:
    """The views of the trust this person may give a token: none beyond what they read."""
    if CEO_VIEW_ISSUERS & set(access_for(user).roles):
        return [View.CEO, View.TRUSTEE]
    return [View.TRUSTEE] if can_manage_tokens(user) else []


def token_list(*, user: User) -> "QuerySet[FeedToken]":
    if not can_read_tokens(user):
        raise Http404("Not a page of yours")
    return FeedToken.objects.select_related("created_by", "revoked_by").annotate(
        use_count=Count("uses")
    )


def access_token(user: User, token_id: int, *, manage: bool = False) -> FeedToken:
    """The token of the person's trust (the scope filters by trust), if their role reaches it;
    404 for missing, another trust's and not allowed alike."""
    allowed = can_manage_tokens(user) if manage else can_read_tokens(user)
    token = FeedToken.objects.select_related("created_by", "revoked_by").filter(pk=token_id).first()
    if token is None or not allowed:
        raise Http404("No such token")
    return token


def token_uses(*, token: FeedToken) -> "QuerySet[FeedUse]":
    return FeedUse.objects.filter(token=token)
