"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

import gc

from webapp import create_app

app = create_app()
# What start-up made lives as long as the process: take it out of the cyclic garbage
# collector's scans, so the collections a big sync push triggers stay cheap
# (measured: about 15 % of a push's time; see bench/sync_push.py).
gc.freeze()
