from django import template

from collaborations.selectors import kept_creator_summary

register = template.Library()


@register.inclusion_tag("collaborations/includes/creator_card.html")
def collaborations_card(profile):
    """The creator dashboard's card: invitations waiting, active and closed counts."""
    return {"summary": kept_creator_summary(profile)}
