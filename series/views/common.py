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


def show_refusal(request, refusal):
    """Show a service's refusal as an error message on the next page."""
    messages.error(request, refusal.message)


def add_refusal(form, refusal):
    """Show a service's refusal on ``form``: under the field it is about, or
    above the form."""
    form.add_error(refusal.field, refusal.message)
