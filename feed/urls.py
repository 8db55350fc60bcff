from django.urls import path

from feed import api, views

app_name = "feed"

urlpatterns = [
    path("feed/", views.docs, name="docs"),
    path("feed/tokens/", views.token_list, name="token_list"),
    path("feed/tokens/new/", views.token_issue, name="token_issue"),
    path("feed/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("feed/tokens/<int:token_id>/uses/", views.token_uses, name="token_uses"),
    path("feed/v1/<slug:table>.<slug:fmt>", api.table_view, name="table"),
]
