from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from collaborations.models import Collaboration, Side


def track_records(creator_ids=None):
    """Each creator's record from past collaborations, for the reliability part
    of the match score: ``{creator_id: {"judged", "on_time", "approved",
    "stars"}}``, in one query whatever the number of creators.

    A collaboration is judged once the creator accepted it and either submitted
    content or let the due date pass. ``on_time`` counts first submissions made
    on or before the due date (a day in the site's time zone), ``approved`` the
    ones the business approved, ``stars`` is the business's average rating
    (None when no business rated the creator). Creators with no judged
    collaboration are left out.
    """
    today = timezone.localdate()
    judged = Q(accepted_at__isnull=False) & (
        Q(first_submitted_at__isnull=False) | Q(due_on__lt=today)
    )
    rows = Collaboration.objects.filter(judged)
    if creator_ids is not None:
        rows = rows.filter(creator_id__in=creator_ids)
    rows = (
        rows.annotate(submitted_on=TruncDate("first_submitted_at"))
        .values("creator_id")
        .annotate(
            judged=Count("pk", distinct=True),
            on_time=Count("pk", filter=Q(submitted_on__lte=F("due_on")), distinct=True),
            approved=Count("pk", filter=Q(approved_at__isnull=False), distinct=True),
            stars=Avg("ratings__stars", filter=Q(ratings__by_side=Side.BUSINESS)),
        )
        .order_by()
    )
    return {
        row.pop("creator_id"): {
            **row,
            "stars": None if row["stars"] is None else float(row["stars"]),
        }
        for row in rows
    }
