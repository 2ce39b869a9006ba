from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("sandbox/<uuid:reference>/", views.sandbox_checkout, name="sandbox_checkout"),
    path("webhook/", views.webhook, name="webhook"),
]
