"""The matcher's pages. They sit among the business pages and keep their
names there (``brands:campaign_matches``): ``portal.urls`` includes them in
the ``brands`` namespace, before the business pages' catch-all campaign action."""

from django.urls import path

from matching import views

urlpatterns = [
    path("campaigns/<int:pk>/matches/", views.campaign_matches, name="campaign_matches"),
    path(
        "campaigns/<int:pk>/matches/status/",
        views.campaign_match_status,
        name="campaign_match_status",
    ),
]
