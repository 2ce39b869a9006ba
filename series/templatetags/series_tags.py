from django import template

from series.videos import format_duration

register = template.Library()


@register.filter
def duration(milliseconds):
    """``m:ss`` for an episode's duration in milliseconds."""
    return format_duration(int(milliseconds))
