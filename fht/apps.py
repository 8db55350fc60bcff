from django.apps import AppConfig


class FhtConfig(AppConfig):
    name = "fht"
    verbose_name = "Trusts and people"

    def ready(self) -> None:
        from fht import cache, jobs  # noqa: F401 (the job pipeline's task, for every worker)
        from fht.registry import MenuSection, menu

        cache.connect()

        menu.register(
            MenuSection(
                key="home",
                label="Home",
                url_name="home",
                visible=lambda user, access: True,
                namespaces=frozenset({"home"}),
                order=0,
            )
        )
        menu.register(
            MenuSection(
                key="admin",
                label="Platform admin",
                url_name="admin:index",
                visible=lambda user, access: user.is_superuser,
                namespaces=frozenset({"admin"}),
                order=100,
            )
        )
