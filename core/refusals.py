"""One base for every service's refusal.

A service that will not do what it was asked (a rule, a state, a limit) raises
a subclass of :class:`Refusal` whose message is written for the person who
asked, translated: views show it as it is, tasks log it. Nothing was changed
when a refusal is raised."""


class Refusal(Exception):
    """The request was refused; ``str(refusal)`` (or ``.message``) tells the person why."""

    def __init__(self, message="", *args):
        super().__init__(message, *args)
        self.message = message

    def __str__(self):
        return str(self.message)
