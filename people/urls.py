from django.urls import include, path

from people import views

app_name = "people"

# Directors of QA are allocated from the cluster page, in a namespace of their own that the menu
# counts as the Clusters section's (apps.py).
director_patterns = [
    path("allocate/", views.cluster_director_allocate, name="allocate"),
    path("end/", views.cluster_director_end, name="end"),
]

urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/invite/", views.person_invite, name="invite"),
    path("people/role-end-dates/check/", views.role_expiry_check, name="role_expiry_check"),
    path("people/<int:person_id>/", views.person_detail, name="detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="edit"),
    path("people/<int:person_id>/roles/new/", views.person_role_give, name="role_give"),
    path(
        "people/<int:person_id>/roles/<int:assignment_id>/end/",
        views.person_role_end,
        name="role_end",
    ),
    path(
        "people/<int:person_id>/invitation/",
        views.person_invitation_resend,
        name="invitation_resend",
    ),
    path("people/<int:person_id>/deactivate/", views.person_deactivate, name="deactivate"),
    path("people/<int:person_id>/reactivate/", views.person_reactivate, name="reactivate"),
    path("clusters/<int:cluster_id>/directors/", include((director_patterns, "directors"))),
]
