"""The rep blueprint."""

from . import capture_requests, capture_views, price_views  # noqa: F401  (routes on views.bp)
