from django import template

from core.videos import format_duration

register = template.Library()


@register.filter
def duration(milliseconds):
    """``m:ss`` for a video's duration in milliseconds."""
    return format_duration(int(milliseconds))
