from brands.models import BusinessMembership


def memberships_for_user(user):
    """The user's business memberships, each with its business."""
    return (
        BusinessMembership.objects.filter(user=user)
        .select_related("business")
        .order_by("business__name")
    )
