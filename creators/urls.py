from django.urls import path

from creators import views

app_name = "creators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.edit_profile, name="edit_profile"),
    path("figures/", views.figures, name="figures"),
    path("programmes/<slug:slug>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("kit/<slug:handle>/", views.media_kit, name="media_kit"),
]
