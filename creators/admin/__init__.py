"""The creators app's admin, one module per subject; importing them registers them."""

from creators.admin import applications, figures, profiles, programmes, versions

# The lists' kept reads move on with every change of what they show.
versions.connect()

__all__ = ["applications", "figures", "profiles", "programmes", "versions"]
