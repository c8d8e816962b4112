"""Migration 0007 adds the ordering fields and turns the per-product limits into the
allocation plan, and takes them back on downgrade."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from webapp import create_app
from webapp.extensions import db

ORDERS = text("SELECT number, status, delivery_method, version FROM store_order ORDER BY id")
LIMITS = text("SELECT product_id, store_id, max_quantity, period FROM product_order_limit")


def _old_database(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "UPLOAD_DIR": str(tmp_path / "up"),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    return app


def _insert_world(conn):
    conn.execute(text("INSERT INTO region (id, code, name) VALUES (1, 'R1', 'R')"))
    conn.execute(text("INSERT INTO territory (id, code, name, region_id) VALUES (1, 'T1', 'T', 1)"))
    conn.execute(text(
        "INSERT INTO store (id, customer_code, name, owner_name, phone, address, "
        "opening_hours, business_type, market_type, grade, is_sample, delivery_method, "
        "settlement, status, territory_id, version, change_seq, created_at, updated_at) "
        "VALUES (1, 'C1', 'S', 'O', '1', 'A', '', 'grocery', 'urban', 'C', 0, "
        "'pickup_point', 'electronic', 'active', 1, 1, 0, '2026-01-01 00:00:00', "
        "'2026-01-01 00:00:00')"))
    conn.execute(text(
        "INSERT INTO product (id, code, name, brand, pack, guide_price_fen, "
        "wholesale_price_fen, is_key_brand, active, change_seq, updated_at) VALUES "
        "(1, 'P1', 'P', 'B', '条', 1000, 900, 0, 1, 0, '2026-01-01 00:00:00')"))
    conn.execute(text(
        "INSERT INTO store_order (id, number, store_id, channel, status, total_fen, placed_at) "
        "VALUES (1, 'SO1', 1, 'app', 'delivered', 900, '2026-01-01 00:00:00')"))


def test_upgrade_keeps_orders_and_moves_the_multiple_to_the_product(tmp_path):
    app = _old_database(tmp_path)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0006")  # a database from before 0007
        with db.engine.begin() as conn:
            _insert_world(conn)
            conn.execute(text("INSERT INTO product_order_limit (product_id, max_quantity, "
                              "multiple_of) VALUES (1, 100, 25)"))
        upgrade(directory=directory)
        with db.engine.connect() as conn:
            # the rebuild switched SQLite's foreign keys off; every connection has them again
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            # existing orders take their store's delivery method and version 1
            assert [tuple(r) for r in conn.execute(ORDERS)] == [
                ("SO1", "delivered", "pickup_point", 1)]
            assert [tuple(r) for r in conn.execute(LIMITS)] == [(1, None, 100, "week")]
            assert conn.execute(text(
                "SELECT order_minimum, order_multiple FROM product")).one() == (1, 25)
        with db.engine.begin() as conn:  # the new statuses are allowed now
            conn.execute(text("UPDATE store_order SET status = 'completed'"))
        downgrade(directory=directory, revision="0006")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT status FROM store_order")).scalar() == "delivered"
            assert conn.execute(text("SELECT product_id, max_quantity, multiple_of "
                                     "FROM product_order_limit")).one() == (1, 100, 25)
        db.engine.dispose()


def test_the_upgraded_schema_refuses_unknown_statuses_and_channels(tmp_path):
    app = _old_database(tmp_path)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        with db.engine.begin() as conn:
            _insert_world(conn)
        for change in ("status = 'lost'", "channel = 'fax'", "delivery_method = 'drone'",
                       "version = 0"):
            try:
                with db.engine.begin() as conn:
                    conn.execute(text(f"UPDATE store_order SET {change}"))
            except Exception as error:  # noqa: BLE001 - the driver's IntegrityError
                assert "CHECK" in str(error).upper()
            else:
                raise AssertionError(f"{change} was accepted")
        db.engine.dispose()
