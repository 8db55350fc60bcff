"""What the documents part registers (see reviews/registrations/__init__.py): the two job kinds,
the listener that has the documents made when a review is shared, the review page's panel, and the
menu entry of the bulk letters."""


def register() -> None:
    from fht.registry import MenuSection, jobs, menu
    from reviews import access as rules
    from reviews.hooks import ReviewPanel, SharedListener, review_panels, shared_listeners
    from reviews.services.documents import DOCUMENTS_JOB, review_documents_queue
    from reviews.services.letters import BATCH_JOB
    from reviews.views.documents.panel import documents_panel

    jobs.register(DOCUMENTS_JOB)
    jobs.register(BATCH_JOB)
    shared_listeners.register(SharedListener(key="documents", shared=review_documents_queue))
    review_panels.register(ReviewPanel(key="documents", build=documents_panel, order=40))
    menu.register(
        MenuSection(
            key="review_letters",
            label="Letters to parents",
            url_name="reviews:letters",
            visible=lambda user, access: rules.runs_letter_batches(access),
            order=66,
        )
    )
