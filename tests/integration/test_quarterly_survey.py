"""The quarterly general survey (002 满意度调查, quarterly; issue 12 item 9): offered to the
owner until answered, skipped or the quarter ends, once per quarter; HQ sees response
rates and averages by region and quarter against the satisfaction target."""

from datetime import UTC, datetime

import pytest
from notice_world import build_notice_world
from sqlalchemy import select
from time_helpers import move_clock_to

from webapp.hq.queries.surveys import recent_periods, survey_stats
from webapp.models import SurveyAnswer
from webapp.services.quarterly_surveys import (
    quarterly_survey_due,
    record_quarterly_survey,
    skip_quarterly_survey,
)
from webapp.services.refusals import ActionRefused

# 2026-12-31 23:30 in Shanghai: the last half hour of Q4; 1 Jan 00:30 is Q1 of 2027
LAST_HALF_HOUR_OF_Q4 = datetime(2026, 12, 31, 15, 30, tzinfo=UTC)
FIRST_HOUR_OF_Q1 = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)
SCORES = {"attitude": 5, "effect": 4, "product": 3, "overall": 4}


@pytest.fixture
def world(db, password_hash):
    return build_notice_world(db.session, password_hash)


def _signed_in(make_web, username):
    web = make_web()
    assert web.login(username).status_code == 302
    return web


def test_answered_once_per_quarter_a_second_answer_is_refused(db, world):
    store, owner = world.store("东一烟酒"), world.users["owner_a"]
    day = datetime(2026, 11, 24).date()
    assert quarterly_survey_due(db.session, store, day) == "2026-Q4"
    record_quarterly_survey(db.session, owner, store, day, SCORES, "送货再快些")
    assert quarterly_survey_due(db.session, store, day) is None
    with pytest.raises(ActionRefused):
        skip_quarterly_survey(db.session, owner, store, day)
    with pytest.raises(ActionRefused) as bad:
        record_quarterly_survey(db.session, owner, world.store("东二超市"), day,
                                {**SCORES, "product": 6})
    assert bad.value.reason == "survey_score"


def test_the_owner_is_offered_it_on_home_and_answers_it(db, world, make_web):
    owner = _signed_in(make_web, "owner_a")
    assert "data-survey-prompt=" in owner.client.get("/store/").get_data(as_text=True)
    answer = owner.post_form("/store/survey", {**{k: str(v) for k, v in SCORES.items()},
                                               "comment": "很好"})
    assert answer.status_code == 303
    saved = db.session.scalars(select(SurveyAnswer)).one()
    assert (saved.period, saved.overall, saved.product, saved.comment) == ("2026-Q4", 4, 3, "很好")
    assert "data-survey-prompt=" not in owner.client.get("/store/").get_data(as_text=True)
    assert "data-survey-done" in owner.client.get("/store/survey").get_data(as_text=True)


def test_a_missing_score_is_sent_back_and_nothing_saved(db, world, make_web):
    owner = _signed_in(make_web, "owner_a")
    answer = owner.post_form("/store/survey", {"attitude": "5", "effect": "4", "product": "3"})
    assert answer.status_code == 422
    assert "请选择 1(差)到 5(很好)的评分" in answer.get_data(as_text=True)
    assert db.session.scalars(select(SurveyAnswer)).first() is None


def test_skipping_hides_it_until_the_next_quarter_which_starts_at_local_midnight(db, world,
                                                                                 make_web):
    move_clock_to(LAST_HALF_HOUR_OF_Q4)
    owner = _signed_in(make_web, "owner_a")
    assert 'data-survey-prompt="2026-Q4"' in owner.client.get("/store/").get_data(as_text=True)
    assert owner.post_form("/store/survey/skip", {}, page="/store/survey").status_code == 303
    assert "data-survey-prompt" not in owner.client.get("/store/").get_data(as_text=True)
    move_clock_to(FIRST_HOUR_OF_Q1)
    assert 'data-survey-prompt="2027-Q1"' in owner.client.get("/store/").get_data(as_text=True)
    skipped = db.session.scalars(select(SurveyAnswer)).one()
    assert skipped.skipped and skipped.period == "2026-Q4" and skipped.overall is None


def test_an_unanswered_quarter_ends_with_the_quarter(db, world):
    store = world.store("东一烟酒")
    assert quarterly_survey_due(db.session, store, datetime(2026, 12, 31).date()) == "2026-Q4"
    assert quarterly_survey_due(db.session, store, datetime(2027, 1, 1).date()) == "2027-Q1"


def test_hq_figures_match_a_hand_count(db, world, make_web):
    day = datetime(2026, 11, 24).date()
    east = {"东一烟酒": {"attitude": 5, "effect": 4, "product": 3, "overall": 5},
            "东二超市": {"attitude": 3, "effect": 2, "product": 4, "overall": 2}}
    for name, scores in east.items():
        store = world.store(name)
        record_quarterly_survey(db.session, store.owner, store, day, scores)
    skip_quarterly_survey(db.session, world.users["owner_c"], world.store("东三便利"), day)
    west = world.store("西一烟酒")
    record_quarterly_survey(db.session, west.owner, west, day,
                            {"attitude": 4, "effect": 4, "product": 4, "overall": 4})
    db.session.commit()
    stats = {s.region.name if s.region else "all": s
             for s in survey_stats(db.session, world.users["hq1"], "2026-Q4")}
    # 东区: 3 stores, 2 answered, 1 skipped; overall (5 + 2) / 2 = 3.5
    assert (stats["东区"].stores, stats["东区"].answered, stats["东区"].skipped) == (3, 2, 1)
    assert stats["东区"].averages == {"attitude": 4.0, "effect": 3.0, "product": 3.5,
                                      "overall": 3.5}
    assert stats["西区"].response_rate == 0.5  # 1 of 2 stores
    # all: 5 stores, 3 answered; overall (5 + 2 + 4) / 3
    assert stats["all"].answered == 3 and stats["all"].response_rate == 0.6
    assert stats["all"].averages["overall"] == pytest.approx(11 / 3)
    manager = {s.region.name if s.region else "all": s
               for s in survey_stats(db.session, world.users["mgr1"], "2026-Q4")}
    assert set(manager) == {"西区", "all"}  # a manager sees only their region

    page = _signed_in(make_web, "hq1").client.get("/hq/surveys").get_data(as_text=True)
    assert "66.7 %" in page and "3.50" in page and "未达标" in page and "达标" in page
    assert "目标:4.0 分" in page
    assert recent_periods(day) == ["2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1"]


def test_an_answer_without_a_product_score_leaves_that_average_to_the_others(db, world):
    """Older answers (and the seed's) carry no product score: it is not counted as 0."""
    day = datetime(2026, 11, 24).date()
    store = world.store("西一烟酒")
    record_quarterly_survey(db.session, store.owner, store, day,
                            {"attitude": 4, "effect": 4, "product": 2, "overall": 4})
    db.session.add(SurveyAnswer(store_id=world.store("西二超市").id, period="2026-Q4",
                                attitude=2, effect=2, overall=2))
    db.session.commit()
    stats = {s.region.name if s.region else "all": s
             for s in survey_stats(db.session, world.users["hq1"], "2026-Q4")}
    assert stats["西区"].averages == {"attitude": 3.0, "effect": 3.0, "product": 2.0,
                                      "overall": 3.0}
    assert stats["all"].averages["product"] == 2.0


def test_the_quarter_is_named_in_words_not_as_its_stored_code(db, world, make_web):
    """002 满意度调查 runs per quarter: the owner reads "2026年第4季度", never the stored
    period code '2026-Q4' (style habit 14: no raw code reaches a page)."""
    owner = _signed_in(make_web, "owner_a")
    page = owner.client.get("/store/survey").get_data(as_text=True)
    assert "2026年第4季度" in page
    assert "2026-Q4" not in page
    owner.post_form("/language", {"locale": "en", "next": "/store/survey"}, page="/store/survey")
    assert "Q4 2026" in owner.client.get("/store/survey").get_data(as_text=True)
    hq = _signed_in(make_web, "hq1").client.get("/hq/surveys").get_data(as_text=True)
    assert ">2026年第4季度</a>" in hq and ">2026-Q4</a>" not in hq
