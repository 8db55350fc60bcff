"""Load the demo trusts. Idempotent: running it again changes nothing that is already there.

Each app keeps its own demo builder beside its code, a `demo` module with `load(trust)`; this
command creates the demo trusts and, inside each trust's scope, calls the builders in the order of
INSTALLED_APPS (the layer order: schools before people, returns before visits, visits before
plans). An app that adds a demo adds its own `demo` module and nothing here.
"""

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fht.models import Trust
from fht.tenancy import trust_scope

# (name, slug, DfE group id) of each demo trust; the builders know their data by slug.
DEMO_TRUSTS = [
    ("Skylark Primary Partnership", "skylark", "17843"),
    ("Harbour Academies Trust", "harbour", "16102"),
]


def demo_modules() -> list[ModuleType]:
    """Each installed app's `demo` module, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name != "demo" and find_spec(name) is not None:
            found.append(import_module(name))
    # The demo app's own builders for apps that keep none, after every app's (they need the
    # schools and people): a past GIAS import and a feed token with its uses.
    found.append(import_module("demo.imports_and_feed"))
    return found


class Command(BaseCommand):
    help = "Load the demo trusts (idempotent). Prints the demo sign-ins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-sign-ins", action="store_true", help="Do not print the sign-ins."
        )
        parser.add_argument(
            "--allow-production", action="store_true", help="Load even into a production database."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.FHT_ENVIRONMENT == "production" and not options["allow_production"]:
            raise CommandError(
                "This is a production database: demo people with a published password would be "
                "created. Pass --allow-production only for a demonstration server."
            )
        modules = demo_modules()
        for name, slug, group_id in DEMO_TRUSTS:
            trust, _ = Trust.objects.get_or_create(
                slug=slug, defaults={"name": name, "dfe_group_id": group_id}
            )
            with trust_scope(trust.pk):
                for module in modules:
                    module.load(trust)
        if not options["quiet_sign_ins"]:
            self._print_sign_ins(modules)

    def _print_sign_ins(self, modules: list[ModuleType]) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data loaded."))
        for module in modules:
            if hasattr(module, "DEMO_PASSWORD"):
                out.write(f"Every demo person signs in with the password: {module.DEMO_PASSWORD}")
            for label, email in getattr(module, "SIGN_INS", []):
                out.write(f"  {label:<22} {email}")
            if hasattr(module, "SIGN_INS_NOTE"):
                out.write(f"  {module.SIGN_INS_NOTE}")
