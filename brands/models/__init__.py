"""brands' tables, one module per concern; importing this package registers them all."""

from brands.models.businesses import (
    Business,
    BusinessInvitation,
    BusinessMembership,
    new_invitation_token,
    nib_validator,
)
from brands.models.campaigns import Campaign, CampaignStatusChange, ShortlistEntry
from brands.models.matches import CampaignMatch, MatchingWeights, MatchRun

__all__ = [
    "Business",
    "BusinessInvitation",
    "BusinessMembership",
    "Campaign",
    "CampaignMatch",
    "CampaignStatusChange",
    "MatchRun",
    "MatchingWeights",
    "ShortlistEntry",
    "new_invitation_token",
    "nib_validator",
]
