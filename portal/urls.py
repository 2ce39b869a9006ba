from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from brands import urls as brands_urls
from matching import urls as matching_urls
from portal import email_notifications, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/signup/", views.SignupView.as_view(), name="account_signup"),
    path("account/", views.account, name="account"),
    path("account/become-creator/", views.become_creator, name="become_creator"),
    path("account/open-business/", views.open_business, name="open_business"),
    path("accounts/privacy/", views.privacy_overview, name="privacy"),
    path("accounts/privacy/export/", views.privacy_export, name="privacy_export"),
    path("accounts/privacy/delete/", views.privacy_delete, name="privacy_delete"),
    path(
        "accounts/emails/",
        email_notifications.email_notifications,
        name="email_notifications",
    ),
    path(
        "accounts/emails/unsubscribe/<str:token>/",
        email_notifications.email_unsubscribe,
        name="email_unsubscribe",
    ),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("creator/tiktok/", include("tiktok.urls")),
    path("creator/", include("creators.urls")),
    # The matcher's pages keep their names among the business pages
    # ("brands:campaign_matches"), and come first: "matches" is no campaign action.
    path(
        "business/",
        include((matching_urls.urlpatterns + brands_urls.urlpatterns, brands_urls.app_name)),
    ),
    path("payments/", include("payments.urls")),
    path("series/", include("series.urls")),
    path("collaborations/", include("collaborations.urls")),
    path("earnings/", include("earnings.urls")),
    path("billing/", include("billing.urls")),
    path("fans/", include("fans.urls")),
]

if settings.DEBUG:
    # Public uploads (profile photos, logos, covers) under `make run`; in production
    # the web server serves MEDIA_ROOT. Paid episode files are never under MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "portal.health.server_error"
