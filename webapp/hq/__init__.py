"""The hq blueprint."""

from . import device_pages, restock_pages, store_pages, sync_pages  # noqa: F401  (routes on views.bp)
