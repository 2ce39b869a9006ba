"""How Series services refuse: :class:`SeriesRefused` (a rule or a state), with
a message for the person who asked (views show it as it is) and, when it is
about one field of the form they filled in, that field's name; and
:class:`NotAllowed` (who asked may not), which a view answers with 403."""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from core.refusals import Refusal


class SeriesRefused(Refusal):
    """A Series service would not make the change; nothing was changed.
    ``field`` names the form field the message is about, or is None."""

    def __init__(self, message="", *args, field=None):
        super().__init__(message, *args)
        self.field = field


class NotAllowed(Refusal, PermissionDenied):
    """Refused because of who asked (not a buyer, not the creator, not staff);
    nothing was changed. A view that does not catch it answers 403, as for any
    ``PermissionDenied``."""


@contextmanager
def refused_when_invalid(field=None):
    """Turn a shared validator's ``ValidationError`` (the price range, the video
    file, the cover photo) into a :class:`SeriesRefused` with the same message
    and field (``field`` when the error names none)."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            field, errors = next(iter(error.error_dict.items()))
            message = errors[0].messages[0]
        else:
            message = error.messages[0]
        raise SeriesRefused(message, field=None if field == NON_FIELD_ERRORS else field) from error
