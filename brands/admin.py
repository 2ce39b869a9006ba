from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_save
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brands import services
from brands.forms import ApproveForm, GrantCreditForm, SendBackForm
from brands.models import (
    Business,
    BusinessInvitation,
    BusinessMembership,
    Campaign,
    CampaignStatusChange,
)
from core import versions
from core.admin_site import HTTPS_URLS, CachedRowsMixin, KeptValuesListFilter, ReadOnlyMixin
from core.money import format_money

# The version (core.versions) of the staff's campaign list: its rows show each
# campaign and its business's name, it is searched by both and filtered on the
# business's province, city and size, so every save and deletion of a campaign
# or a business moves it on (nothing writes either in bulk).
CAMPAIGN_LIST_VERSION = "admin-list:brands.campaign"


def campaign_list_changed(**kwargs):
    """``post_save``/``post_delete`` receiver of campaigns and businesses."""
    versions.bump(CAMPAIGN_LIST_VERSION)


for _model in (Business, Campaign):
    _uid = f"admin-campaigns:{_model.__name__}"
    post_save.connect(campaign_list_changed, sender=_model, dispatch_uid=f"{_uid}:saved")
    post_delete.connect(campaign_list_changed, sender=_model, dispatch_uid=f"{_uid}:gone")


class BusinessMembershipInline(admin.TabularInline):
    model = BusinessMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "province", "size", "nib", "verified_at", "created_at"]
    list_filter = [
        ("verified_at", admin.EmptyFieldListFilter),
        "size",
        "province",
        "city",
        "category",
        "created_at",
    ]
    search_fields = ["name", "nib", "city", "memberships__user__email"]
    readonly_fields = ["verified_at", "verified_by", "created_at", "updated_at", "credit_actions"]
    inlines = [BusinessMembershipInline]
    formfield_overrides = HTTPS_URLS
    actions = ["verify"]

    @admin.action(description=gettext_lazy("Verify and grant the welcome credit"))
    def verify(self, request, queryset):
        for business in queryset:
            entry = services.verify_business(business=business, staff=request.user)
            if entry is None:
                self.message_user(
                    request,
                    _("%(business)s is verified; it (or its NIB) already had welcome credit.")
                    % {"business": business},
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    _("%(business)s is verified and received %(amount)s of credit.")
                    % {
                        "business": business,
                        "amount": format_money(entry.amount_on("business_credit")),
                    },
                )

    @admin.display(description=gettext_lazy("Credit"))
    def credit_actions(self, business):
        if not business.pk:
            return "—"
        url = reverse("admin:brands_business_grant_credit", args=[business.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Grant credit"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/grant-credit/",
                self.admin_site.admin_view(self.grant_credit_view),
                name="brands_business_grant_credit",
            ),
            *super().get_urls(),
        ]

    def grant_credit_view(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        business = get_object_or_404(Business, pk=pk)
        form = GrantCreditForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            entry = services.grant_credit(
                business=business, staff=request.user, **form.cleaned_data
            )
            self.log_change(
                request,
                business,
                f"Granted {format_money(entry.amount_on('business_credit'))} credit: {entry.note}",
            )
            self.message_user(request, _("Credit granted."))
            return redirect("admin:brands_business_change", business.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Grant credit to %(business)s") % {"business": business},
            "form": form,
            "opts": self.model._meta,
            "original": business,
        }
        return render(request, "admin/form_page.html", context)


class CampaignStatusChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = CampaignStatusChange
    fields = ["created_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(CachedRowsMixin, admin.ModelAdmin):
    """Campaigns, with the review queue: filter on "In review", then approve or
    send back from a campaign's page. Status changes only through the services."""

    show_full_result_count = False
    list_display = ["__str__", "business", "status", "budget", "starts_on", "created_at"]
    list_filter = [
        "status",
        "business__province",
        ("business__city", KeptValuesListFilter),
        "business__size",
        "starts_on",
        "created_at",
    ]
    search_fields = ["product_name", "business__name"]
    list_select_related = ["business"]
    list_only = ["product_name", "status", "budget", "starts_on", "created_at", "business__name"]
    # Rows, count and cities kept until a campaign or a business changes.
    list_versions = [CAMPAIGN_LIST_VERSION]
    # Staff review what the business wrote; they change it only by sending it back.
    readonly_fields = [
        "review_actions",
        *(field.name for field in Campaign._meta.fields if field.name != "id"),
    ]
    inlines = [CampaignStatusChangeInline]
    exclude = ["languages", "niches"]
    actions = ["complete"]

    @admin.action(description=gettext_lazy("Mark as completed (releases what is unspent)"))
    def complete(self, request, queryset):
        for campaign in queryset:
            try:
                services.complete_campaign(campaign=campaign, user=request.user)
            except services.CampaignError as error:
                self.message_user(request, f"{campaign}: {error}", messages.ERROR)
            else:
                self.log_change(request, campaign, "Marked completed")

    @admin.display(description=gettext_lazy("Review"))
    def review_actions(self, campaign):
        if campaign.status != Campaign.Status.SUBMITTED:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:brands_campaign_approve", args=[campaign.pk]),
            _("Approve"),
            reverse("admin:brands_campaign_send_back", args=[campaign.pk]),
            _("Send back"),
        )

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="brands_campaign_approve",
            ),
            path(
                "<int:pk>/send-back/",
                self.admin_site.admin_view(self.send_back_view),
                name="brands_campaign_send_back",
            ),
            *super().get_urls(),
        ]

    def _review_page(self, request, campaign, form, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "opts": self.model._meta,
            "original": campaign,
        }
        return render(request, "admin/form_page.html", context)

    def _decide(self, request, pk, decide, form_class, title):
        if not self.has_change_permission(request):
            raise PermissionDenied
        campaign = get_object_or_404(Campaign.objects.select_related("business"), pk=pk)
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                decide(campaign=campaign, staff=request.user, **form.cleaned_data)
            except services.CampaignError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.log_change(request, campaign, title)
                self.message_user(request, title)
            return redirect("admin:brands_campaign_change", campaign.pk)
        return self._review_page(request, campaign, form, f"{title}: {campaign}")

    def approve_view(self, request, pk):
        return self._decide(
            request, pk, services.approve_campaign, ApproveForm, _("Campaign approved")
        )

    def send_back_view(self, request, pk):
        return self._decide(
            request, pk, services.send_back_campaign, SendBackForm, _("Campaign sent back")
        )


@admin.register(BusinessInvitation)
class BusinessInvitationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["email", "business", "role", "created_at", "accepted_at"]
    search_fields = ["email", "business__name"]
    exclude = ["token"]
