"""The letters: made by the job from the case's record on the trust's letterhead; the letter to
the LGB holds the head teacher's performance-management implications only in its restricted
edition, which only those who read that restricted text may download."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from fht.models import Job
from fht.roles import Role
from risk.models import ConcernCase, ConcernLetter
from risk.services.concern import concern_isap_link, concern_letter_text_set, concern_step_record
from risk.services.concern_letters import concern_letter_render, concern_letter_request
from tests.conftest import World
from tests.pdf import pdf_text
from tests.risk.concern_world import concern_priority, open_case

pytestmark = pytest.mark.django_db

PM = "The head's appraisal objectives will be reviewed by the chair."


def _case(world: World, level: int) -> ConcernCase:
    case = open_case(world.s1, level=level)
    with scopes_disabled():
        concern_letter_text_set(
            case=case,
            issues="Phonics outcomes below national for two years.",
            actions_to_follow="An interim executive head may be appointed.",
            performance_management=PM,
            version=case.version,
            acting_user=world.person(Role.CEO),
        )
    return case


def _make(world: World, case: ConcernCase, kind: str) -> ConcernLetter:
    with scopes_disabled():
        job = concern_letter_request(case=case, kind=kind, acting_user=world.person(Role.CEO))
        assert job.kind == "concern_letter"
        assert concern_letter_render(job).startswith("The letter")
        return ConcernLetter.objects.get(case=case, kind=kind)


def _read(field: object) -> str:
    with field.open("rb") as handle:  # type: ignore[attr-defined]
        return pdf_text(handle.read())


def test_the_chair_letter_holds_the_concerns_and_the_plan_never_the_restricted_text(
    world: World,
) -> None:
    case = _case(world, 2)
    with scopes_disabled():
        concern_isap_link(
            case=case,
            priority=concern_priority(world),
            action=None,
            acting_user=world.person(Role.CEO),
        )
    letter = _make(world, case, "chair")
    text = " ".join(_read(letter.file).split())
    assert "Trust A" in text
    assert "Chair of governors of A" in text  # the school's chair, by name
    assert "Alder Primary is at level 2" in text
    assert "Phonics outcomes below national for two years." in text
    assert "Rapid improvement in early reading" in text
    assert "CEO of A" in text and "Chief Executive Officer" in text
    assert PM not in text and "appraisal" not in text
    assert not letter.restricted_file


def test_the_lgb_letter_restricted_text_only_in_the_restricted_edition(world: World) -> None:
    case = _case(world, 3)
    letter = _make(world, case, "lgb")
    sent = " ".join(_read(letter.file).split())
    restricted = " ".join(_read(letter.restricted_file).split())
    assert "An interim executive head may be appointed." in sent
    assert "dealt with separately and in confidence" in sent
    assert "appraisal" not in sent and "RESTRICTED" not in sent
    assert PM in restricted and "RESTRICTED" in restricted


def test_letters_belong_to_their_level(world: World) -> None:
    case = _case(world, 2)
    with scopes_disabled(), pytest.raises(ValidationError):
        concern_letter_request(case=case, kind="lgb", acting_user=world.person(Role.CEO))
    with scopes_disabled():
        assert not Job.objects.filter(kind="concern_letter").exists()


def test_the_sending_is_recorded_once_the_letter_is_made(world: World) -> None:
    case = _case(world, 2)
    _make(world, case, "chair")
    with scopes_disabled():
        step = concern_step_record(
            case=case,
            kind="chair_letter_sent",
            done_on=timezone.localdate(),
            note="Emailed to the chair.",
            acting_user=world.person(Role.CEO),
        )
    assert step.recorded_by == world.person(Role.CEO)


@pytest.mark.parametrize(
    ("role", "edition", "status"),
    [
        (Role.CEO, "open", 200),
        (Role.CEO, "restricted", 200),
        (Role.QA_DIRECTOR, "restricted", 200),
        (Role.HEAD_TEACHER, "open", 404),
        (Role.CHAIR_OF_GOVERNORS, "open", 404),
        (Role.TRUSTEE, "restricted", 404),
    ],
)
def test_who_downloads_which_edition(world: World, role: Role, edition: str, status: int) -> None:
    case = _case(world, 3)
    _make(world, case, "lgb")
    client = Client()
    client.force_login(world.person(role))
    url = reverse("risk:concern_letter", args=[case.pk, "lgb", edition])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        body = pdf_text(b"".join(response.streaming_content))  # type: ignore[attr-defined]
        assert (PM in " ".join(body.split())) is (edition == "restricted")


def test_the_restricted_edition_needs_the_restricted_permission(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader of the case without the head-performance permission gets the sent edition only."""
    import risk.views.concern.letters as letters_view

    case = _case(world, 3)
    _make(world, case, "lgb")
    monkeypatch.setattr(letters_view, "reads_restricted", lambda access, school_id: False)
    client = Client()
    client.force_login(world.person(Role.QA_DIRECTOR))
    assert (
        client.get(reverse("risk:concern_letter", args=[case.pk, "lgb", "open"])).status_code == 200
    )
    url = reverse("risk:concern_letter", args=[case.pk, "lgb", "restricted"])
    assert client.get(url).status_code == 404


def test_a_letter_not_made_yet_is_a_404_page(world: World) -> None:
    case = _case(world, 2)
    client = Client()
    client.force_login(world.person(Role.CEO))
    response = client.get(reverse("risk:concern_letter", args=[case.pk, "chair", "open"]))
    assert response.status_code == 404
    assert b"not ready yet" in response.content


def test_the_case_page_follows_the_letter_job(world: World) -> None:
    case = _case(world, 2)
    ceo = Client()
    ceo.force_login(world.person(Role.CEO))
    response = ceo.post(reverse("risk:concern_letter_make", args=[case.pk, "chair"]))
    assert response.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(kind="concern_letter")
    page = ceo.get(reverse("risk:concern_case", args=[case.pk])).content.decode()
    assert "Make the concern letter PDF" in page and "Waiting to start" in page
    for role, status in ((Role.QA_DIRECTOR, 200), (Role.HEAD_TEACHER, 404)):
        client = Client()
        client.force_login(world.person(role))
        assert client.get(reverse("job_status", args=[job.pk])).status_code == status
    # A second request while the first waits reuses it.
    ceo.post(reverse("risk:concern_letter_make", args=[case.pk, "chair"]))
    with scopes_disabled():
        assert Job.objects.filter(kind="concern_letter").count() == 1
