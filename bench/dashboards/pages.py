"""The pages the dashboards' benchmark drives, in one place: extend `PAGES` as pages land.

Each page is (who, label, URL name, the built trust's ids it needs). The runner resolves each URL
name with `reverse`; a page whose name does not resolve yet (its part is not merged) is listed as
missing in RESULTS.json and left out of the load, so the harness runs before and after.

`BOARD_PACK` names the function that makes the trust-board pack (module:function). It is called as
`function(trust=<Trust>, on=<date>)` inside the trust's scope and returns the PDF's bytes; until the
cycle app's was named, a stand-in rendered the current risk meeting's pack for every school of
the trust (still here, `risk_pack_stand_in`, for comparison). Set it with `--board-pack` or BENCH_BOARD_PACK.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

TRUSTEE, CEO, DIRECTOR, GOVERNOR, HEAD = (
    "Trustee",
    "CEO",
    "Director of QA",
    "Governor",
    "Head teacher",
)


@dataclass(frozen=True)
class Page:
    who: str  # a key of Built.sign_ins
    label: str  # the name in RESULTS.json and in the load tool's statistics
    url_name: str
    kwargs: tuple[tuple[str, str], ...] = ()  # (URL argument, Built attribute)


PAGES: list[Page] = [
    # The dashboards (issue 13, the agreed URL names).
    Page(TRUSTEE, "trust dashboard (trustee)", "dashboards:trust"),
    Page(CEO, "trust dashboard (CEO)", "dashboards:trust"),
    Page(
        DIRECTOR,
        "cluster dashboard (Director of QA)",
        "dashboards:cluster",
        (("cluster_id", "cluster_id"),),
    ),
    Page(
        GOVERNOR,
        "cluster dashboard (governor)",
        "dashboards:cluster",
        (("cluster_id", "cluster_id"),),
    ),
    Page(HEAD, "school on a page (head)", "dashboards:school", (("school_id", "school_id"),)),
    Page(
        GOVERNOR, "school on a page (governor)", "dashboards:school", (("school_id", "school_id"),)
    ),
    Page(
        DIRECTOR,
        "school on a page (Director of QA)",
        "dashboards:school",
        (("school_id", "school_id"),),
    ),
    Page(DIRECTOR, "meetings of the cycle (Director of QA)", "cycle:list"),
    # Pages that exist today: the harness is proven end to end on them.
    Page(TRUSTEE, "home (trustee)", "home"),
    Page(CEO, "schools list (CEO)", "schools:list"),
    Page(DIRECTOR, "school page (Director of QA)", "schools:detail", (("school_id", "school_id"),)),
    Page(HEAD, "school page (head)", "schools:detail", (("school_id", "school_id"),)),
    Page(GOVERNOR, "action plan (governor)", "isap:plan", (("plan_id", "plan_id"),)),
    Page(CEO, "risk growth (CEO)", "risk:growth"),
]

BOARD_PACK = "bench.dashboards.pages:board_pack"


def board_pack(*, trust: Any, on: dt.date) -> bytes:
    """The trust board's pack (the cycle app's, as its worker makes it): the agenda, each hub's
    summary and the trust dashboard read as the CEO, with the data as of `on`. A board meeting is
    added to the trust for it if it has none."""
    from cycle.models import CycleMeeting, Kind
    from cycle.services.pack import pack_render
    from fht.models import User
    from people.models import RoleAssignment

    ceo = User.objects.get(
        pk=RoleAssignment.objects.filter(trust=trust, role="ceo").values("person_id")[:1]
    )
    meeting = CycleMeeting.objects.filter(trust=trust, kind=Kind.BOARD).first()
    if meeting is None:
        meeting = CycleMeeting.objects.create(
            trust=trust, kind=Kind.BOARD, title="Trust board", held_on=on + dt.timedelta(days=7)
        )
    return pack_render(meeting=meeting, data_date=on, maker=ceo)


def risk_pack_stand_in(*, trust: Any, on: dt.date) -> bytes:
    """Until the board pack exists: the current risk meeting's pack (every school's evidence)."""
    from risk.models import Meeting
    from risk.services.meetings_pdf import document_render

    meeting = (
        Meeting.objects.select_related("trust", "half_term")
        .filter(trust=trust, half_term__starts_on__lte=on)
        .order_by("-half_term__starts_on")
        .first()
    )
    assert meeting is not None, "the trust has no risk meeting"
    return document_render(meeting=meeting, document="pack", edition="standard")
