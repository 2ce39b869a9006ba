"""Counts the database queries of a request when asked to (``make load`` only).

The page benchmark sends ``X-Count-Queries: 1`` on one request per page and
reads the count from the ``X-Queries`` answer header; every other request,
the measured ones included, passes through after one header lookup.
"""

from django.db import connections


def count_queries(get_response):
    def middleware(request):
        if request.headers.get("X-Count-Queries") != "1":
            return get_response(request)
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counted):
            response = get_response(request)
        response["X-Queries"] = str(count)
        return response

    return middleware
