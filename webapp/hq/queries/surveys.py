"""What the HQ survey page reads: per region and quarter, how many stores answered the
quarterly survey (the response rate: answered / stores in the region now) and the
average of each score, against the satisfaction target. No Flask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Region, Store, SurveyAnswer, Territory, User
from ...rules.survey_periods import QUARTER_SCORES, quarter_of
from ...scope import store_filter

QUARTERS_SHOWN = 4


@dataclass
class SurveyStat:
    """One region in one quarter (region None: every region in scope together)."""

    region: Region | None
    period: str
    stores: int
    answered: int
    skipped: int
    averages: dict[str, float | None]

    @property
    def response_rate(self) -> float | None:
        """Answered / stores, a fraction (None with no store)."""
        return self.answered / self.stores if self.stores else None


def recent_periods(today: date, count: int = QUARTERS_SHOWN) -> list[str]:
    """The current quarter and the `count - 1` before it, newest first."""
    year, quarter = today.year, quarter_of(today)
    found = []
    for _ in range(count):
        found.append(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return found


def survey_stats(session: Session, user: User, period: str) -> list[SurveyStat]:
    """Per region in `user`'s scope (by name), then the total row, for one quarter."""
    region_of_store = (select(Store.id.label("store_id"), Territory.region_id.label("region_id"))
                       .join(Territory, Territory.id == Store.territory_id)
                       .where(store_filter(user), Store.status == "active").subquery())
    counts = dict(session.execute(select(region_of_store.c.region_id, func.count())
                                  .group_by(region_of_store.c.region_id)).all())
    # per score its sum and how many gave it (an older answer may lack the product score)
    score_columns = [agg(getattr(SurveyAnswer, name)) for name in QUARTER_SCORES
                     for agg in (func.sum, func.count)]
    rows = session.execute(
        select(region_of_store.c.region_id, SurveyAnswer.skipped, func.count(), *score_columns)
        .join(region_of_store, region_of_store.c.store_id == SurveyAnswer.store_id)
        .where(SurveyAnswer.period == period)
        .group_by(region_of_store.c.region_id, SurveyAnswer.skipped)).all()
    regions = {r.id: r for r in session.scalars(select(Region).where(
        Region.id.in_(list(counts))))} if counts else {}
    by_region: dict[int, SurveyStat] = {
        rid: SurveyStat(regions[rid], period, n, 0, 0, dict.fromkeys(QUARTER_SCORES))
        for rid, n in counts.items()}
    totals = {name: [0, 0] for name in QUARTER_SCORES}
    for region_id, skipped, n, *figures in rows:
        stat = by_region[region_id]
        if skipped:
            stat.skipped += n
            continue
        stat.answered += n
        for index, name in enumerate(QUARTER_SCORES):
            total, given = int(figures[2 * index] or 0), int(figures[2 * index + 1] or 0)
            stat.averages[name] = total / given if given else None
            totals[name][0] += total
            totals[name][1] += given
    stats = sorted(by_region.values(), key=lambda s: s.region.name)
    total = SurveyStat(None, period, sum(counts.values()), sum(s.answered for s in stats),
                       sum(s.skipped for s in stats),
                       {name: (t / g if g else None) for name, (t, g) in totals.items()})
    return [*stats, total]
