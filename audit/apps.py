from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from audit import capture
        from audit.selectors import can_read_trail
        from audit.triggers import install_after_migrate
        from fht.registry import MenuSection, menu

        capture.connect()
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="audit.triggers")
        menu.register(
            MenuSection(
                key="audit",
                label="Audit trail",
                url_name="audit:events",
                visible=lambda user, access: can_read_trail(access),
                namespaces=frozenset({"audit"}),
                order=95,
            )
        )
