"""Staff edit creators' profiles, the lists they pick from and their violations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_site import HTTPS_URLS, CachedRowsMixin
from core.pagination import EstimatedCountPaginator
from creators.admin.filters import NamedChoicesFilter
from creators.admin.versions import CREATOR_LIST_VERSION
from creators.models.categories import Language, Niche
from creators.models.names import NAMES_VERSION, ActiveName
from creators.models.places import Region
from creators.models.profiles import AudienceSegment, CreatorProfile, RatePackage
from creators.models.programmes import Violation


class NamedAdmin(admin.ModelAdmin):
    """Staff give both names side by side (each required by its model field);
    search finds either."""

    search_fields = ["name_id", "name"]


@admin.register(Niche, Language)
class CategoryAdmin(NamedAdmin):
    list_display = ["name_id", "name", "slug"]
    fields = [("name_id", "name"), "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region)
class RegionAdmin(NamedAdmin):
    list_display = ["name_id", "name", "code", "minimum_age"]
    fields = [("name_id", "name"), "code", "minimum_age"]
    search_fields = [*NamedAdmin.search_fields, "code"]


class RatePackageInline(admin.TabularInline):
    model = RatePackage
    extra = 0


class AudienceSegmentInline(admin.TabularInline):
    model = AudienceSegment
    extra = 0


class ViolationInline(admin.TabularInline):
    model = Violation
    extra = 0
    fields = ["occurred_on", "kind", "note", "recorded_by"]
    readonly_fields = ["recorded_by"]


def _set_recorded_by(instances, user):
    for instance in instances:
        if isinstance(instance, Violation) and instance.recorded_by_id is None:
            instance.recorded_by = user
        instance.save()


@admin.register(CreatorProfile)
class CreatorProfileAdmin(CachedRowsMixin, admin.ModelAdmin):
    list_display = [
        "display_name",
        "handle",
        "user",
        "region",
        "follower_count",
        "figures_source",
        "created_at",
    ]
    list_filter = [
        ("country", NamedChoicesFilter),
        "province",
        ("niches", NamedChoicesFilter),
        "account_type",
        "figures_source",
    ]
    search_fields = ["display_name", "handle", "user__email"]
    list_select_related = ["user", "country"]
    list_only = [
        "display_name",
        "handle",
        "follower_count",
        "figures_source",
        "created_at",
        "user__email",
        "country__name",
        "country__name_id",
    ]
    # 100,000 creators: counted up to 10,000, estimated above; no second count
    # of all of them beside a filtered list.
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Rows, count and choices kept until a creator or a name changes.
    list_versions = [CREATOR_LIST_VERSION, NAMES_VERSION]
    raw_id_fields = ["user"]
    filter_horizontal = ["languages", "niches"]
    # Where the figures come from is set by the services that record them.
    readonly_fields = [
        "figures_recorded_on",
        "figures_source",
        "figures_verified_at",
        "figures_stale_since",
        # Copied from the posted campaign videos' figures by collaborations.
        "posted_videos_measured",
        "posted_videos_vs_average",
        "created_at",
        "updated_at",
    ]
    formfield_overrides = HTTPS_URLS
    inlines = [RatePackageInline, AudienceSegmentInline, ViolationInline]

    @admin.display(
        description=_("country"),
        ordering=ActiveName("country__name", "country__name_id"),
    )
    def region(self, profile):
        """The country, sorted by its name in the page's language (the rows are
        read as values, where sorting on the relation would sort on its id)."""
        return profile.country

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        _set_recorded_by(instances, request.user)
        formset.save_m2m()


@admin.register(Violation)
class ViolationAdmin(admin.ModelAdmin):
    list_display = ["profile", "kind", "occurred_on", "recorded_by", "created_at"]
    list_filter = ["kind", "occurred_on"]
    search_fields = ["profile__handle", "profile__display_name"]
    list_select_related = ["profile", "recorded_by"]
    raw_id_fields = ["profile"]
    readonly_fields = ["recorded_by", "created_at"]
    date_hierarchy = "occurred_on"

    def save_model(self, request, obj, form, change):
        _set_recorded_by([obj], request.user)
