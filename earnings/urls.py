from django.urls import path

from earnings import notifications, views

app_name = "earnings"

urlpatterns = [
    path("", views.index, name="index"),
    path("statements/<int:pk>.csv", views.statement_csv, name="statement_csv"),
    path("payouts/<int:pk>/", views.payout_detail, name="payout"),
    path("payout-method/", views.payout_method, name="payout_method"),
    path("tax-details/", views.tax_details, name="tax_details"),
    path("xendit/payouts/", notifications.xendit_payouts, name="xendit_payouts"),
]
