"""Migration 0002 numbers the rows an upgraded database's phones should pull."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select

from webapp import create_app
from webapp.extensions import db
from webapp.models import PriceCheck, SyncCounter, Ticket
from webapp.seed import SeedSpec, seed_database


def test_upgrading_numbers_the_latest_price_checks_and_open_tickets(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "UPLOAD_DIR": str(tmp_path / "up"),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory)
        seed_database(db.session, SeedSpec(stores=12, reps=3, days=21, seed=5))
        counter_before = db.session.get(SyncCounter, 1).value
        db.session.remove()
        downgrade(directory=directory, revision="0001")  # a database from before 0002
        upgrade(directory=directory)
        checks = db.session.execute(select(
            PriceCheck.id, PriceCheck.store_id, PriceCheck.product_id, PriceCheck.observed_at,
            PriceCheck.change_seq)).all()
        assert checks
        latest: dict = {}
        for check_id, store_id, product_id, observed, _ in checks:
            best = latest.get((store_id, product_id))
            if best is None or (observed, check_id) > best:
                latest[(store_id, product_id)] = (observed, check_id)
        numbered = {row.id: row.change_seq for row in checks if row.change_seq is not None}
        assert set(numbered) == {check_id for _, check_id in latest.values()}
        tickets = db.session.execute(select(Ticket.id, Ticket.status, Ticket.change_seq)).all()
        assert {t.id for t in tickets if t.change_seq is not None} == {
            t.id for t in tickets if t.status != "closed"}
        seqs = sorted(list(numbered.values()) + [t.change_seq for t in tickets
                                                  if t.change_seq is not None])
        counter = db.session.get(SyncCounter, 1).value
        assert len(set(seqs)) == len(seqs)  # every number once
        assert seqs[0] > counter_before - len(seqs) and seqs[-1] == counter
        assert counter == counter_before + len(seqs)  # numbered after what was handed out
        assert db.session.scalar(select(func.count()).select_from(Ticket)) == len(tickets)
        db.session.remove()
        db.engine.dispose()
