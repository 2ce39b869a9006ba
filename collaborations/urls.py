from django.urls import path

from collaborations import views
from collaborations.views import drafts, posting, reports

app_name = "collaborations"

urlpatterns = [
    # Creator
    path("", views.mine, name="mine"),
    path("open/", views.open_campaigns, name="open_campaigns"),
    path("open/all/", views.open_campaigns, {"scope": "all"}, name="open_campaigns_all"),
    path("open/<int:campaign_pk>/apply/", views.apply, name="apply"),
    path("report/", reports.my_report, name="my_report"),
    path("report.csv", reports.my_report_csv, name="my_report_csv"),
    # Business
    path("campaigns/", views.business_index, name="business_index"),
    path("campaigns/<int:campaign_pk>/", views.campaign, name="campaign"),
    path("campaigns/<int:campaign_pk>/invite/<int:creator_pk>/", views.invite, name="invite"),
    path("campaigns/<int:campaign_pk>/report/", reports.campaign_report, name="report"),
    path("campaigns/<int:campaign_pk>/report.csv", reports.campaign_report_csv, name="report_csv"),
    # Both sides
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/messages/", views.message, name="message"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/draft/", drafts.draft, name="draft"),
    path("<int:pk>/draft/upload/", drafts.upload_draft, name="upload_draft"),
    path("<int:pk>/draft/<int:draft_pk>/video/", drafts.draft_file, name="draft_file"),
    path("<int:pk>/posted-video/", posting.post_video, name="post_video"),
    path("<int:pk>/<slug:action>/", views.action, name="action"),
]
