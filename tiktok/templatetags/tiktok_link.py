"""``{% tiktok_link_card user %}``: the creator's TikTok link and what they can do with it."""

from django import template

from tiktok.selectors import account_for

register = template.Library()


@register.inclusion_tag("tiktok/includes/link_card.html")
def tiktok_link_card(user):
    return {"account": account_for(user)}
