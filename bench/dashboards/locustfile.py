"""The load: one simulated user per sign-in of the plan (BENCH_PLAN, written by run.py), each
signed in through the sign-in form (its CSRF token read from the page, as a browser does) and then
reading its pages in turn, each request named by its page's label in locust's statistics.

Run by bench/dashboards/run.py as `locust --headless`, in a process of its own."""

import itertools
import json
import os
import re
from typing import Any

from locust import HttpUser, between, task
from locust.exception import StopUser

PLAN: dict[str, Any] = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(PLAN["wait_min"], PLAN["wait_max"])
    email = ""
    pages: list[dict[str, str]] = []

    def on_start(self) -> None:
        form = self.client.get(PLAN["sign_in"], name="sign-in form")
        found = TOKEN.search(form.text)
        if found is None:
            raise StopUser()
        with self.client.post(
            PLAN["sign_in"],
            data={
                "username": self.email,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": found.group(1),
            },
            headers={"Referer": self.host + PLAN["sign_in"]},
            name="sign-in",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or PLAN["sign_in"] in response.url:
                response.failure(f"{self.email} could not sign in")
                raise StopUser()
        self.turns = itertools.cycle(self.pages)

    @task
    def read_a_page(self) -> None:
        page = next(self.turns)
        with self.client.get(page["path"], name=page["label"], catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {page['path']}")


for n, user in enumerate(PLAN["users"]):
    name = f"User{n}"
    globals()[name] = type(name, (SignedIn,), {"email": user["email"], "pages": user["pages"]})
