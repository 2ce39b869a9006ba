"""What the Series views share: the creator's profile, a page of a list and
refusal messages."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from creators.models import CreatorProfile

PAGE_SIZE = 12


def profile_of(request):
    return get_object_or_404(CreatorProfile, user=request.user)


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def show_refusal(request, error):
    for message in error.messages:
        messages.error(request, message)
