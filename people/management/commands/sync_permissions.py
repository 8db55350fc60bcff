"""Rebuild every trust's object permissions from its role assignments.

Run after each deploy (the compose `migrate` service does): when a release adds a permission to a
role (fht/roles.py), people who already hold the role get it. Safe to run at any time: it only
makes the permissions say what the active role assignments say.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from fht.models import Trust
from fht.tenancy import trust_scope
from people.services import permissions_sync


class Command(BaseCommand):
    help = "Rebuild every trust's object permissions from its role assignments."

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            trusts = list(Trust.objects.order_by("pk"))
        for trust in trusts:
            with trust_scope(trust.pk):
                permissions_sync(trust=trust)
        self.stdout.write(f"Permissions rebuilt for {len(trusts)} trust(s).")
