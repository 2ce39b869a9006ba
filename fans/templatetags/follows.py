"""For pages of other apps that show a follow button (the creator's page):

{% load follows %}{% is_following creator as following %}
{% include "fans/follow_button.html" with creator=creator is_following=following %}
"""

from django import template

from fans import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def is_following(context, creator):
    """Whether the logged-in user follows ``creator`` (one query; False for visitors
    and where there is no request, as in emails)."""
    request = context.get("request")
    return request is not None and selectors.is_following(request.user, creator)
