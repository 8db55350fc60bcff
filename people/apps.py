from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self) -> None:
        from fht.registry import MenuSection, Panel, Scheduled, jobs, menu, panels, schedule
        from people.panels import home_people, home_roles
        from people.services import ROLE_EXPIRY_JOB
        from people.tasks import expire_role_assignments_all

        jobs.register(ROLE_EXPIRY_JOB)
        menu.register(
            MenuSection(
                key="people",
                label="People and roles",
                url_name="people:list",
                visible=lambda user, access: access.can_view_people,
                namespaces=frozenset({"people"}),
                order=60,
            )
        )
        panels.register(Panel(slot="home", key="home:roles", build=home_roles, order=0))
        panels.register(Panel(slot="home", key="home:people", build=home_people, order=90))
        schedule.register(
            Scheduled(
                key="expire-role-assignments", task=expire_role_assignments_all, schedule=60 * 60
            )
        )
