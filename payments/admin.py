from django.contrib import admin

from payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Payments are changed only by the provider's webhook: read-only here."""

    list_display = ["reference", "payer", "amount", "currency", "status", "provider", "created_at"]
    list_filter = ["status", "provider", "purpose", "created_at"]
    search_fields = ["reference", "payer__email", "idempotency_key"]
    readonly_fields = [field.name for field in Payment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
