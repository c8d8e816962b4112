"""Parse and validate records pushed by devices (untrusted JSON).

A push is an envelope ``{"device_id", "schema_version", "records": [...]}`` checked by
:func:`parse_envelope`; each record ``{"id", "type", "hlc", "seq"?, "data"}`` is checked
by :func:`parse_record`, which returns an immutable :class:`Record` or raises
:class:`RecordError` with a short message for HQ staff, e.g.
``"price_check.shelf_price: '23.555' has more than 2 decimals"``.

Schema versions: ``SCHEMA_VERSION`` (1) is current. Records queued by an older app
are upgraded one version at a time through the steps in ``UPGRADE_STEPS`` (none yet);
a version newer than the server knows is rejected, so the device keeps it queued.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync.hlc import HLC, validate_node
from sync.json_input import PENDING_MAX
from sync.record_data import (
    Finding,
    FollowUp,
    FollowUpDoneData,
    OrderData,
    OrderLineData,
    PriceCheckData,
    RecommendationData,
    RecordData,
    RestockData,
    RestockFollowupData,
    RestockLine,
    StoreUpdateData,
    TicketData,
    TicketUpdateData,
    VisitData,
)
from sync.record_fields import (
    FieldError,
    Fields,
    describe,
    expect_code,
    expect_int,
    expect_uuid,
)
from sync.record_parsers import PARSERS
from sync.vocabulary import RecordVocabulary

__all__ = [
    "RECORD_TYPES", "SCHEMA_VERSION", "UPGRADE_STEPS", "Envelope", "EnvelopeError",
    "Finding", "FollowUp", "OrderData", "OrderLineData", "PriceCheckData", "Record",
    "RecordData", "RecordError", "RestockData", "RestockLine", "StoreUpdateData", "TicketData",
    "TicketUpdateData", "VisitData", "FollowUpDoneData", "RestockFollowupData",
    "RecommendationData",
    "RecordVocabulary", "parse_envelope", "parse_record", "register_upgrade", "upgrade_payload",
]

SCHEMA_VERSION = 1
RECORD_TYPES: tuple[str, ...] = tuple(PARSERS)
MAX_RECORDS = 5000

UpgradeStep = Callable[[dict[str, Any]], dict[str, Any]]
#: ``UPGRADE_STEPS[n]`` turns a version-``n`` record into a version ``n + 1`` record.
UPGRADE_STEPS: dict[int, UpgradeStep] = {}


class RecordError(ValueError):
    """A pushed record was rejected. ``record_id`` is its id when that was readable."""

    def __init__(self, message: str, record_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.record_id = record_id


class EnvelopeError(ValueError):
    """The whole push was rejected; ``status`` is the HTTP status to answer (400 or 413)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Record:
    """One validated record; ``id`` is a lowercase UUID, ``data`` is typed per ``type``."""

    id: str
    type: str
    hlc: HLC
    seq: int | None
    data: RecordData


@dataclass(frozen=True, slots=True)
class Envelope:
    """A validated push envelope; its records are still raw, for :func:`parse_record`."""

    device_id: str
    schema_version: int
    records_raw: list[Any]
    pending: int | None = None  # records still on the phone, clamped to 0..PENDING_MAX


def register_upgrade(from_version: int) -> Callable[[UpgradeStep], UpgradeStep]:
    """Decorator registering the step that upgrades ``from_version`` to ``from_version + 1``.

    A step receives a deep copy of the raw record and returns the upgraded raw record.
    """

    def register(step: UpgradeStep) -> UpgradeStep:
        if from_version in UPGRADE_STEPS:
            raise ValueError(f"an upgrade from schema version {from_version} already exists")
        UPGRADE_STEPS[from_version] = step
        return step

    return register


def _peek_id(raw: object) -> str | None:
    if isinstance(raw, dict):
        try:
            return expect_uuid(raw.get("id"), "id")
        except FieldError:
            return None
    return None


def upgrade_payload(raw: dict[str, Any], from_version: int) -> dict[str, Any]:
    """Bring a raw record written under ``from_version`` up to ``SCHEMA_VERSION``.

    The current version passes through unchanged; older versions run each registered
    step in turn on a copy; newer or unknown versions raise :class:`RecordError`.
    """
    record_id = _peek_id(raw)
    if type(from_version) is not int or from_version < 1:
        raise RecordError(f"schema version {describe(from_version)} is not valid", record_id)
    if from_version > SCHEMA_VERSION:
        raise RecordError(
            f"schema version {from_version} is newer than this server supports "
            f"({SCHEMA_VERSION}); update the server",
            record_id,
        )
    payload = copy.deepcopy(raw) if from_version < SCHEMA_VERSION else raw
    for version in range(from_version, SCHEMA_VERSION):
        step = UPGRADE_STEPS.get(version)
        if step is None:
            raise RecordError(f"records of schema version {version} can no longer be read",
                              record_id)
        payload = step(payload)
    return payload


def _expect_hlc(value: object, path: str) -> HLC:
    try:
        return HLC.parse(value)
    except ValueError as err:
        raise FieldError(path, str(err)) from None


def _as_is(value: object, path: str) -> object:
    return value


def parse_record(raw: object, vocabulary: RecordVocabulary, *,
                 schema_version: int = SCHEMA_VERSION) -> Record:
    """Validate one raw record (upgrading it from ``schema_version`` first).

    ``vocabulary`` carries the rules' code lists, money and phone rules (the
    application passes `webapp.rules.record_vocabulary.RECORD_VOCABULARY`).
    Raises :class:`RecordError` naming the first problem found.
    """
    record_id = _peek_id(raw)
    if type(schema_version) is not int or schema_version != SCHEMA_VERSION:
        if not isinstance(raw, dict):
            raise RecordError(f"record: expected an object, got {describe(raw)}")
        raw = upgrade_payload(raw, schema_version)
    try:
        f = Fields(raw, "record", ("id", "type", "hlc", "seq", "data"))
        record_id = f.req("id", expect_uuid)
        kind = f.req("type", expect_code, codes=RECORD_TYPES, what="record type")
        hlc = f.req("hlc", _expect_hlc)
        seq = f.opt("seq", expect_int, lo=1)
        data = PARSERS[kind](f.req("data", _as_is), kind, vocabulary)
        if getattr(data, "corrects", None) == record_id:
            raise FieldError(f"{kind}.corrects", "a record cannot correct itself")
    except FieldError as err:
        raise RecordError(str(err), record_id) from None
    return Record(record_id, kind, hlc, seq, data)


def parse_envelope(body: object, max_records: int = MAX_RECORDS) -> Envelope:
    """Validate a push body; raises :class:`EnvelopeError` (400 malformed, 413 too big).

    Other top-level keys are ignored. A ``schema_version`` newer than the server's is
    rejected (400) so the device keeps its records queued until the server is updated.
    """
    if not isinstance(body, dict):
        raise EnvelopeError(f"body must be a JSON object, got {describe(body)}")
    version = body.get("schema_version")
    if type(version) is not int or version < 1:
        raise EnvelopeError(
            f"schema_version must be a positive whole number, got {describe(version)}"
        )
    if version > SCHEMA_VERSION:
        raise EnvelopeError(f"schema_version {version} is newer than this server supports "
                            f"({SCHEMA_VERSION}); update the server")
    device_id = body.get("device_id")
    try:
        validate_node(device_id)
    except ValueError:
        raise EnvelopeError(f"device_id must be 1-64 characters of A-Z a-z 0-9 _ . -, "
                            f"got {describe(device_id)}") from None
    records = body.get("records")
    if not isinstance(records, list):
        raise EnvelopeError(f"records must be a list, got {describe(records)}")
    if len(records) > max_records:
        raise EnvelopeError(f"batch of {len(records)} records exceeds the maximum of "
                            f"{max_records}; split it", 413)
    pending = body.get("pending")
    pending = min(max(pending, 0), PENDING_MAX) if type(pending) is int else None
    return Envelope(device_id, version, list(records), pending)
