"""Offline sync for Rounds: pure-Python building blocks (no Flask, no database).

- :mod:`sync.hlc` — hybrid logical clocks that order records pushed by devices.
- :mod:`sync.records` — parse and validate pushed records and sync envelopes.
"""
