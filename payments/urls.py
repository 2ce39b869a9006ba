from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("<uuid:reference>/", views.waiting, name="waiting"),
    path("<uuid:reference>/status/", views.payment_status, name="status"),
    path("sandbox/<uuid:reference>/", views.sandbox_checkout, name="sandbox_checkout"),
    path("xendit/invoices/", views.xendit_invoices, name="xendit_invoices"),
    path("xendit/refunds/", views.xendit_refunds, name="xendit_refunds"),
    path("webhook/", views.webhook, name="webhook"),
]
