from django.urls import path

from series.views import (
    analytics,
    buyers,
    creator_page,
    discounts,
    episodes,
    public,
    reviews,
    studio,
    watching,
)

app_name = "series"
urlpatterns = [
    path("", public.index, name="index"),
    path("by/<slug:handle>/", creator_page.creator, name="by_creator"),
    path("studio/", studio.studio, name="studio"),
    # The sort is in the path so the page links (?page=N) keep it.
    path("studio/by-rating/", studio.studio, {"sort": "rating"}, name="studio_by_rating"),
    path("studio/new/", studio.create, name="create"),
    path("studio/earnings/", analytics.earnings, name="earnings"),
    path("studio/<int:pk>/", studio.manage, name="manage"),
    path("studio/<int:pk>/edit/", studio.edit, name="edit"),
    path("studio/<int:pk>/episodes/new/", episodes.add_episode, name="add_episode"),
    path("studio/<int:pk>/episodes/order/", episodes.reorder, name="reorder"),
    path(
        "studio/<int:pk>/episodes/<int:episode_pk>/edit/",
        episodes.edit_episode,
        name="edit_episode",
    ),
    path(
        "studio/<int:pk>/episodes/<int:episode_pk>/delete/",
        episodes.delete_episode,
        name="delete_episode",
    ),
    path(
        "studio/<int:pk>/episodes/<int:episode_pk>/keep/",
        episodes.keep_episode,
        name="keep_episode",
    ),
    path("studio/<int:pk>/analytics/", analytics.analytics, name="analytics"),
    path("studio/<int:pk>/analytics.csv", analytics.analytics_csv, name="analytics_csv"),
    path("studio/<int:pk>/discounts/new/", discounts.add_discount, name="add_discount"),
    path(
        "studio/<int:pk>/discounts/<int:discount_pk>/end/",
        discounts.end_discount,
        name="end_discount",
    ),
    path("studio/<int:pk>/<slug:status>/", studio.change_status, name="change_status"),
    path("library/", buyers.library, name="library"),
    path("library/<int:purchase_pk>/refund/", buyers.refund_request, name="refund_request"),
    path("<int:pk>/", public.detail, name="detail"),
    path("<int:pk>/buy/", buyers.buy, name="buy"),
    path("<int:pk>/review/", reviews.review, name="review"),
    path("<int:pk>/new-episode-emails/", buyers.new_episode_emails, name="new_episode_emails"),
    path("<int:pk>/reviews/<int:review_pk>/answer/", reviews.answer_review, name="answer_review"),
    path("<int:pk>/episodes/<int:episode_pk>/", watching.watch, name="watch"),
    path("<int:pk>/episodes/<int:episode_pk>/video/", watching.episode_file, name="episode_file"),
    path("<int:pk>/episodes/<int:episode_pk>/events/", watching.watch_event, name="watch_event"),
    path(
        "<int:pk>/episodes/<int:episode_pk>/progress/",
        watching.save_progress,
        name="save_progress",
    ),
]
