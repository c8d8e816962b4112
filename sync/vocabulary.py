"""What the record parsers need to know from the business rules, as plain values.

`sync` speaks the protocol only and imports nothing from `webapp`; yet which visit
purposes exist, how money is written and what a phone number looks like are the
rules' decisions (`webapp/rules/`). The caller (the push path, a rep's form) hands
the parsers one object that satisfies :class:`RecordVocabulary`; the application's
instance is `webapp.rules.record_vocabulary.RECORD_VOCABULARY`, and a test may pass
any object of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol


class RecordVocabulary(Protocol):
    """Code lists (in the order error messages list them) and the field rules.

    ``parse_yuan`` turns "23.50" into 2350 fen or raises ValueError, optionally with a
    ``code`` attribute (``negative``, ``decimals``, ``too_large``, ...);
    ``clean_phone`` returns the number as stored or raises ValueError with a message.
    """

    @property
    def visit_purposes(self) -> Sequence[str]: ...
    @property
    def finding_areas(self) -> Sequence[str]: ...
    @property
    def store_fields(self) -> Sequence[str]: ...
    @property
    def required_store_fields(self) -> Sequence[str]: ...
    @property
    def delivery_methods(self) -> Sequence[str]: ...
    @property
    def ticket_kinds(self) -> Sequence[str]: ...
    @property
    def ticket_categories(self) -> Sequence[str]: ...
    @property
    def restock_reasons(self) -> Sequence[str]: ...
    @property
    def ticket_update_actions(self) -> Sequence[str]: ...
    @property
    def parse_yuan(self) -> Callable[[str], int]: ...
    @property
    def clean_phone(self) -> Callable[[str], str]: ...
