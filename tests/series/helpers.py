"""What tests of the Series pages share."""

import re

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def without_csrf(html):
    """``html`` without its CSRF tokens' values, which are masked anew on each
    request: two pages that differ only in them show the same."""
    return CSRF_VALUE.sub('name="csrfmiddlewaretoken"', html)
