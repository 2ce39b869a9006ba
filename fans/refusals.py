from core.refusals import Refusal


class FansRefused(Refusal):
    """A fans service would not make the change; nothing was changed."""
