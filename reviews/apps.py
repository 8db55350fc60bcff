from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self) -> None:
        # Each part registers its own job kinds, panels, menu sections and listeners.
        from reviews.registrations import documents, library, planning, record

        planning.register()
        record.register()
        documents.register()
        library.register()
