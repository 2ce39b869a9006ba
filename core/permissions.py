from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.models import User


def role_required(role):
    """Only logged-in users of ``role`` get through; anonymous users go to the
    login page and users of the other role back to their own dashboard."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if request.user.role != role:
                messages.error(
                    request,
                    _("That page is for %(role)s accounts.")
                    % {"role": User.Role(role).label.lower()},
                )
                return redirect("dashboard")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


creator_required = role_required(User.Role.CREATOR)
business_required = role_required(User.Role.BUSINESS)
