"""The central team and system leaders sign in and visit every kind of page they can reach; the
first to reach each kind renders it with the accessibility check. The demo is loaded once for these roles (the crawl only reads), each in its own browser
context."""

from typing import Any

import pytest

from tests.browser.crawl import TRUST_ROLES, crawl_as


@pytest.mark.django_db(transaction=True)
def test_each_role_visits_every_page_it_can_reach(demo: None, session_factory: Any) -> None:
    crawl_as(session_factory, TRUST_ROLES)
