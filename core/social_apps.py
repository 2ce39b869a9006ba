"""The social applications staff set up in the admin (Google, TikTok), kept in
each process until one changes.

The login and signup pages list the providers people can sign in with, and
allauth reads the ``SocialApp`` table for that on every visit. The rows change
only when staff edit them in the admin, so each process keeps them in its own
``fragments`` cache (never in Redis: they hold client secrets) under the shared
version ``SOCIAL_APPS_VERSION``, moved on by every save and deletion. Without
a version (Redis unreachable) they are read every time.
"""

from core import versions

SOCIAL_APPS_VERSION = "social-apps"


def kept_apps(read):
    """``read()`` (the list of social applications), kept in the process's
    fragments cache until an application changes."""
    return versions.kept("social-apps", [SOCIAL_APPS_VERSION], read, None)


def social_apps_changed(sender, **kwargs):
    """Receiver for saves and deletions of a social application."""
    versions.bump(SOCIAL_APPS_VERSION)
