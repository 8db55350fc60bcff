from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from audit import capture
        from audit.selectors import can_read_trail
        from fht.registry import MenuSection, menu

        capture.connect()
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
