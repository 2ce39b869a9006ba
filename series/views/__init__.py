"""The Series pages, one module per part of the site; ``series.urls`` names each view's module."""
