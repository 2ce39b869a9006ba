from django.urls import path

from brands import views

app_name = "brands"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:business_id>/profile/", views.profile, name="profile"),
    path("<int:business_id>/team/", views.team, name="team"),
    path("<int:business_id>/credit/", views.credit, name="credit"),
    path("<int:business_id>/campaigns/", views.campaigns, name="campaigns"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/step/<int:step>/", views.campaign_step, name="campaign_step"),
    path("campaigns/<int:pk>/brief/", views.campaign_brief, name="campaign_brief"),
    path(
        "campaigns/<int:pk>/confirm-cancel/", views.campaign_cancel_confirm, name="campaign_cancel"
    ),
    path("campaigns/<int:pk>/search/", views.creator_search, name="creator_search"),
    path("campaigns/<int:pk>/shortlist/", views.shortlist, name="shortlist"),
    path(
        "campaigns/<int:pk>/shortlist/<int:creator_pk>/add/",
        views.shortlist_add,
        name="shortlist_add",
    ),
    path(
        "campaigns/<int:pk>/shortlist/<int:creator_pk>/remove/",
        views.shortlist_remove,
        name="shortlist_remove",
    ),
    path("campaigns/<int:pk>/<slug:action>/", views.campaign_action, name="campaign_action"),
]
