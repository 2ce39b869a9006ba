from django.contrib import admin

from brands.models import Business, BusinessMembership


class BusinessMembershipInline(admin.TabularInline):
    model = BusinessMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name", "memberships__user__email"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [BusinessMembershipInline]
