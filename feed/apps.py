from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "feed"
    verbose_name = "Data feed"

    def ready(self) -> None:
        from feed.selectors import READERS
        from fht.registry import MenuSection, menu

        menu.register(
            MenuSection(
                key="feed",
                label="Data feed",
                url_name="feed:docs",
                visible=lambda user, access: bool(READERS & set(access.roles)),
                namespaces=frozenset({"feed"}),
                order=90,
            )
        )
