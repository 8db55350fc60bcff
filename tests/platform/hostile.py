"""The forms of the product, found by reading its pages (not listed), and what a hostile person could
send them: tests/platform/test_hostile_forms*.py walk them.

Each URL of the permission matrix is opened, as a role allowed in scope 'in', and every
`<form method="post">` on the page whose action is one of our URLs is kept with its fields and their
current values. A form added later is then walked without anyone listing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote_plus, urlsplit

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django_scopes import scopes_disabled
from hypothesis import strategies as st

from fht.models import Trust, User
from fht.roles import Role
from tests.conftest import World
from tests.matrix import Case

# Fields that carry no user input: the CSRF token is never walked.
SKIPPED = {"csrfmiddlewaretoken"}
DATE_PARTS = ("_day", "_month", "_year")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # an input's type, or "select" / "textarea"
    value: str | None  # what the page sends as it stands; None: an unticked box
    options: tuple[str, ...] = ()
    required: bool = False


@dataclass
class FoundForm:
    page: str  # the URL name of the page it was found on
    actor: str  # who opened the page (a role's value, or "anonymous")
    action: str  # the path it posts to
    action_name: str  # that path's URL name
    action_kwargs: dict[str, object]
    fields: list[Field] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return self.action_name, tuple(sorted({f.name for f in self.fields}))

    def label(self) -> str:
        return f"{self.action_name} (on {self.page} as {self.actor})"


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict[str, str], list[Field]]] = []
        self._form: tuple[dict[str, str], list[Field]] | None = None
        self._select: dict[str, object] | None = None
        self._option: dict[str, str] | None = None
        self._textarea: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = (a, [])
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            self._input(a)
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self._add(Field(a["name"], "submit", a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = {"attrs": a, "options": [], "selected": None}
        elif tag == "option" and self._select is not None:
            self._option = a
            self._option.setdefault("_text", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = {**a, "_text": ""}

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        if kind in {"submit", "image"}:
            self._add(Field(a["name"], "submit", a.get("value", "")))
            return
        if kind in {"checkbox", "radio"}:
            value = a.get("value", "on") if "checked" in a else None
            self._add(Field(a["name"], kind, value, (a.get("value", "on"),), "required" in a))
            return
        self._add(Field(a["name"], kind, a.get("value", ""), (), "required" in a))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["_text"] += data
        if self._option is not None:
            self._option["_text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            value = self._option.get("value", self._option["_text"].strip())
            self._select["options"].append(value)  # type: ignore[attr-defined]
            if "selected" in self._option:
                self._select["selected"] = value
            self._option = None
        elif tag == "select" and self._select is not None:
            a: dict[str, str] = self._select["attrs"]  # type: ignore[assignment]
            options: list[str] = self._select["options"]  # type: ignore[assignment]
            selected = self._select["selected"]
            value = selected if selected is not None else (options[0] if options else "")
            self._add(Field(a["name"], "select", str(value), tuple(options), "required" in a))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            t = self._textarea
            text = t["_text"].removeprefix("\n")
            self._add(Field(t["name"], "textarea", text, (), "required" in t))
            self._textarea = None
        elif tag == "form":
            self._form = None

    def _add(self, f: Field) -> None:
        if self._form is not None and f.name not in SKIPPED:
            self._form[1].append(f)


def forms_on(html: str, page_path: str) -> list[tuple[str, list[Field]]]:
    """The POST forms of a page: (the path each posts to, its fields)."""
    parser = _FormParser()
    parser.feed(html)
    found = []
    for attrs, fields in parser.forms:
        if attrs.get("method", "get").lower() != "post":
            continue
        action = urlsplit(attrs.get("action") or page_path)
        if action.netloc:
            continue  # another site's: not ours to walk
        found.append((action.path or page_path, fields))
    return found


def _actors_for(case: Case) -> list[str]:
    """Who opens the page: a visitor for a public page, else the first allowed role in scope 'in'
    (the CEO when the page is theirs, as they hold the most). A second role per page was tried: it
    found one form more for half as much time again."""
    if case.public:
        return ["anonymous"]
    if case.any_member:
        return [Role.CEO.value]
    allowed = sorted(r.value for r in (case.allowed or {}).get("in", set()))
    if not allowed:
        return []
    return [Role.CEO.value] if Role.CEO.value in allowed else allowed[:1]


def client_for(world: World, actor: str) -> Client:
    client = Client()
    if actor != "anonymous":
        client.force_login(world.people[actor])
    return client


def discover(world: World, matrix: dict[str, Case]) -> list[FoundForm]:
    """Every POST form of every page the matrix reaches, once per (action, field names)."""
    found: dict[tuple[str, tuple[str, ...]], FoundForm] = {}
    clients: dict[str, Client] = {}
    for name, case in sorted(matrix.items()):
        if case.method != "get" or name == "logout":
            continue
        path = reverse(name, kwargs=case.kwargs(world, "in") if case.kwargs else None)
        for actor in _actors_for(case):
            client = clients.get(actor) or clients.setdefault(actor, client_for(world, actor))
            for form in _forms_of(client, path, name, actor):
                found.setdefault(form.key, form)
    actions = {form.action_name for form in found.values()}
    for form in _post_only(world, matrix, actions):
        found.setdefault(form.key, form)
    return sorted(found.values(), key=lambda f: f.key)


def _post_only(world: World, matrix: dict[str, Case], actions: set[str]) -> list[FoundForm]:
    """The URLs that take only a POST and that no page of the world offers a form for (a plan
    to sign, a review to share: the world's objects are not at that step): walked with no fields
    of their own, so they get the fields they do not offer and the other trust's URL."""
    forms = []
    for name, case in sorted(matrix.items()):
        actors = _actors_for(case)
        if case.method != "post" or name in actions or not actors or case.public:
            continue
        kwargs = case.kwargs(world, "in") if case.kwargs else {}
        path = reverse(name, kwargs=kwargs or None)
        forms.append(FoundForm("(the matrix)", actors[0], path, name, kwargs, []))
    return forms


def _forms_of(client: Client, path: str, name: str, actor: str) -> list[FoundForm]:
    response = client.get(path)
    if response.status_code != 200 or response.streaming:
        return []
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    found = []
    for action, fields in forms_on(response.content.decode(), path):
        try:
            match = resolve(action)
        except Resolver404:
            continue
        if match.view_name and not match.view_name.startswith("admin:"):
            found.append(
                FoundForm(name, actor, action, match.view_name, dict(match.kwargs), fields)
            )
    return found


# --- the body a browser would send ----------------------------------------------------------------


Pairs = list[tuple[str, str]]


def encode(pairs: Pairs) -> bytes:
    """An application/x-www-form-urlencoded body, as a browser sends it. A lone surrogate goes as
    the raw bytes a careless client would produce (surrogatepass), not as a replacement."""
    parts = []
    for name, value in pairs:
        raw = value.encode("utf-8", "surrogatepass")
        parts.append(f"{quote_plus(name)}={quote_plus(raw)}")
    return "&".join(parts).encode("ascii")


def plausible(f: Field) -> str:
    """A value for a required field the page left blank."""
    if f.kind == "select":
        return next((o for o in f.options if o), "")
    name = f.name.lower()
    if name.endswith("_day"):
        return "12"
    if name.endswith("_month"):
        return "1"
    if name.endswith("_year"):
        return "2027"
    return {
        "email": "someone@a.example",
        "number": "1",
        "date": "2027-01-12",
        "url": "https://example.org/",
        "password": "a long enough passphrase 42",
    }.get(f.kind, "Plausible words")


def baseline(form: FoundForm) -> Pairs:
    """What the form sends as it stands, with required blanks filled in; the first named submit
    button only (as a browser sends the one clicked)."""
    pairs: Pairs = []
    submitted = False
    for f in form.fields:
        if f.kind == "submit":
            if not submitted:
                pairs.append((f.name, f.value or ""))
                submitted = True
            continue
        if f.kind == "file":
            continue
        if f.value is None:  # unticked
            continue
        value = f.value
        if not value and f.required:
            value = plausible(f)
        pairs.append((f.name, value))
    return pairs


def replace(pairs: Pairs, name: str, value: str) -> Pairs:
    """The submission with one field's value(s) replaced (added when the page did not send it)."""
    kept = [(n, v) for n, v in pairs if n != name]
    return [*kept, (name, value)]


# --- what the database holds ----------------------------------------------------------------------

# Rows a refused request may rightly write: the session it runs in, the audit trail's record of a
# refusal, and the failed sign-ins counted against a lockout.
UNWATCHED_APPS = {"sessions", "audit", "axes"}
UNWATCHED_MODELS = {"accounts.signinsession"}


def _watched_models() -> list[type[Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in UNWATCHED_APPS
        and m._meta.label_lower not in UNWATCHED_MODELS
        and not m._meta.proxy
        and m._meta.managed
    ]


def _has_trust(model: type[Model]) -> bool:
    try:
        f = model._meta.get_field("trust")
    except FieldDoesNotExist:
        return False
    return getattr(f, "related_model", None) is Trust


def fingerprint_sql() -> str:
    """One query: each watched table's row count and highest id (a history table's count grows
    with every change of its model), the platform's staff, and each tenant table's rows of the
    other trust (%s)."""
    # The names in these queries are the models' own tables and columns, never input.
    q = connection.ops.quote_name
    parts = []
    for m in _watched_models():
        name, table, pk = m._meta.db_table, q(m._meta.db_table), q(m._meta.pk.column)
        parts.append(f"SELECT '{name}', COUNT(*), MAX({pk}) FROM {table}")  # noqa: S608
        if _has_trust(m):
            other = f"SELECT 'other:{name}', COUNT(*), 0 FROM {table}"  # noqa: S608
            parts.append(f"{other} WHERE trust_id = %(other)s")
    users = q(User._meta.db_table)
    parts.append(f"SELECT 'staff', COUNT(*), 0 FROM {users} WHERE is_staff OR is_superuser")  # noqa: S608
    return " UNION ALL ".join(parts)


def fingerprint(sql: str, other_trust: int) -> dict[str, tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"other": other_trust})
        return {name: (count, top or 0) for name, count, top in cursor.fetchall()}


def _trust_columns(model: type[Model], alias: str) -> tuple[list[str], list[str]]:
    """The joins and the trust columns one row of `model` reaches: its own trust, and the trust of
    each tenant object (or person) it points at."""
    q = connection.ops.quote_name
    joins: list[str] = []
    columns = [f"{alias}.trust_id"] if _has_trust(model) else []
    for f in model._meta.concrete_fields:
        target = f.related_model if f.is_relation else None
        if target is None or f.name == "trust" or not _has_trust(target):
            continue
        join = f"{alias}_{len(joins)}"
        joins.append(
            f"LEFT JOIN {q(target._meta.db_table)} {join}"
            f" ON {join}.{q(target._meta.pk.column)} = {alias}.{q(f.column)}"
        )
        columns.append(f"{join}.trust_id")
    return joins, columns


def crossed_trusts_sql() -> str:
    """One query: for each table, the rows that point at objects of two trusts (a school of one
    trust in another's plan, another trust's person as an action's owner...)."""
    parts = []
    for m in _watched_models():
        if m._meta.db_table.endswith("history") or m.__name__.startswith("Historical"):
            continue  # a copy of its model's rows, ids kept without constraints
        joins, columns = _trust_columns(m, "t")
        if len(columns) < 2:
            continue
        first = columns[0]
        differ = " OR ".join(f"{first} <> {c}" for c in columns[1:])
        table = f"{connection.ops.quote_name(m._meta.db_table)} t {' '.join(joins)}"
        parts.append(f"SELECT '{m._meta.db_table}', COUNT(*) FROM {table} WHERE {differ}")  # noqa: S608
    return " UNION ALL ".join(parts)


def crossed_trusts(sql: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {name: count for name, count in cursor.fetchall() if count}


@dataclass(frozen=True)
class TenantIds:
    """Each tenant model's ids (the people's included): this trust's and the other's."""

    ours: dict[str, set[int]]
    theirs: dict[str, list[int]]

    @classmethod
    def load(cls, trust: int, other: int) -> TenantIds:
        ours: dict[str, set[int]] = {}
        theirs: dict[str, list[int]] = {}
        with scopes_disabled():
            for m in _watched_models():
                if not _has_trust(m) or m._meta.pk.get_internal_type() not in _INTEGER_KEYS:
                    continue
                if m._meta.model_name.startswith("historical"):
                    continue  # history rows are not objects a form names
                rows = m._default_manager.filter(trust_id__in=[trust, other])
                for pk, owner in rows.values_list("pk", "trust_id"):
                    if owner == trust:
                        ours.setdefault(m._meta.model_name, set()).add(pk)
                    else:
                        theirs.setdefault(m._meta.model_name, []).append(pk)
        return cls(ours, {k: sorted(v) for k, v in theirs.items()})

    def for_field(self, f: Field) -> list[int]:
        """The other trust's ids of the objects a list (or hidden field) names: the models holding
        every id it offers, narrowed by the field's name (`school`, `source_visit`, `owner`)."""
        offered = {int(v) for v in (*f.options, f.value or "") if v.isdigit()}
        models = [m for m, ids in self.ours.items() if offered and offered <= ids]
        models = [m for m in models if m in self.theirs]
        name = re.sub(r"[^a-z]", "", f.name.lower())
        named = [m for m in models if m in name or (m == "user" and name.endswith(PEOPLE))]
        chosen = named or models
        ids = sorted({pk for m in chosen for pk in self.theirs[m]})
        return ids or sorted({pk for pks in self.theirs.values() for pk in pks})


_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField"}
PEOPLE = ("owner", "person", "director", "contact", "user", "by")


# --- what a hostile person sends ------------------------------------------------------------------

# Each payload carries a token that never appears in a page unless it was echoed unescaped.
PAYLOADS = [
    "<script>hostile(1)</script>",
    '"><img src=x onerror=hostile(2)>',
    "'><svg onload=hostile(3)>",
    "javascript:hostile(4)",
    "{{ request }}{% debug %}",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "%0d%0aSet-Cookie: hostile=5",
]
UNESCAPED = [
    "<script>hostile(",
    "<img src=x onerror=hostile(",
    "<svg onload=hostile(",
    'href="javascript:hostile(',
    'src="javascript:hostile(',
    'action="javascript:hostile(',
]
# NUL, right-to-left override, zero-width joiner and space, byte-order mark, lone surrogates (sent
# as the raw bytes a careless client produces), a combining accent, emoji joined by a ZWJ, line and
# paragraph separators, a non-character, and letters that change length when cased.
EDGE_CHARACTERS = [
    "\x00",
    "\u202e",
    "\u200d",
    "\u200b",
    "\ufeff",
    "\ud800",
    "\udfff",
    "e\u0301",
    "\U0001f469\u200d\U0001f4bb",
    "\u2028",
    "\uffff",
    "\r\n",
    "ß",
    "İ",
]
OVER_LONG = [0, 0, 10_001, 60_000]
NOT_NUMBERS = [
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "1e-400",
    "9" * 400,
    "0x1F",
    "1_000",
    "١٢٣",
    "½",
    "1,5",
    "--1",
    " ",
    "abc",
]
BAD_DATES = [
    ("30", "2", "2026"),
    ("29", "2", "2027"),
    ("31", "4", "2027"),
    ("1", "1", "0"),
    ("1", "1", "0000"),
    ("1", "1", "99999"),
    ("0", "0", "0"),
    ("-1", "-1", "-1"),
    ("32", "13", "2027"),
    ("1e309", "NaN", "Infinity"),
    ("abc", "\x00", "2027"),
]
BAD_IDS = [
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999",
    "1.5",
    "1e3",
    "1 OR 1=1",
    "1;DROP TABLE fht_user",
    "[]",
    "\x00",
]


def hostile_text() -> st.SearchStrategy[str]:
    """Over-long text, HTML and script, Unicode edge cases: every draw hostile."""
    edge = st.lists(st.sampled_from(EDGE_CHARACTERS), min_size=1, max_size=6).map("".join)
    return st.builds(
        lambda size, payload, tail: "x" * size + payload + tail,
        st.sampled_from(OVER_LONG),
        st.sampled_from(PAYLOADS),
        edge,
    )


def hostile_number() -> st.SearchStrategy[str]:
    """Wrong types, negative and huge numbers, what floats cannot hold."""
    return st.one_of(
        st.sampled_from(NOT_NUMBERS),
        st.integers(min_value=-(10**40), max_value=-1).map(str),
        st.integers(min_value=2**31, max_value=10**40).map(str),
        st.floats().map(repr),
    )


def hostile_date() -> st.SearchStrategy[tuple[str, str, str]]:
    """Impossible and out-of-range dates, as the three boxes of a date."""
    part = st.integers(min_value=-(10**6), max_value=10**7).map(str)
    return st.one_of(st.sampled_from(BAD_DATES), st.tuples(part, part, part))


def hostile_single_date() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["2026-02-30", "0000-01-01", "99999-01-01", "2027-13-01", "2027-1-1x"]),
        hostile_text(),
    )


def hostile_choice() -> st.SearchStrategy[str]:
    """What is not among a list's options: malformed ids and text."""
    return st.one_of(st.sampled_from(BAD_IDS), hostile_text())


def other_trust_id(other_ids: list[int]) -> st.SearchStrategy[str]:
    return st.sampled_from(other_ids).map(str)


# Fields no form offers, that a model might still take: sent with another trust's ids, or as the
# flags that would make someone platform staff.
MASS_ASSIGNED_IDS = [
    "trust",
    "trust_id",
    "school",
    "school_id",
    "cluster",
    "cluster_id",
    "id",
    "pk",
    "created_by",
    "created_by_id",
    "requested_by",
    "owner",
    "user",
    "person",
    "plan",
    "visit",
]
MASS_ASSIGNED_FLAGS = {
    "is_superuser": "on",
    "is_staff": "on",
    "is_active": "on",
    "status": "done",
    "state": "submitted",
    "role": "ceo",
    "version": "999",
    "deleted": "on",
}
