"""The hq blueprint."""

from . import (  # noqa: F401  (routes on views.bp)
    device_pages,
    overview_pages,
    restock_pages,
    store_pages,
    sync_pages,
)
