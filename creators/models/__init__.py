"""The creators app's models, one module per subject; imported here so Django
registers them and ``from creators.models import CreatorProfile`` keeps working."""

from creators.models.applications import (
    CREATOR,
    STAFF,
    ApplicationDecision,
    ProgrammeApplication,
)
from creators.models.categories import Category, Language, Niche
from creators.models.figures import FigureSnapshot
from creators.models.places import Province, Region
from creators.models.profiles import (
    OPEN_TO_OFFERS,
    AudienceSegment,
    CreatorProfile,
    FigureSource,
    RatePackage,
)
from creators.models.programmes import Programme, Violation

__all__ = [
    "CREATOR",
    "OPEN_TO_OFFERS",
    "STAFF",
    "ApplicationDecision",
    "AudienceSegment",
    "Category",
    "CreatorProfile",
    "FigureSnapshot",
    "FigureSource",
    "Language",
    "Niche",
    "Programme",
    "ProgrammeApplication",
    "Province",
    "RatePackage",
    "Region",
    "Violation",
]
