"""The concern part's job kinds, panels and menu sections."""


def register() -> None:
    from fht.registry import MenuSection, Panel, jobs, menu, panels
    from risk.selectors.concern import reads_any_case
    from risk.services.concern_letters import LETTER_JOB
    from risk.views.concern.panel import school_panel

    jobs.register(LETTER_JOB)
    panels.register(Panel(slot="school", key="school:concern", build=school_panel, order=25))
    menu.register(
        MenuSection(
            key="concern",
            label="Concern cases",
            url_name="risk:concern_list",
            visible=lambda user, access: reads_any_case(access),
            order=55,
        )
    )
