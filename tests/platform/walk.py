"""Walking the found forms (tests/platform/hostile.py) with hostile input, through the real views.

Each submission runs in a savepoint rolled back afterwards, so what one accepts never reaches the
next. What is checked for each one:

- never a 5xx (nor an exception);
- nothing sent comes back unescaped, in the answer or in the page a redirect leads to, and a
  redirect never leaves the site;
- refused (4xx): the database is as it was; a refused form (400 or 422) says why next to a field;
- accepted (2xx, 3xx): nothing of the other trust changed, no row points at objects of two trusts,
  nobody became platform staff.
"""

from __future__ import annotations

import copy
import json
import os
import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tests.conftest import World
from tests.matrix import Case
from tests.platform import hostile as h

# How many times each field is given a generated value (hypothesis examples per form).
EXAMPLES = 2
FIELDS_PER_FORM = 8
ERROR_CLASSES = ("govuk-error-message", "govuk-error-summary")


@dataclass
class Tally:
    forms: int = 0
    fields_found: int = 0  # every named field of every form (a group of boxes counts once)
    fields: int = 0  # those walked: one per shape, FIELDS_PER_FORM at most per form
    submissions: int = 0
    accepted: int = 0
    refused: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "forms": self.forms,
            "fields_found": self.fields_found,
            "fields": self.fields,
            "submissions": self.submissions,
            "accepted": self.accepted,
            "refused": self.refused,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }


@dataclass
class Walker:
    world: World
    matrix: dict[str, Case]
    tally: Tally = field(default_factory=Tally)
    clients: dict[str, Client] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.other = self.world.other_trust.pk
        self.fingerprint_sql = h.fingerprint_sql()
        self.crossed_sql = h.crossed_trusts_sql()
        self.ids = h.TenantIds.load(self.world.trust.pk, self.other)
        self.other_ids = sorted({pk for pks in self.ids.theirs.values() for pk in pks})
        self.crossed_before = h.crossed_trusts(self.crossed_sql)

    # --- one submission ---------------------------------------------------------------------------

    def client(self, actor: str) -> Client:
        if actor not in self.clients:
            self.clients[actor] = h.client_for(self.world, actor)
        return self.clients[actor]

    def submit(
        self,
        form: h.FoundForm,
        pairs: h.Pairs,
        what: str,
        path: Callable[[], str] | None = None,
        must_refuse: bool = False,
    ) -> None:
        client = self.client(form.actor)
        cookies = copy.deepcopy(client.cookies)
        where = f"{form.label()}: {what}"
        atomic = transaction.atomic()
        atomic._from_testcase = True  # services' durable blocks nest in it, as in a TestCase
        with atomic:
            try:
                target = path() if path else form.action
                before = h.fingerprint(self.fingerprint_sql, self.other)
                response = client.post(
                    target, h.encode(pairs), content_type="application/x-www-form-urlencoded"
                )
                follow = any(p in v for _, v in pairs for p in h.PAYLOADS[:4])
                self._check(client, response, before, where, must_refuse, follow)
            except Exception as error:  # a 500 in production
                self.tally.problems.append(f"{where}: raised {type(error).__name__}: {error}"[:500])
            finally:
                transaction.set_rollback(True)
        client.cookies = cookies  # a sign-out is rolled back with the session's row
        self.tally.submissions += 1

    def _check(
        self,
        client: Client,
        response: HttpResponseBase,
        before: dict[str, tuple[int, int]],
        where: str,
        must_refuse: bool,
        follow: bool,
    ) -> None:
        status = response.status_code
        self.tally.statuses[status] += 1
        self._unescaped(response, where)
        if status >= 500:
            self.tally.problems.append(f"{where}: answered {status}")
        elif status >= 400:
            self.tally.refused += 1
            self._unchanged(before, where)
            if status in (400, 422) and not _says_why(_body(response)):
                self.tally.problems.append(f"{where}: refused ({status}) with no message")
        else:
            self.tally.accepted += 1
            if must_refuse:
                self.tally.problems.append(f"{where}: accepted ({status})")
            if status < 300 and "govuk-error-message" in _body(response):
                self.tally.problems.append(f"{where}: refused with {status}, not a 4xx")
            self._kept_apart(before, where)
            if 300 <= status < 400:
                self._redirect(client, response, where, follow)

    def _unescaped(self, response: HttpResponseBase, where: str) -> None:
        body = _body(response)
        for marker in h.UNESCAPED:
            if marker in body:
                self.tally.problems.append(f"{where}: {marker!r} came back unescaped")
        if "hostile" in response.cookies:  # a header split by a line break sent in a field
            self.tally.problems.append(f"{where}: set a cookie it was sent")

    def _unchanged(self, before: dict[str, tuple[int, int]], where: str) -> None:
        after = h.fingerprint(self.fingerprint_sql, self.other)
        changed = sorted(k for k in after if after[k] != before.get(k))
        if changed:
            self.tally.problems.append(f"{where}: refused but wrote to {changed}")

    def _kept_apart(self, before: dict[str, tuple[int, int]], where: str) -> None:
        after = h.fingerprint(self.fingerprint_sql, self.other)
        changed = sorted(
            k for k in after if (k == "staff" or k.startswith("other:")) and after[k] != before[k]
        )
        if changed:
            self.tally.problems.append(f"{where}: changed {changed}")
        crossed = h.crossed_trusts(self.crossed_sql)
        if crossed != self.crossed_before:
            self.tally.problems.append(f"{where}: rows across two trusts {crossed}")

    def _redirect(
        self, client: Client, response: HttpResponseBase, where: str, follow: bool
    ) -> None:
        """A redirect stays on the site; when script was sent, the page it leads to shows it as
        text."""
        location = urlsplit(response["Location"])
        if location.netloc not in ("", "testserver") or location.scheme not in ("", "http"):
            self.tally.problems.append(f"{where}: sent away to {response['Location']!r}")
            return
        if not follow or not location.path.startswith("/"):
            return
        followed = client.get(response["Location"])
        if followed.status_code >= 500:
            self.tally.problems.append(f"{where}: the next page answered {followed.status_code}")
        self._unescaped(followed, f"{where} (next page)")

    # --- one form ---------------------------------------------------------------------------------

    def walk(self, form: h.FoundForm) -> None:
        self.tally.forms += 1
        base = h.baseline(form)
        self.submit(form, base, "as it stands")
        self._other_trusts_url(form, base)
        targets = _targets(form)
        self.tally.fields += len(targets)
        self.tally.fields_found += len({f.name for f in form.fields})
        offered = {f.name for f in form.fields}
        mass = [n for n in h.MASS_ASSIGNED_IDS if n not in offered]
        flags = {n: v for n, v in h.MASS_ASSIGNED_FLAGS.items() if n not in offered}
        examples: list[None] = []

        @seed(zlib.crc32(form.label().encode()))  # each form its own values, the same every run
        @settings(
            database=None,
            max_examples=EXAMPLES,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(data=st.data())
        def run(data: st.DataObject) -> None:
            for name, kinds in targets.items():
                for kind in kinds:
                    self._one_field(form, base, name, kind, data)
            extras = [(n, data.draw(h.other_trust_id(self.other_ids))) for n in mass]
            if not examples:  # fields it does not offer: once per form
                self.submit(form, [*base, *extras, *flags.items()], "fields it does not offer")
            examples.append(None)

        run()

    def _one_field(
        self, form: h.FoundForm, base: h.Pairs, name: str, kind: str, data: st.DataObject
    ) -> None:
        if kind == "date":
            day, month, year = data.draw(h.hostile_date(), label=name)
            pairs = base
            for suffix, value in zip(h.DATE_PARTS, (day, month, year), strict=True):
                pairs = h.replace(pairs, f"{name}{suffix}", value)
            self.submit(form, pairs, f"{name} = {day!r}/{month!r}/{year!r}"[:200])
            return
        strategy = {
            "text": h.hostile_text(),
            "text_or_number": st.one_of(h.hostile_text(), h.hostile_number()),
            "single_date": h.hostile_single_date(),
            # another trust's object first: the first example of each form draws one for every list
            "choice": st.one_of(h.other_trust_id(self._theirs(form, name)), h.hostile_choice()),
        }[kind]
        value = data.draw(strategy, label=f"{name} ({kind})")
        shown = (
            f"{len(value)} characters ending {value[-40:]!r}" if len(value) > 60 else repr(value)
        )
        self.submit(form, h.replace(base, name, value), f"{name} = {shown}")

    def _theirs(self, form: h.FoundForm, name: str) -> list[int]:
        """The other trust's ids for a list, a group of boxes or a hidden id: all their options."""
        group = [f for f in form.fields if f.name == name]
        options = tuple(o for f in group for o in (*f.options, f.value or ""))
        return self.ids.for_field(h.Field(name, group[0].kind, None, options))

    def _other_trusts_url(self, form: h.FoundForm, base: h.Pairs) -> None:
        """The form posted to the same URL with the other trust's object in it: refused, 404."""
        case = self.matrix.get(form.action_name)
        if not form.action_kwargs or case is None or case.kwargs is None:
            return

        def path() -> str:
            assert case.kwargs is not None
            return reverse(form.action_name, kwargs=case.kwargs(self.world, "other"))

        self.submit(form, base, "another trust's object in the URL", path=path, must_refuse=True)

    def report(self, part: str, fieldless: list[str]) -> None:
        """This part's figures in var/hostile-input-report.<part>.json, and every part's with
        their sum in var/hostile-input-report.json (written whole, then moved into place, as the
        parts finish in processes of their own)."""
        var = Path(__file__).resolve().parents[2] / "var"
        var.mkdir(exist_ok=True)
        figures = {**self.tally.as_dict(), "post_only_urls_no_page_offers_a_form_for": fieldless}
        (var / f"hostile-input-report.{part}.json").write_text(json.dumps(figures))
        parts = {
            p.name.split(".")[1]: json.loads(p.read_text())
            for p in sorted(var.glob("hostile-input-report.*.json"))
        }
        total = {
            key: sum(int(figures.get(key, 0)) for figures in parts.values())
            for key in ("forms", "fields_found", "fields", "submissions", "accepted", "refused")
        }
        written = var / f"hostile-input-report.json.{os.getpid()}"
        written.write_text(json.dumps({"total": total, "parts": parts}, indent=2) + "\n")
        os.replace(written, var / "hostile-input-report.json")


def _body(response: HttpResponseBase) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
    return response.content.decode(errors="replace")  # type: ignore[attr-defined]


def _says_why(body: str) -> bool:
    """A refused page shows the error next to a field (or in the summary above the form); the
    answer to an autosave is the page's status line alone, its words the message."""
    if "<html" not in body:
        return bool(re.sub(r"<[^>]*>", "", body).strip())
    return any(c in body for c in ERROR_CLASSES)


def _shape(name: str) -> str:
    """Repeated rows share a shape (rows-0-what, rows-1-what; y1_all_pupils, y2_all_pupils): one
    of each is walked."""
    return re.sub(r"\d+", "#", name)


def _targets(form: h.FoundForm) -> dict[str, list[str]]:
    """The fields to walk, one per shape, with the kinds of value each is given: at most
    FIELDS_PER_FORM, spread evenly over the form (the data returns have 150 boxes of one kind)."""
    targets = _shapes(form)
    if len(targets) <= FIELDS_PER_FORM:
        return targets
    names = list(targets)
    step = len(names) / FIELDS_PER_FORM
    return {names[int(i * step)]: targets[names[int(i * step)]] for i in range(FIELDS_PER_FORM)}


def _shapes(form: h.FoundForm) -> dict[str, list[str]]:
    targets: dict[str, list[str]] = {}
    shapes: set[str] = set()
    for f in form.fields:
        name, kinds = _kinds(f)
        if not kinds or name in targets or _shape(name) in shapes:
            continue
        shapes.add(_shape(name))
        targets[name] = kinds
    return targets


def _kinds(f: h.Field) -> tuple[str, list[str]]:
    for suffix in h.DATE_PARTS:
        if f.name.endswith(suffix):
            return f.name.removesuffix(suffix), ["date"]
    if f.kind == "file":
        return f.name, []  # another part of the suite checks files
    if f.kind in {"select", "radio", "checkbox", "submit"}:
        return f.name, ["choice"]
    if f.kind == "hidden":
        numeric = (f.value or "").isdigit()
        return f.name, ["choice"] if numeric else ["text"]
    if f.kind == "date":
        return f.name, ["single_date"]
    if f.kind in {"textarea", "email", "url", "password"}:
        return f.name, ["text"]
    return f.name, ["text_or_number"]
