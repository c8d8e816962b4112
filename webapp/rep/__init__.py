"""The rep blueprint."""

from . import (  # noqa: F401  (routes on views.bp)
    capture_requests,
    capture_views,
    price_views,
    territory_views,
)
