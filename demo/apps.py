from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo trusts, on the top layer: `load_demo` runs each app's demo builder in turn."""

    name = "demo"
    verbose_name = "Demo data"
