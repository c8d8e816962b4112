"""The Rounds sync protocol, pure Python: no Flask, no database, no `webapp`.

- :mod:`sync.records` (with `record_parsers`, `record_fields`, `record_data`) — parse and
  validate pushed records and sync envelopes, with the vocabulary the caller gives
  (:mod:`sync.vocabulary`: code lists, money and phone rules from `webapp.rules`);
  :mod:`sync.json_input` bounds the body; :mod:`sync.refusals` gives each refusal a code.
- :mod:`sync.hlc` — hybrid logical clocks that order records pushed by devices.
- :mod:`sync.store_merge` — the field merge of store info as a decision over plain values.
- :mod:`sync.devices` — the per-device record counter (highest seq, gaps, faults).
- :mod:`sync.fingerprint`, :mod:`sync.cursor`, :mod:`sync.outcome`, :mod:`sync.times`,
  :mod:`sync.form_records` — a record's content hash, the pull cursor, a record's result,
  the time rules, and page forms turned into records.

The server applies the protocol in `webapp.services` (push, pull, one module per entity);
`tests/unit/sync/test_sync_isolation.py` keeps this package free of the web app.
"""
