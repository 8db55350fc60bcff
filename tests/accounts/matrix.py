"""The sessions pages. Every signed-in person (platform staff too) has their own list and the two
'sign out' buttons; a session id in a URL is always someone else's here ('in' and 'out' are other
people of the same trust, 'other' a person of trust B), so everyone gets 404. The trust's session
limits and security settings are its administrators', as is resetting a person's second factor.
"""

import datetime as dt
from collections.abc import Callable

from django.contrib.sessions.backends.db import SessionStore
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import SignInSession
from fht.models import User
from fht.roles import Role
from tests.conftest import World
from tests.matrix import ADMINISTRATORS, Case
from tests.people.matrix import PERSON_SCOPES, person_kwargs

R = Role


def _session_of(user: User) -> int:
    store = SessionStore()
    store.create()
    now = dt.datetime.now(tz=dt.UTC)
    row = SignInSession.objects.create(
        user=user, session_id=store.session_key, created_at=now, last_seen=now
    )
    return row.pk


def _someone_elses(world: World, scope: str) -> dict[str, object]:
    owner = {"in": world.colleague, "out": world.south_head, "other": world.other_head}[scope]
    assert owner is not None
    return {"session_id": _session_of(owner)}


def _someone_elses_passkey(world: World, scope: str) -> dict[str, object]:
    owner = {"in": world.colleague, "out": world.south_head, "other": world.other_head}[scope]
    assert owner is not None
    passkey = WebAuthnCredential.objects.create(
        user=owner,
        name="Phone",
        confirmed=True,
        credential_id=f"credential-{owner.pk}".encode(),
        public_key=b"key",
        sign_count=0,
    )
    return {"passkey_id": passkey.pk}


someone_elses: Callable[[World, str], dict[str, object]] = _someone_elses

CASES: dict[str, Case] = {
    "accounts:session_list": Case(any_member=True, superuser=200),
    "accounts:session_end": Case(kwargs=someone_elses, allowed={}, method="post"),
    "accounts:sign_out_others": Case(any_member=True, method="post", ok=302, superuser=302),
    "accounts:sign_out_everywhere": Case(any_member=True, method="post", ok=302, superuser=302),
    "accounts:session_limits": Case(allowed={"in": ADMINISTRATORS}, denied=403, superuser=404),
    "accounts:security_settings": Case(allowed={"in": ADMINISTRATORS}, denied=403, superuser=404),
    # Everyone's own two-factor pages. With no second factor set up (as in the matrix's world),
    # the code page sends on to set-up, removing has nothing to remove, and new recovery codes
    # need an authenticator app first. Platform staff have one (they need it for the admin):
    # their code page sends them on, as they are verified already.
    "accounts:two_factor": Case(any_member=True, superuser=200),
    "accounts:two_factor_setup": Case(any_member=True, superuser=200),
    "accounts:two_factor_verify": Case(any_member=True, ok=302, superuser=302),
    "accounts:two_factor_remove": Case(any_member=True, ok=302, superuser=200),
    "accounts:recovery_codes_regenerate": Case(
        any_member=True, method="post", ok=404, superuser=200
    ),
    "accounts:passkey_remove": Case(kwargs=_someone_elses_passkey, allowed={}, method="post"),
    # The passkey ceremonies answer JSON to the library's scripts, sent here with an empty body:
    # options to begin with, "no ceremony under way" (400) to complete, 403 to anyone signed out.
    "accounts:passkey_registration_begin": Case(
        any_member=True, method="post", superuser=200, anonymous=403
    ),
    "accounts:passkey_registration_complete": Case(
        any_member=True, method="post", ok=400, superuser=400, anonymous=403
    ),
    "accounts:passkey_authentication_begin": Case(
        any_member=True, method="post", superuser=200, anonymous=403
    ),
    "accounts:passkey_authentication_complete": Case(
        any_member=True, method="post", ok=400, superuser=400, anonymous=403
    ),
    # The words the library's scripts show (a JavaScript catalogue, the same for everyone).
    "accounts:passkey_words": Case(public=True),
    # The recovery path for a lost device: the trust's administrators, for a person of the trust.
    "accounts:person_two_factor_reset": Case(kwargs=person_kwargs, allowed=PERSON_SCOPES),
}
