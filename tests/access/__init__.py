"""Who gets what from every URL: the table ``tests/test_access_control.py`` checks.

Each row is one URL pattern (its namespaced name, or its route when it has no
name), with the arguments that point it at creator A's or business A's objects
and what each visitor gets for a GET and for a POST. The visitors, in order:

    anonymous  creator_a  creator_b  business_a  business_b  teammate_a  fan  staff

``business_a`` owns business A; ``teammate_a`` is a member (not an owner) of it;
``fan`` is a fan account (no creator profile, no business) who follows creator
A and owns none of A's Series.
An answer is a status code, ``login`` (a redirect to the login page) or
``admin-login`` (a redirect to the admin's login). A new URL needs a row here:
decide who may use it, and keep other people's objects a 404.

The rows are in ``site_urls`` (the portal's own pages, allauth's, the admin's
own pages), ``app_urls`` (each app's pages and the public uploads) and
``admin_models`` (each model registered in the admin, which gives it its six
pages); ``rows`` holds the visitors and the shape of a row.
"""

from tests.access.admin_models import admin_rows
from tests.access.app_urls import APP_PAGES
from tests.access.site_urls import SITE_PAGES


def table():
    """Every row, by the URL pattern's key."""
    return SITE_PAGES | APP_PAGES | admin_rows()
