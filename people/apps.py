from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self) -> None:
        from fht.access import set_access_loader
        from fht.registry import MenuSection, Panel, Scheduled, jobs, menu, panels, schedule
        from people import panels as people_panels
        from people.access import access_load
        from people.selectors import cluster_allocation_history
        from people.services import ROLE_EXPIRY_JOB, permissions_sync
        from people.tasks import expire_role_assignments_all
        from schools.hooks import (
            ClusterHistorySource,
            StructureListener,
            cluster_history_sources,
            structure_listeners,
        )

        # The role assignments are people's: so are how a person's access is read, and the
        # permissions rebuilt when a school or cluster is added or a school moves cluster.
        set_access_loader(access_load)
        structure_listeners.register(StructureListener(key="permissions", changed=permissions_sync))
        cluster_history_sources.register(
            ClusterHistorySource(key="directors", changes=cluster_allocation_history)
        )

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
        # Allocating a Director of QA is a cluster page's business.
        menu.claim(section="clusters", namespace="people:directors")
        panels.register(Panel(slot="home", key="home:roles", build=people_panels.home_roles))
        panels.register(
            Panel(slot="home", key="home:people", build=people_panels.home_people, order=90)
        )
        # The school's people come first, before the other apps' panels.
        panels.register(
            Panel(slot="school", key="school:people", build=people_panels.school_people_panel)
        )
        panels.register(
            Panel(
                slot="cluster",
                key="cluster:allocate",
                build=people_panels.cluster_allocate_button,
                place="actions",
            )
        )
        panels.register(
            Panel(
                slot="cluster",
                key="cluster:directors_row",
                build=people_panels.cluster_directors_row,
                place="summary",
            )
        )
        panels.register(
            Panel(
                slot="cluster",
                key="cluster:directors",
                build=people_panels.cluster_directors_section,
                place="before_schools",
            )
        )
        schedule.register(
            Scheduled(
                key="expire-role-assignments", task=expire_role_assignments_all, schedule=60 * 60
            )
        )
