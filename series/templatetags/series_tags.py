from django import template

from core.templatetags.videos import duration

register = template.Library()


register.filter("duration", duration)
