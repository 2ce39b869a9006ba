from django.contrib import admin

from billing.models import Invoice, Receipt
from core.admin_site import ReadOnlyMixin


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "paid_at", "payer_name", "kind", "item", "amount", "currency"]
    list_filter = ["kind", "currency"]
    list_select_related = ["payer"]
    search_fields = ["number", "payer__email", "payer_name", "item"]
    date_hierarchy = "paid_at"


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "month", "business_name", "currency", "top_ups", "paid_to_creators"]
    list_filter = ["month", "currency"]
    search_fields = ["number", "business_name"]
