"""The creators app's admin, one module per subject; importing them registers them."""

from creators.admin import applications, figures, profiles, programmes

__all__ = ["applications", "figures", "profiles", "programmes"]
