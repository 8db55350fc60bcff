"""Two-factor sign-in: setting up an authenticator app (with hashed, single-use recovery codes),
giving a code after the password, wrong codes slowed and counted like wrong passwords, the
trust's per-role requirement, password reset and the admin never bypassing it, the person's own
page, and the administrator's reset of a lost device (in the audit trail)."""

import base64
import re
import time
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_scopes import scopes_disabled

from accounts.models import RecoveryCode, RecoveryCodeDevice, TwoFactorRequiredRole
from accounts.services import TWO_FACTOR_CHECKED, recovery_codes_make
from audit.models import AuditEvent, Kind
from fht.models import User
from fht.roles import Role
from tests.accounts.helpers import app_of, verified
from tests.accounts.test_sessions import signed_in
from tests.conftest import World
from tests.factories import PASSWORD

# Queries for a page, whatever the number of methods or roles (the same on SQLite and PostgreSQL).
QUERIES = {"accounts:two_factor": 13, "accounts:security_settings": 9}

pytestmark = pytest.mark.django_db

SET_UP = "accounts:two_factor_setup"
CODE = "accounts:two_factor_verify"
DIRECTOR = "qa_director@a.example"


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's authenticator app shows now (or `steps_ahead` periods of 30 s later:
    a code is accepted once, and the next period's code is accepted too)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def require(aw: World, *roles: Role) -> None:
    with scopes_disabled():
        for role in roles:
            TwoFactorRequiredRole.objects.create(trust=aw.trust, role=role)


def events(kind: Kind, user: User) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(kind=kind, user=user))


def goes_to(response: object, name: str) -> bool:
    location = getattr(response, "headers", {}).get("Location", "")
    return getattr(response, "status_code", 0) == 302 and location.startswith(reverse(name))


# --- without a device or a requirement, nothing changes ------------------------------------


def test_without_a_device_or_a_requirement_people_sign_in_as_before(aw: World) -> None:
    client = signed_in(DIRECTOR)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accounts:two_factor")).status_code == 200


# --- setting up -----------------------------------------------------------------------------


def test_set_up_shows_a_qr_code_with_a_text_alternative_and_the_key_to_type(aw: World) -> None:
    client = signed_in(DIRECTOR)
    page = client.get(reverse(SET_UP)).content.decode()
    device = TOTPDevice.objects.get(user=aw.person(Role.QA_DIRECTOR))
    assert not device.confirmed
    assert re.search(r'<svg role="img" aria-label="QR code to scan[^"]*"', page)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    assert base64.b32decode(secret.group(1).replace(" ", "")) == device.bin_key
    assert "If you lose your device" in page
    # The unconfirmed app does not count: the person still signs in without a code.
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_leaves_the_app_unconfirmed_with_a_message_by_the_field(aw: World) -> None:
    client = signed_in(DIRECTOR)
    client.get(reverse(SET_UP))
    response = client.post(reverse(SET_UP), {"code": "12345x"})
    assert response.status_code == 400
    assert "Enter the code as 6 digits" in response.content.decode()
    assert 'value="12345x"' in response.content.decode()
    assert not TOTPDevice.objects.get(user=aw.person(Role.QA_DIRECTOR)).confirmed
    assert not RecoveryCodeDevice.objects.filter(user=aw.person(Role.QA_DIRECTOR)).exists()


def test_confirming_shows_ten_recovery_codes_once_and_keeps_only_their_digests(
    aw: World,
) -> None:
    client = signed_in(DIRECTOR)
    client.get(reverse(SET_UP))
    device = TOTPDevice.objects.get(user=aw.person(Role.QA_DIRECTOR))
    response = client.post(reverse(SET_UP), {"code": code_for(device)})
    assert response.status_code == 200
    page = response.content.decode()
    codes = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", page)
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    stored = RecoveryCode.objects.filter(device__user=aw.person(Role.QA_DIRECTOR))
    assert stored.count() == 10
    kept = " ".join(f"{row.lookup} {row.digest}" for row in stored)
    for code in codes:
        lookup, secret = code[:4], code[5:].replace("-", "")
        assert secret not in kept and lookup in kept
    # Each secret as a salted password hash (Django's hashers; MD5 only in the test settings).
    assert {identify_hasher(row.digest).algorithm for row in stored} == {"md5"}
    assert len({row.digest.split("$")[1] for row in stored}) == 10
    # This session is verified by the app it just confirmed.
    assert client.get(reverse("home")).status_code == 200


# --- signing in -------------------------------------------------------------------------------


def with_app(aw: World, role: Role = Role.QA_DIRECTOR) -> TOTPDevice:
    return app_of(aw.person(role))


def test_after_the_password_a_person_with_an_app_reaches_nothing_before_the_code(
    aw: World,
) -> None:
    device = with_app(aw)
    client = signed_in(DIRECTOR)
    school = reverse("schools:detail", kwargs={"school_id": aw.s1.pk})
    for url in (reverse("home"), school, reverse("accounts:session_list")):
        assert goes_to(client.get(url), CODE), url
    # Nor can they replace the app without giving a code from it first.
    assert goes_to(client.get(reverse(SET_UP)), CODE)
    response = client.post(
        f"{reverse(CODE)}?next={school}", {"code": code_for(device), "next": school}
    )
    assert response.status_code == 302 and response["Location"] == school
    assert client.get(school).status_code == 200


def test_an_htmx_request_before_the_code_loads_the_code_page_whole(aw: World) -> None:
    with_app(aw)
    client = signed_in(DIRECTOR)
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse(CODE))


def test_the_code_page_sends_nowhere_but_this_site(aw: World) -> None:
    device = with_app(aw)
    client = signed_in(DIRECTOR)
    response = client.post(reverse(CODE), {"code": code_for(device), "next": "https://evil.test/"})
    assert response["Location"] == reverse("home")


def test_signing_out_stays_open_before_the_code(aw: World) -> None:
    with_app(aw)
    client = signed_in(DIRECTOR)
    assert client.post(reverse("logout")).status_code == 302
    assert goes_to(client.get(reverse("home")), "login")


def test_a_code_is_accepted_once(aw: World) -> None:
    device = with_app(aw)
    code = code_for(device)
    first = signed_in(DIRECTOR)
    assert first.post(reverse(CODE), {"code": code}).status_code == 302
    second = signed_in(DIRECTOR)
    response = second.post(reverse(CODE), {"code": code})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()


def test_a_recovery_code_works_once_then_stops_working(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    with_app(aw)
    codes = recovery_codes_make(user=director)
    client = signed_in(DIRECTOR)
    assert client.post(reverse(CODE), {"code": codes[3].lower()}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    again = signed_in(DIRECTOR)
    response = again.post(reverse(CODE), {"code": codes[3]})
    assert response.status_code == 400
    assert "or it has been used already" in response.content.decode()
    assert RecoveryCode.objects.filter(device__user=director, used_at=None).count() == 9
    # The trail shows how the sign-in was completed.
    given = [e.what for e in events(Kind.SECOND_FACTOR_GIVEN, director)]
    assert "Sign-in completed with a recovery code" in given


def test_new_recovery_codes_replace_the_old_ones(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    with_app(aw)
    old = recovery_codes_make(user=director)
    client = verified(Client(), director)
    page = client.post(reverse("accounts:recovery_codes_regenerate")).content.decode()
    new = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    later = signed_in(DIRECTOR)
    assert later.post(reverse(CODE), {"code": old[0]}).status_code == 400


def test_a_wrong_code_is_a_failed_sign_in_and_a_second_factor_failure(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    device = with_app(aw)
    client = signed_in(DIRECTOR)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse(CODE), {"code": wrong})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert [e.what for e in events(Kind.SECOND_FACTOR_FAILED, director)] == [
        "Authenticator code refused"
    ]
    assert len(events(Kind.SIGN_IN_FAILED, director)) == 1
    assert AccessAttempt.objects.get(username=DIRECTOR).failures_since_start == 1
    # django-otp slows the next try: even the right code waits.
    response = client.post(reverse(CODE), {"code": code_for(device)})
    assert response.status_code == 400
    assert "Too many wrong codes: wait" in response.content.decode()


def test_repeated_wrong_codes_lock_out_as_wrong_passwords_do(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    with_app(aw)
    client = signed_in(DIRECTOR)
    for _ in range(4):
        assert client.post(reverse(CODE), {"code": "000000"}).status_code == 400
    response = client.post(reverse(CODE), {"code": "000000"})
    assert response.status_code in {403, 429}
    assert events(Kind.LOCKOUT, director)
    # Signed out, and the password alone no longer lets them in.
    assert goes_to(client.get(reverse("home")), "login")
    refused = Client().post(reverse("login"), {"username": DIRECTOR, "password": PASSWORD})
    assert refused.status_code in {403, 429}


def test_a_right_password_does_not_wipe_the_count_of_wrong_codes(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    device = with_app(aw)
    for _ in range(2):
        assert signed_in(DIRECTOR).post(reverse(CODE), {"code": "000000"}).status_code == 400
    assert AccessAttempt.objects.get(username=DIRECTOR).failures_since_start == 2
    # Only a complete sign-in, the code given, forgets them.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert signed_in(DIRECTOR).post(reverse(CODE), {"code": code_for(device)}).status_code == 302
    assert not AccessAttempt.objects.filter(username=DIRECTOR).exists()
    assert events(Kind.SECOND_FACTOR_FAILED, director)


def test_without_a_second_factor_a_right_password_forgets_wrong_ones(aw: World) -> None:
    Client().post(reverse("login"), {"username": DIRECTOR, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=DIRECTOR).exists()
    signed_in(DIRECTOR)
    assert not AccessAttempt.objects.filter(username=DIRECTOR).exists()


# --- the trust's requirement -------------------------------------------------------------------


def test_administrators_require_two_factor_for_roles(aw: World) -> None:
    ceo = verified(Client(), aw.person(Role.CEO))
    url = reverse("accounts:security_settings")
    assert ceo.get(url).status_code == 200
    response = ceo.post(url, {"two_factor_roles": [Role.QA_DIRECTOR, Role.HEAD_TEACHER]})
    assert response.status_code == 302
    with scopes_disabled():
        saved = set(TwoFactorRequiredRole.objects.values_list("trust_id", "role"))
    assert saved == {(aw.trust.pk, Role.QA_DIRECTOR), (aw.trust.pk, Role.HEAD_TEACHER)}
    page = ceo.get(url).content.decode()
    assert page.count(" checked") == 2


def test_a_role_not_in_the_list_is_refused_and_nothing_is_saved(aw: World) -> None:
    ceo = verified(Client(), aw.person(Role.CEO))
    url = reverse("accounts:security_settings")
    response = ceo.post(url, {"two_factor_roles": [Role.QA_DIRECTOR, "emperor"]})
    assert response.status_code == 400
    assert "Choose roles from the list" in response.content.decode()
    with scopes_disabled():
        assert not TwoFactorRequiredRole.objects.exists()


def test_a_head_cannot_change_the_security_settings(aw: World) -> None:
    head = signed_in("head_teacher@a.example")
    response = head.post(reverse("accounts:security_settings"), {"two_factor_roles": []})
    assert response.status_code == 403


def test_a_required_role_without_a_device_reaches_only_the_set_up_page(aw: World) -> None:
    require(aw, Role.QA_DIRECTOR)
    client = signed_in(DIRECTOR)
    response = client.get(reverse("home"))
    assert goes_to(response, SET_UP)
    assert client.get(reverse("accounts:session_list")).status_code == 302
    page = client.get(reverse(SET_UP)).content.decode()
    assert "Your trust requires two-factor sign-in for your role" in page
    device = TOTPDevice.objects.get(user=aw.person(Role.QA_DIRECTOR))
    assert client.post(reverse(SET_UP), {"code": code_for(device)}).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_the_requirement_reaches_only_its_roles_and_its_trust(aw: World) -> None:
    require(aw, Role.QA_DIRECTOR)
    assert signed_in("head_teacher@a.example").get(reverse("home")).status_code == 200
    assert signed_in("head@b.example").get(reverse("home")).status_code == 200


def test_a_requirement_set_while_signed_in_applies_within_a_minute(aw: World) -> None:
    client = signed_in(DIRECTOR)
    assert client.get(reverse("home")).status_code == 200
    require(aw, Role.QA_DIRECTOR)
    session = client.session
    session[TWO_FACTOR_CHECKED] = time.time() - 61
    session.save()
    assert goes_to(client.get(reverse("home")), SET_UP)


def test_password_reset_does_not_sign_in_and_the_code_is_still_asked(aw: World) -> None:
    # Fresh from the database: another test's force_login moved the shared object's last login.
    director = User.objects.get(pk=aw.person(Role.QA_DIRECTOR).pk)
    device = with_app(aw)
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(director.pk))
    token = default_token_generator.make_token(director)
    form = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    assert form.redirect_chain
    new = "violet-harbour-lantern-1987"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert goes_to(response, "password_reset_complete")
    assert goes_to(client.get(reverse("home")), "login")
    client.post(reverse("login"), {"username": DIRECTOR, "password": new})
    assert goes_to(client.get(reverse("home")), CODE)
    assert client.post(reverse(CODE), {"code": code_for(device)}).status_code == 302


# --- platform staff and the admin -------------------------------------------------------------


def test_platform_staff_give_a_second_factor_before_the_admin(aw: World) -> None:
    staff = aw.superuser
    assert staff is not None
    client = Client()
    client.force_login(staff)
    assert goes_to(client.get(reverse("admin:index")), SET_UP)
    app_of(staff)
    client.force_login(staff)
    assert goes_to(client.get(reverse("admin:index")), CODE)
    assert verified(Client(), staff).get(reverse("admin:index")).status_code == 200


# --- the person's own page --------------------------------------------------------------------


def test_removing_needs_the_password(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    with_app(aw)
    recovery_codes_make(user=director)
    client = verified(Client(), director)
    url = reverse("accounts:two_factor_remove")
    response = client.post(url, {"password": "not-it"})
    assert response.status_code == 400
    assert "The password is not right" in response.content.decode()
    assert TOTPDevice.objects.filter(user=director).exists()
    assert goes_to(client.post(url, {"password": PASSWORD}), "accounts:two_factor")
    assert not TOTPDevice.objects.filter(user=director).exists()
    assert not RecoveryCodeDevice.objects.filter(user=director).exists()


def test_removing_when_required_sends_back_to_set_up(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    require(aw, Role.QA_DIRECTOR)
    with_app(aw)
    client = verified(Client(), director)
    client.post(reverse("accounts:two_factor_remove"), {"password": PASSWORD})
    assert goes_to(client.get(reverse("home")), SET_UP)


# --- the recovery path: an administrator resets a lost device ---------------------------------


def reset_url(person: User) -> str:
    return reverse("accounts:person_two_factor_reset", kwargs={"person_id": person.pk})


def test_an_administrator_resets_a_lost_device_and_the_trail_records_it(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    admin = aw.person(Role.TRUST_ADMIN)
    require(aw, Role.QA_DIRECTOR)
    with_app(aw)
    recovery_codes_make(user=director)
    on_the_lost_device = signed_in(DIRECTOR)
    code = code_for(TOTPDevice.objects.get(user=director))
    assert on_the_lost_device.post(reverse(CODE), {"code": code}).status_code == 302
    client = verified(Client(), admin)
    person_page = client.get(reverse("people:detail", kwargs={"person_id": director.pk}))
    assert reset_url(director) in person_page.content.decode()
    assert "Reset two-factor sign-in" in client.get(reset_url(director)).content.decode()
    # The administrator confirms with their own password: without it nothing is reset.
    refused = client.post(reset_url(director), {"password": "not-my-password"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=director).exists()
    response = client.post(reset_url(director), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", kwargs={"person_id": director.pk})
    assert not TOTPDevice.objects.filter(user=director).exists()
    assert not RecoveryCodeDevice.objects.filter(user=director).exists()
    [event] = events(Kind.SECOND_FACTOR_RESET, admin)
    assert event.trust_id == aw.trust.pk and DIRECTOR in event.what
    # The session on the lost device is over: it cannot enrol an app of its own.
    assert goes_to(on_the_lost_device.get(reverse("home")), "login")
    # At the next sign-in the director sets it up again, as the role requires.
    assert goes_to(signed_in(DIRECTOR).get(reverse("home")), SET_UP)


def test_an_administrator_does_not_reset_their_own_second_factor_here(aw: World) -> None:
    admin = aw.person(Role.TRUST_ADMIN)
    app_of(admin)
    client = verified(Client(), admin)
    response = client.post(reset_url(admin), {"password": PASSWORD})
    assert goes_to(response, "accounts:two_factor")
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_security_settings_and_own_changes_are_in_the_trail(aw: World) -> None:
    admin = aw.person(Role.TRUST_ADMIN)
    client = verified(Client(), admin)
    response = client.post(
        reverse("accounts:security_settings"), {"two_factor_roles": [Role.QA_DIRECTOR.value]}
    )
    assert response.status_code == 302
    [event] = events(Kind.SECURITY_SETTINGS, admin)
    assert event.trust_id == aw.trust.pk
    assert event.what == ("Two-factor required for: Director of Quality Assurance (was: no role)")
    # Saving the same again records nothing new.
    client.post(
        reverse("accounts:security_settings"), {"two_factor_roles": [Role.QA_DIRECTOR.value]}
    )
    assert len(events(Kind.SECURITY_SETTINGS, admin)) == 1
    app_of(admin)
    client.post(reverse("accounts:recovery_codes_regenerate"))
    assert [e.what for e in events(Kind.SECOND_FACTOR_CHANGED, admin)] == [
        "New recovery codes made (the old ones stopped)"
    ]


def test_no_one_resets_another_trusts_person_or_without_being_an_administrator(
    aw: World,
) -> None:
    other_head = aw.other_head
    assert other_head is not None
    app_of(other_head)
    admin = verified(Client(), aw.person(Role.TRUST_ADMIN))
    assert admin.post(reset_url(other_head)).status_code == 404
    head = signed_in("head_teacher@a.example")
    assert head.post(reset_url(aw.person(Role.QA_DIRECTOR))).status_code == 404
    assert TOTPDevice.objects.filter(user=other_head).exists()


# --- passkeys -----------------------------------------------------------------------------------


def passkey_of(user: User) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name="Phone",
        confirmed=True,
        credential_id=f"credential-{user.pk}".encode(),
        public_key=b"key",
        sign_count=0,
    )


def test_a_passkey_alone_asks_for_the_second_factor_and_is_listed(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    passkey_of(director)
    client = signed_in(DIRECTOR)
    assert goes_to(client.get(reverse("home")), CODE)
    page = client.get(reverse(CODE)).content.decode()
    assert "Use a passkey" in page
    assert 'id="otp_webauthn_config" hidden>' in page
    verified(client, director)
    assert "Phone" in client.get(reverse("accounts:two_factor")).content.decode()


def test_adding_a_passkey_needs_the_second_factor_first(aw: World) -> None:
    with_app(aw)
    client = signed_in(DIRECTOR)
    begin = reverse("accounts:passkey_registration_begin")
    assert goes_to(client.post(begin), CODE)
    assert verified(Client(), aw.person(Role.QA_DIRECTOR)).post(begin).status_code == 200


def test_a_person_removes_their_own_passkey_only(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    mine, theirs = passkey_of(director), passkey_of(aw.person(Role.HEAD_TEACHER))
    client = verified(Client(), director)
    url = "accounts:passkey_remove"
    assert client.post(reverse(url, kwargs={"passkey_id": theirs.pk})).status_code == 404
    assert goes_to(client.post(reverse(url, kwargs={"passkey_id": mine.pk})), "accounts:two_factor")
    assert list(WebAuthnCredential.objects.all()) == [theirs]


def test_a_refused_passkey_counts_as_a_failed_sign_in(aw: World) -> None:
    director = aw.person(Role.QA_DIRECTOR)
    passkey_of(director)
    client = signed_in(DIRECTOR)
    response = client.post(
        reverse("accounts:passkey_authentication_complete"), {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert [e.what for e in events(Kind.SECOND_FACTOR_FAILED, director)] == ["Passkey refused"]
    assert AccessAttempt.objects.get(username=DIRECTOR).failures_since_start == 1


@pytest.mark.parametrize("name", ["accounts:two_factor", "accounts:security_settings"])
def test_the_two_factor_pages_run_a_fixed_number_of_queries(
    aw: World, name: str, django_assert_max_num_queries: Any
) -> None:
    admin = aw.person(Role.TRUST_ADMIN)
    app_of(admin)
    recovery_codes_make(user=admin)
    client = verified(Client(), admin)
    client.get(reverse("home"))  # the session's first-request work done
    with django_assert_max_num_queries(QUERIES[name]):
        assert client.get(reverse(name)).status_code == 200
