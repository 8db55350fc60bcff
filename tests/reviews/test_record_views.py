"""The record's pages: the review's page for each reader, writing and autosaving the record (a
stale save is refused with what was typed kept and the other person's words shown), strengths and
challenges, the workflow's buttons, the head's pages, and the history."""

import json
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.roles import Role
from reviews.models import AreaRecord, Review, Strength
from reviews.selectors import record as selectors
from reviews.services import record as services
from tests.conftest import World
from tests.platform.world import build_full_world
from tests.reviews.world import RESTRICTED_WORDS, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_full_world()


@pytest.fixture
def unscoped() -> Iterator[None]:
    with scopes_disabled():
        yield


def _review(world: World) -> Review:
    assert world.review is not None
    with scopes_disabled():
        return Review.objects.get(pk=world.review.pk)


def _url(name: str, world: World, *args: int) -> str:
    return reverse(f"reviews:{name}", args=[_review(world).pk, *args])


def _share(world: World) -> Review:
    with scopes_disabled():
        review = services.review_send_for_check(
            review=_review(world), acting_user=world.person(Role.QA_DIRECTOR)
        )
        review = services.review_check(review=review, acting_user=world.person(Role.CPD_LEAD))
        return services.review_share(
            review=review, acting_user=world.person(Role.CEO), listeners=False
        )


def _form(client: Client, world: World) -> dict[str, str]:
    """The record form as the page shows it (hidden fields and every field's value)."""
    page = client.get(_url("record", world))
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }
    return data


# --- the review's page --------------------------------------------------------------------------


def test_the_team_reads_the_draft_with_its_restricted_notes_and_buttons(world: World) -> None:
    page = client_for(world.person(Role.CPD_LEAD)).get(_url("detail", world))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Partnership review, 2026/27" in body
    assert RESTRICTED_WORDS in body
    assert "Reading for pleasure across the school" in body and "Curriculum and teaching" in body
    assert "Raise attendance of disadvantaged pupils" in body
    assert "Director of QA (leads the review)" in body
    assert "Send for checking" in body and "Write the record" in body
    assert "Share with the head teacher" not in body  # the CPD lead does not plan it


def test_a_governor_reads_the_shared_review_without_restricted_notes(world: World) -> None:
    governor = client_for(world.person(Role.GOVERNOR))
    assert governor.get(_url("detail", world)).status_code == 404  # not before sharing
    _share(world)
    page = governor.get(_url("detail", world))
    body = page.content.decode()
    assert page.status_code == 200
    assert RESTRICTED_WORDS not in body
    assert "Business and operations: staffing" not in body
    assert "Business and operations: finance" in body
    assert "Acknowledge the review" not in body and "Write the record" not in body
    history = governor.get(_url("history", world)).content.decode()
    assert RESTRICTED_WORDS not in history
    # The head reads the restricted notes and acknowledges.
    head = client_for(world.person(Role.HEAD_TEACHER)).get(_url("detail", world)).content.decode()
    assert RESTRICTED_WORDS in head and "Acknowledge the review" in head


def test_the_shared_review_is_read_only(world: World) -> None:
    _share(world)
    client = client_for(world.person(Role.QA_DIRECTOR))
    body = client.get(_url("detail", world)).content.decode()
    assert "its record is locked" in body and "Write the record" not in body
    response = client.get(_url("record", world))
    assert response.status_code == 302 and response["Location"] == _url("detail", world)
    saved = client.post(_url("record_autosave", world), {"version": "9", "trust_impact": "x"})
    assert saved.status_code == 409
    assert client.get(_url("strength_add", world)).status_code == 302
    assert _review(world).trust_impact == ""


# --- writing ------------------------------------------------------------------------------------


def test_writing_the_record_saves_every_area(world: World) -> None:
    client = client_for(world.person(Role.CPD_LEAD))
    data = _form(client, world)
    data.update(
        curriculum_judgement="strong",
        curriculum_notes="Phonics teaching is consistent.",
        trust_impact="The trust's English lead trained every teacher.",
        action="done",
    )
    response = client.post(_url("record", world), data)
    assert response.status_code == 302 and response["Location"] == _url("detail", world)
    review = _review(world)
    assert review.trust_impact == "The trust's English lead trained every teacher."
    with scopes_disabled():
        record = AreaRecord.objects.get(review=review, key="curriculum")
    assert (record.judgement, record.notes) == ("strong", "Phonics teaching is consistent.")
    assert review.version == int(data["version"]) + 1


def test_bad_input_is_refused_next_to_the_field_and_nothing_is_written(world: World) -> None:
    client = client_for(world.person(Role.QA_DIRECTOR))
    data = _form(client, world)
    data.update(
        curriculum_judgement="<b>brilliant</b>",
        inclusion_notes="x" * 20_001,
        trust_impact="Typed words stay.",
        version="1e309",
    )
    response = client.post(_url("record", world), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose a judgement from the list." in body
    assert "Typed words stay." in body
    assert _review(world).trust_impact == ""


def test_a_stale_save_keeps_what_was_typed_and_shows_what_changed(world: World) -> None:
    lead = client_for(world.person(Role.QA_DIRECTOR))
    cpd = client_for(world.person(Role.CPD_LEAD))
    lead_form, cpd_form = _form(lead, world), _form(cpd, world)
    lead_form["curriculum_notes"] = "The lead's evidence."
    assert lead.post(_url("record", world), lead_form).status_code == 302
    cpd_form["curriculum_notes"] = "The CPD lead's evidence."
    response = cpd.post(_url("record", world), cpd_form)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed the same parts of the record" in body
    assert "The CPD lead&#x27;s evidence." in body  # what they typed, kept in the form
    assert "Saved now by someone else:<p>The lead&#x27;s evidence.</p>" in body
    with scopes_disabled():
        assert AreaRecord.objects.get(review=_review(world), key="curriculum").notes == (
            "The lead's evidence."
        )
    # The page now carries the current fingerprints: saving again keeps the CPD lead's words.
    form = response.context["form"]
    again = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }
    assert cpd.post(_url("record", world), again).status_code == 302
    with scopes_disabled():
        assert AreaRecord.objects.get(review=_review(world), key="curriculum").notes == (
            "The CPD lead's evidence."
        )


def test_autosave_saves_answers_the_new_version_and_refuses_a_conflict(world: World) -> None:
    lead = client_for(world.person(Role.QA_DIRECTOR))
    cpd = client_for(world.person(Role.CPD_LEAD))
    lead_form, cpd_form = _form(lead, world), _form(cpd, world)
    original = cpd_form["inclusion_notes"]
    lead_form["inclusion_notes"] = "Typed by the lead."
    saved = lead.post(_url("record_autosave", world), lead_form)
    assert saved.status_code == 200
    text = saved.content.decode()
    assert "Draft saved at" in text
    version = _review(world).version
    assert f'value="{version}" id="id_version" hx-swap-oob="true"' in text
    base = json.loads(
        re.search(r'name="base" value="([^"]*)"', text).group(1).replace("&quot;", '"')
    )  # type: ignore[union-attr]
    assert base["inclusion_notes"] == selectors.token("Typed by the lead.")
    # The CPD lead, on an older page, types in the same area: refused, 409, nothing written.
    cpd_form["inclusion_notes"] = "Typed by the CPD lead."
    refused = cpd.post(_url("record_autosave", world), cpd_form)
    assert refused.status_code == 409
    assert "someone else changed Inclusion (evidence)" in refused.content.decode()
    # ... and in another area, the lead's area as they saw it: saved, the lead's words kept.
    cpd_form["inclusion_notes"] = original
    cpd_form["achievement_notes"] = "Typed by the CPD lead."
    assert cpd.post(_url("record_autosave", world), cpd_form).status_code == 200
    with scopes_disabled():
        notes = dict(AreaRecord.objects.filter(review=_review(world)).values_list("key", "notes"))
    assert notes["inclusion"] == "Typed by the lead."
    assert notes["achievement"] == "Typed by the CPD lead."


def test_a_strength_with_a_forged_contact_is_refused(world: World) -> None:
    client = client_for(world.person(Role.QA_DIRECTOR))
    assert world.other_ceo is not None
    page = client.get(_url("strength_add", world))
    version = page.context["form"]["version"].value()
    data = {
        "version": version,
        "title": "Outdoor learning",
        "theme": "curriculum",
        "contact": str(world.other_ceo.pk),
    }
    response = client.post(_url("strength_add", world), data)
    assert response.status_code == 400
    assert "Choose a person of the trust from the list." in response.content.decode()
    with scopes_disabled():
        assert not Strength.objects.filter(title="Outdoor learning").exists()
    data["contact"] = str(world.person(Role.HEAD_TEACHER).pk)
    assert client.post(_url("strength_add", world), data).status_code == 302
    with scopes_disabled():
        added = Strength.objects.get(title="Outdoor learning")
    assert added.contact == world.person(Role.HEAD_TEACHER)


def test_a_strength_changed_meanwhile_keeps_the_typed_words(world: World) -> None:
    with scopes_disabled():
        strength = Strength.objects.get(review=_review(world))
    lead = client_for(world.person(Role.QA_DIRECTOR))
    cpd = client_for(world.person(Role.CPD_LEAD))
    url = _url("strength_edit", world, strength.pk)

    def opened(client: Client) -> dict[str, str]:
        form = client.get(url).context["form"]
        return {n: "" if form[n].value() is None else str(form[n].value()) for n in form.fields}

    first, second = opened(lead), opened(cpd)
    first["title"] = "Reading for pleasure in every class"
    assert lead.post(url, first).status_code == 302
    second["title"] = "A typed title"
    response = cpd.post(url, second)
    assert response.status_code == 409
    body = response.content.decode()
    assert "A typed title" in body and "Reading for pleasure in every class" in body


def test_a_challenge_is_added_and_removed(world: World) -> None:
    client = client_for(world.person(Role.CPD_LEAD))
    version = client.get(_url("challenge_add", world)).context["form"]["version"].value()
    response = client.post(
        _url("challenge_add", world), {"version": version, "title": "Improve writing in KS2"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        challenge = _review(world).challenges.get(title="Improve writing in KS2")
    form = client.get(_url("challenge_edit", world, challenge.pk)).context["form"]
    removed = client.post(
        _url("challenge_remove", world, challenge.pk),
        {"version": form["version"].value(), "base": form["base"].value()},
    )
    assert removed.status_code == 302
    with scopes_disabled():
        assert not _review(world).challenges.filter(pk=challenge.pk).exists()


# --- the workflow's buttons ---------------------------------------------------------------------


def test_the_workflow_from_draft_to_acknowledged_through_the_pages(world: World) -> None:
    lead = client_for(world.person(Role.QA_DIRECTOR))
    cpd = client_for(world.person(Role.CPD_LEAD))
    head = client_for(world.person(Role.HEAD_TEACHER))

    def version() -> str:
        return str(_review(world).version)

    assert lead.post(_url("send_for_check", world), {"version": version()}).status_code == 302
    page = lead.get(_url("detail", world)).content.decode()
    assert "Mark as checked" not in page  # the sender does not check
    stale = str(int(version()) - 1)
    refused = cpd.post(_url("check", world), {"version": stale, "action": "check"})
    assert refused.status_code == 409
    assert "Someone else changed this review" in refused.content.decode()
    assert (
        cpd.post(_url("check", world), {"version": version(), "action": "check"}).status_code == 302
    )
    assert lead.post(_url("share", world), {"version": version()}).status_code == 302
    assert _review(world).status == Review.Status.SHARED
    twice = lead.post(_url("share", world), {"version": version()})
    assert twice.status_code == 409
    assert "can no longer be shared" in twice.content.decode()
    assert head.post(_url("acknowledge", world), {"version": version()}).status_code == 302
    review = _review(world)
    assert review.status == Review.Status.ACKNOWLEDGED
    today = timezone.localdate()
    dates = {"version": version()}
    for name in ("staff", "children", "governors"):
        dates |= {
            f"shared_with_{name}_on_day": str(today.day),
            f"shared_with_{name}_on_month": str(today.month),
            f"shared_with_{name}_on_year": str(today.year + 1),
        }
    response = head.post(_url("shared_with", world), dates)
    assert response.status_code == 400
    assert "must be today or earlier" in response.content.decode()


def test_a_record_not_complete_is_refused_with_what_it_lacks(world: World) -> None:
    with scopes_disabled():
        Strength.objects.filter(review=_review(world)).delete()
    lead = client_for(world.person(Role.QA_DIRECTOR))
    page = lead.get(_url("detail", world)).content.decode()
    assert "at least one strength" in page
    response = lead.post(_url("send_for_check", world), {"version": _review(world).version})
    assert response.status_code == 400
    assert "It still needs: at least one strength." in response.content.decode()


def test_sending_back_shows_the_note_to_the_team(world: World) -> None:
    lead = client_for(world.person(Role.QA_DIRECTOR))
    cpd = client_for(world.person(Role.CPD_LEAD))
    lead.post(_url("send_for_check", world), {"version": _review(world).version})
    empty = cpd.post(
        _url("check", world), {"version": _review(world).version, "action": "send_back"}
    )
    assert empty.status_code == 400
    cpd.post(
        _url("check", world),
        {"version": _review(world).version, "action": "send_back", "note": "Say more on SEND."},
    )
    assert _review(world).status == Review.Status.DRAFT
    assert (
        "Sent back to draft: Say more on SEND." in lead.get(_url("detail", world)).content.decode()
    )


# --- history ------------------------------------------------------------------------------------


def test_the_history_says_who_changed_what_from_what_to_what(world: World) -> None:
    client = client_for(world.person(Role.QA_DIRECTOR))
    data = _form(client, world)
    data.update(curriculum_judgement="strong", staffing_notes="A new staffing plan")
    client.post(_url("record", world), data)
    _share(world)
    body = client.get(_url("history", world)).content.decode()
    lead = world.person(Role.QA_DIRECTOR).full_name
    assert lead in body
    assert "Judgement: Expected standard → Strong standard" in body
    assert "Evidence: Staffing restructure of the office team → A new staffing plan" in body
    assert "Status: Checked, ready to share → Shared with the head" in body
    governor = client_for(world.person(Role.GOVERNOR)).get(_url("history", world)).content.decode()
    assert "A new staffing plan" not in governor and selectors.RESTRICTED_WORDS in governor
    assert "Strong standard" in governor


# --- the home page ------------------------------------------------------------------------------


def test_the_home_page_lists_the_reviews_waiting_for_the_person(world: World) -> None:
    home = reverse("home")
    cpd = client_for(world.person(Role.CPD_LEAD))
    assert "Partnership reviews waiting for you" not in cpd.get(home).content.decode()
    with scopes_disabled():
        services.review_send_for_check(
            review=_review(world), acting_user=world.person(Role.QA_DIRECTOR)
        )
    body = cpd.get(home).content.decode()
    assert "Partnership reviews waiting for you" in body
    assert "check it as the second reviewer" in body and _url("detail", world) in body
    lead = client_for(world.person(Role.QA_DIRECTOR)).get(home).content.decode()
    assert "check it as the second reviewer" not in lead  # the sender does not check
    _share_after_check(world)
    head = client_for(world.person(Role.HEAD_TEACHER)).get(home).content.decode()
    assert "acknowledge it" in head
    governor = client_for(world.person(Role.GOVERNOR)).get(home).content.decode()
    assert "Partnership reviews waiting for you" not in governor


def _share_after_check(world: World) -> None:
    with scopes_disabled():
        review = services.review_check(
            review=_review(world), acting_user=world.person(Role.CPD_LEAD)
        )
        services.review_share(review=review, acting_user=world.person(Role.CEO), listeners=False)


# --- odd input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["", "-1", "1e309", "NaN", "<b>1</b>", "9" * 40])
def test_odd_versions_are_refused_without_failing(world: World, version: str) -> None:
    client = client_for(world.person(Role.QA_DIRECTOR))
    for name in ("send_for_check", "share", "check"):
        response = client.post(_url(name, world), {"version": version, "action": "check"})
        assert response.status_code == 400, name
    autosave = client.post(_url("record_autosave", world), {"version": version})
    assert autosave.status_code == 400
    assert _review(world).status == Review.Status.DRAFT


def test_huge_and_foreign_ids_are_404(world: World) -> None:
    client = client_for(world.person(Role.CEO))
    assert world.other_review is not None
    assert client.get(reverse("reviews:detail", args=[world.other_review.pk])).status_code == 404
    assert client.get(f"/reviews/{'9' * 30}/").status_code == 404
    with scopes_disabled():
        foreign = Strength.objects.create(
            trust=world.other_trust, review=world.other_review, title="Theirs", theme="curriculum"
        )
    url = reverse("reviews:strength_edit", args=[_review(world).pk, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"/reviews/{_review(world).pk}/strengths/{'9' * 30}/").status_code == 404


def test_the_pages_run_a_fixed_number_of_queries(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.person(Role.QA_DIRECTOR))

    def count(name: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(name, world)).status_code == 200
        return len(ctx.captured_queries)

    before = {name: count(name) for name in ("detail", "history")}
    data = _form(client, world)
    with scopes_disabled():
        for number in range(5):
            Strength.objects.create(
                trust=world.trust, review=_review(world), title=f"More {number}", theme="curriculum"
            )
    for area in ("curriculum", "inclusion", "achievement"):
        data[f"{area}_notes"] = f"New words on {area}."
        data["version"] = str(_review(world).version)
        data["base"] = ""
        assert client.post(_url("record", world), data).status_code == 302
    assert {name: count(name) for name in ("detail", "history")} == before


@pytest.mark.parametrize("base", ["<b>x</b>", "[1, 2]", "{" * 300, "null", '{"trust_impact": 5}'])
def test_a_forged_fingerprint_field_never_fails(world: World, base: str) -> None:
    client = client_for(world.person(Role.CPD_LEAD))
    data = _form(client, world) | {"base": base, "trust_impact": "Typed."}
    saved = client.post(_url("record_autosave", world), data)
    if base.startswith('{"'):
        # A fingerprint that matches nothing saved: someone else's change, as far as the save
        # can tell; refused rather than written over.
        assert saved.status_code == 409
        assert _review(world).trust_impact == ""
        return
    assert saved.status_code == 200
    assert _review(world).trust_impact == "Typed."
    # An older version with no usable fingerprint: refused, never overwritten blindly.
    data |= {"version": str(_review(world).version - 1), "trust_impact": "Blind."}
    response = client.post(_url("record", world), data)
    assert response.status_code == 409
    assert _review(world).trust_impact == "Typed."
