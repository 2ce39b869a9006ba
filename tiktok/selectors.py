"""Reads of linked TikTok accounts."""

from tiktok.models import LinkedAccount


def account_for(user):
    """``user``'s linked account in any status (the row stays after a disconnect), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return LinkedAccount.objects.filter(user=user).first()


def active_accounts():
    """The links whose tokens TikTok still accepts, with their users."""
    return LinkedAccount.objects.filter(status=LinkedAccount.Status.ACTIVE).select_related("user")
