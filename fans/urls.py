from django.urls import path

from fans import views

app_name = "fans"
urlpatterns = [
    path("", views.home, name="home"),
    path("library/", views.library, name="library"),
    path("following/", views.following, name="following"),
    path("follow/<slug:handle>/", views.follow, name="follow"),
    path("unfollow/<slug:handle>/", views.unfollow, name="unfollow"),
]
