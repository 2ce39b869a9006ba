from django.urls import path

from series import views

app_name = "series"
urlpatterns = [
    path("", views.index, name="index"),
    path("by/<slug:handle>/", views.index, name="by_creator"),
    path("studio/", views.studio, name="studio"),
    # The sort is in the path so the page links (?page=N) keep it.
    path("studio/by-rating/", views.studio, {"sort": "rating"}, name="studio_by_rating"),
    path("studio/new/", views.create, name="create"),
    path("studio/earnings/", views.earnings, name="earnings"),
    path("studio/<int:pk>/", views.manage, name="manage"),
    path("studio/<int:pk>/edit/", views.edit, name="edit"),
    path("studio/<int:pk>/episodes/new/", views.add_episode, name="add_episode"),
    path("studio/<int:pk>/episodes/order/", views.reorder, name="reorder"),
    path(
        "studio/<int:pk>/episodes/<int:episode_pk>/edit/",
        views.edit_episode,
        name="edit_episode",
    ),
    path(
        "studio/<int:pk>/episodes/<int:episode_pk>/delete/",
        views.delete_episode,
        name="delete_episode",
    ),
    path(
        "studio/<int:pk>/episodes/<int:episode_pk>/keep/",
        views.keep_episode,
        name="keep_episode",
    ),
    path("studio/<int:pk>/analytics/", views.analytics, name="analytics"),
    path("studio/<int:pk>/analytics.csv", views.analytics_csv, name="analytics_csv"),
    path("studio/<int:pk>/discounts/new/", views.add_discount, name="add_discount"),
    path(
        "studio/<int:pk>/discounts/<int:discount_pk>/end/",
        views.end_discount,
        name="end_discount",
    ),
    path("studio/<int:pk>/<slug:status>/", views.change_status, name="change_status"),
    path("library/", views.library, name="library"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/buy/", views.buy, name="buy"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/new-episode-emails/", views.new_episode_emails, name="new_episode_emails"),
    path("<int:pk>/reviews/<int:review_pk>/answer/", views.answer_review, name="answer_review"),
    path("<int:pk>/episodes/<int:episode_pk>/", views.watch, name="watch"),
    path("<int:pk>/episodes/<int:episode_pk>/video/", views.episode_file, name="episode_file"),
    path("<int:pk>/episodes/<int:episode_pk>/events/", views.watch_event, name="watch_event"),
]
