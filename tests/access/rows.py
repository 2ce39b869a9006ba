"""The visitors each URL is requested by, and one row of the table: what each
of them gets for a GET and for a POST."""

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "creator_a",
    "creator_b",
    "business_a",
    "business_b",
    "teammate_a",
    "fan",
    "staff",
)


@dataclass(frozen=True)
class Row:
    get: str
    post: str
    # URL arguments: converter name -> an attribute of the test's world ("series_a").
    kwargs: dict = field(default_factory=dict)
    # For patterns without a name: the path, formatted with ``kwargs``.
    path: str | None = None

    @staticmethod
    def draft(actual):
        """The row that matches ``actual`` ({(method, role): answer}), to paste
        here once someone has checked every answer in it is right."""
        get = " ".join(actual[("get", role)] for role in ROLES)
        post = " ".join(actual[("post", role)] for role in ROLES)
        return f'Row(get="{get}", post="{post}")'
