from django.urls import path

from tiktok import views

app_name = "tiktok"

urlpatterns = [
    path("connect/", views.connect, name="connect"),
    path("callback/", views.callback, name="callback"),
    path("disconnect/", views.disconnect, name="disconnect"),
    path("sandbox/authorize/", views.sandbox_authorize, name="sandbox_authorize"),
]
