"""Reading the cells of DfE and Ofsted files: dates in the forms they use, whole numbers, URNs;
each refusal in words a school business manager understands."""

import datetime as dt
import re

from fht.uploads import is_digits

_DATE_FORMS = (
    (re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$"), ("day", "month", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("year", "month", "day")),
)
_URN = re.compile(r"^[0-9]{6,7}$")
# The most pupils any school has had is far below this: more is a typing mistake.
MOST_PUPILS = 20_000


class CellError(ValueError):
    """A cell that cannot be read, with the reason in words."""


def clip(value: str, *, limit: int = 40) -> str:
    """A cell as quoted in a message: short, on one line."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def parse_date(value: str) -> dt.date | None:
    """dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd; blank is None; an impossible date is refused."""
    value = value.strip()
    if not value:
        return None
    # Excel adds a time to dates it re-saves ("01/09/2016 00:00").
    value = value.split(" ")[0]
    for pattern, order in _DATE_FORMS:
        match = pattern.match(value)
        if match:
            parts = dict(zip(order, (int(p) for p in match.groups()), strict=True))
            try:
                return dt.date(parts["year"], parts["month"], parts["day"])
            except ValueError:
                raise CellError(f"{clip(value)} is not a real date") from None
    raise CellError(
        f"{clip(value)} is not a date: write it as day-month-year, for example 01-09-2016"
    )


def parse_pupils(value: str) -> int | None:
    value = value.strip().replace(",", "")
    if not value:
        return None
    if not is_digits(value) or len(value) > 6:
        raise CellError(f"{clip(value)} is not a number of pupils: write a whole number, like 420")
    number = int(value)
    if number > MOST_PUPILS:
        raise CellError(f"{number} pupils is more than any school has: check the number")
    return number


def parse_urn(value: str) -> str:
    value = value.strip()
    if not value:
        raise CellError("The URN is missing")
    if not _URN.match(value):
        raise CellError(f"{clip(value)} is not a URN: a URN is six or seven digits, like 140412")
    return value
