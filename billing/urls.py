from django.urls import path

from billing import views

app_name = "billing"
urlpatterns = [
    path("receipts/", views.receipts, name="receipts"),
    path(
        "receipts/payment/<uuid:reference>/",
        views.receipt_for_payment,
        name="receipt_for_payment",
    ),
    path("receipts/<str:number>/", views.receipt, name="receipt"),
    path("receipts/<str:number>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("invoices/", views.invoices, name="invoices"),
    path("invoices/<str:number>/", views.invoice, name="invoice"),
    path("invoices/<str:number>.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("statements/<int:pk>.pdf", views.statement_pdf, name="statement_pdf"),
]
