"""One shape for every status table.

A model with statuses mixes in :class:`StatusMachine` and declares::

    TRANSITIONS = {
        Status.DRAFT: {Status.IN_REVIEW: {CREATOR}},
        Status.IN_REVIEW: {Status.PUBLISHED: {STAFF}, Status.REJECTED: {STAFF}},
        Status.PUBLISHED: {},
    }

that is ``{from: {to: sides}}``: the statuses each status may become, and the
sides (creator, business, staff…) allowed to make each move. ``sides`` is
:data:`ANY_SIDE` where who moves is decided elsewhere (a permission check)."""

ANY_SIDE = None


class StatusMachine:
    """``can_become`` and ``next_statuses`` over the model's ``TRANSITIONS``."""

    TRANSITIONS = {}
    status_field = "status"

    def _moves(self):
        return self.TRANSITIONS.get(getattr(self, self.status_field), {})

    def can_become(self, status, side=None):
        """Whether this may move to ``status`` now (by ``side``, when given)."""
        moves = self._moves()
        if status not in moves:
            return False
        sides = moves[status]
        return side is None or sides is ANY_SIDE or side in sides

    def next_statuses(self, side=None):
        """The statuses this may move to now (by ``side``, when given), in table order."""
        return [
            status
            for status, sides in self._moves().items()
            if side is None or sides is ANY_SIDE or side in sides
        ]
