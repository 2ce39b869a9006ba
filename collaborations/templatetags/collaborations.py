from django import template

from collaborations.selectors import creator_summary

register = template.Library()


@register.inclusion_tag("collaborations/includes/creator_card.html")
def collaborations_card(profile):
    """The creator dashboard's card: invitations waiting, active and closed counts."""
    return {"summary": creator_summary(profile)}
