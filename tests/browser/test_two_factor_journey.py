"""Issue 15's two-factor acceptance journey, in a real browser, with axe-core on every page.

As the CEO, require two-factor sign-in for Directors of QA. A governor tries another school's
page first (refused). The director signs in, is sent to set it up, reads the key from the page
(the test computes the codes an authenticator app would show), confirms, keeps the recovery
codes and signs out; signs in with a code; adds a passkey (Chromium's virtual authenticator) and
signs in with it; then with a recovery code, which then stops working.
The CEO reads the director's sign-ins and the governor's refusal in the audit trail, then resets
the director's lost second factor (recorded too), and the director must set it up again.
"""

import base64
import time
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from fht.models import User
from schools.models import School
from tests.browser.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

CEO = "ceo@skylark.example"
DIRECTOR = "director.mansfield@skylark.example"
GOVERNOR = "governor.ravensdale-primary-academy@skylark.example"


def _click(session: Any, name: str) -> Page:
    page: Page = session.page
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    session.check()
    return page


def _app_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed from the page."""
    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def _sign_out(session: Any) -> None:
    _click(session, "Sign out")


def _give_code(session: Any, code: str) -> Page:
    page: Page = session.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.fill("#id_code", code)
    return _click(session, "Continue")


def test_a_director_sets_up_two_factor_and_signs_in_with_a_code_a_passkey_and_a_recovery_code(
    demo: None, session_factory: Any
) -> None:
    with scopes_disabled():
        other_school = School.objects.get(trust__slug="skylark", name="Staveley Canal Academy")
    director_user = User.objects.get(email=DIRECTOR)
    other_url = reverse("schools:detail", kwargs={"school_id": other_school.pk})

    ceo = session_factory()
    ceo.sign_in(CEO)
    page = ceo.goto(reverse("accounts:security_settings"))
    page.get_by_label("Director of Quality Assurance").check()
    page = _click(ceo, "Save the security settings")
    expect(page.get_by_text("The security settings have been updated.")).to_be_visible()
    expect(page.get_by_label("Director of Quality Assurance")).to_be_checked()

    governor = session_factory()
    governor.sign_in(GOVERNOR)
    page = governor.goto(other_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("not found", ignore_case=True)

    director = session_factory()
    director.sign_in(DIRECTOR)
    page = director.page
    assert "/accounts/two-factor/set-up/" in page.url
    expect(page.get_by_text("Your trust requires two-factor sign-in for your role")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to scan", exact=False)).to_be_visible()
    # Nothing else is reachable until it is set up.
    director.page.goto(director.base_url + reverse("home"))
    assert "/accounts/two-factor/set-up/" in page.url
    secret = page.locator("#totp-secret").inner_text()
    page.fill("#id_code", _app_code(secret))
    page = _click(director, "Confirm and turn on")
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("button", name="I have saved my codes: continue").click()
    director.check()
    _sign_out(director)

    director.sign_in(DIRECTOR)
    # The code of the next 30 seconds: the one used to set up is accepted only once.
    page = _give_code(director, _app_code(secret, steps_ahead=1))
    assert page.url.rstrip("/") == director.base_url
    _sign_out(director)

    # A passkey, from Chromium's virtual authenticator (WebAuthn needs a host name, not an IP).
    director.base_url = director.base_url.replace("127.0.0.1", "localhost")
    cdp = director.context.new_cdp_session(director.page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    director.sign_in(DIRECTOR)
    _give_code(director, _app_code(secret, steps_ahead=2))
    page = director.goto(reverse("accounts:two_factor"))
    expect(page.get_by_text("You have no passkey.")).to_be_visible()
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.locator("#passkeys")).to_be_visible(timeout=10_000)
    director.check()
    _sign_out(director)
    director.sign_in(DIRECTOR)
    page = director.page
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(director.base_url + "/", timeout=10_000)
    director.check()
    _sign_out(director)

    director.sign_in(DIRECTOR)
    page = _give_code(director, codes[0])
    assert page.url.rstrip("/") == director.base_url
    _sign_out(director)

    director.sign_in(DIRECTOR)
    page = _give_code(director, codes[0])
    expect(page.locator(".govuk-error-message")).to_contain_text("has been used already")
    _sign_out(director)

    page = ceo.goto(f"{reverse('audit:events')}?person={DIRECTOR}&kind=sign_in")
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text(DIRECTOR)
    assert rows.count() >= 4
    page = ceo.goto(f"{reverse('audit:events')}?person={GOVERNOR}&kind=refused")
    expect(page.locator("tbody tr").first).to_contain_text(other_url)
    page = ceo.goto(f"{reverse('audit:events')}?person={DIRECTOR}&kind=second_factor_failed")
    expect(page.locator("tbody tr").first).to_contain_text("Recovery code refused")

    # The director has lost the phone: the CEO resets the second factor from the person's page.
    page = ceo.goto(reverse("people:detail", kwargs={"person_id": director_user.pk}))
    page.get_by_role("button", name="Reset two-factor sign-in for").click()
    ceo.check()
    page.get_by_label("Your password").fill(DEMO_PASSWORD)  # the CEO confirms it is them
    page = _click(ceo, "Reset two-factor sign-in")
    expect(page.get_by_text("two-factor sign-in has been reset")).to_be_visible()
    page = ceo.goto(f"{reverse('audit:events')}?kind=second_factor_reset")
    expect(page.locator("tbody tr").first).to_contain_text(DIRECTOR)
    director.sign_in(DIRECTOR)
    assert "/accounts/two-factor/set-up/" in director.page.url
