from django.urls import path

from tiktok import views

app_name = "tiktok"

urlpatterns = [
    path("sandbox/authorize/", views.sandbox_authorize, name="sandbox_authorize"),
]
