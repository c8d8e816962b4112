"""Which visit a ticket may be linked to (rules.ticket_visit): the rep's own, at the
ticket's store, received while it lasted (an hour's slack for the phone's clock)."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.rules.ticket_visit import VisitLink, VisitSpan, visit_link_problem

START = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
VISIT = VisitSpan(rep_id=3, store_id=7, started_at=START, ended_at=START + timedelta(minutes=30))


@pytest.mark.parametrize(("visit", "rep", "store", "minutes", "expected"), [
    (VISIT, 3, 7, 10, None),
    (VISIT, 3, 7, -59, None),  # the phone's clock a little behind the server's
    (VISIT, 3, 7, 89, None),
    (VISIT, 3, 7, -61, VisitLink.OUTSIDE_VISIT),
    (VISIT, 3, 7, 91, VisitLink.OUTSIDE_VISIT),
    (VisitSpan(3, 7, START, None), 3, 7, 12 * 60 + 30, None),  # still open: 12 h at most
    (VisitSpan(3, 7, START, None), 3, 7, 13 * 60 + 1, VisitLink.OUTSIDE_VISIT),
    (VISIT, 4, 7, 10, VisitLink.OTHER_REP),
    (VISIT, 3, 8, 10, VisitLink.OTHER_STORE),
    (None, 3, 7, 10, VisitLink.UNKNOWN),
])
def test_visit_link_problem(visit, rep, store, minutes, expected):
    assert visit_link_problem(visit, rep, store, START + timedelta(minutes=minutes)) == expected
