from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"

    def ready(self) -> None:
        from fht.registry import MenuSection, Panel, menu, panels
        from schools.panels import home_panel

        menu.register(
            MenuSection(
                key="schools",
                label="Schools",
                url_name="schools:list",
                visible=lambda user, access: access.can_view_schools,
                namespaces=frozenset({"schools"}),
                order=10,
            )
        )
        menu.register(
            MenuSection(
                key="clusters",
                label="Clusters",
                url_name="schools:clusters:list",
                visible=lambda user, access: access.can_view_clusters,
                namespaces=frozenset({"schools:clusters", "schools:years"}),
                order=20,
            )
        )
        panels.register(Panel(slot="home", key="home:schools", build=home_panel, order=70))
