"""School leaders, governors, trustees and another trust's CEO sign in and visit every kind of page
they can reach; the first to reach each kind renders it with the accessibility check. The demo is loaded once for these roles (the crawl only reads), each in its own browser
context."""

from typing import Any

import pytest

from tests.browser.crawl import DEMO_SIGN_INS, SCHOOL_ROLES, TRUST_ROLES, crawl_as


@pytest.mark.django_db(transaction=True)
def test_each_role_visits_every_page_it_can_reach(demo: None, session_factory: Any) -> None:
    crawl_as(session_factory, SCHOOL_ROLES)


def test_the_two_halves_of_the_crawl_cover_every_demo_role() -> None:
    assert sorted(TRUST_ROLES + SCHOOL_ROLES) == sorted(DEMO_SIGN_INS)
