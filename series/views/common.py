"""What the Series views share: the creator's profile, a page of a list and
refusal messages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404

from core import pagination
from creators.models import CreatorProfile

PAGE_SIZE = 12


def profile_of(request):
    return get_object_or_404(CreatorProfile, user=request.user)


def page_of(request, queryset, *, count=None):
    return pagination.page_of(queryset, request.GET.get("page"), PAGE_SIZE, count=count)


def show_refusal(request, refusal):
    """Show a service's refusal as an error message on the next page."""
    messages.error(request, refusal.message)


def add_refusal(form, refusal):
    """Show a service's refusal on ``form``: under the field it is about, or
    above the form."""
    form.add_error(refusal.field, refusal.message)
