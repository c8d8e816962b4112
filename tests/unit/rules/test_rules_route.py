"""The round's order: nearest-next from the phone, overdue visits first, stable without GPS."""

from webapp.rules.route import Stop, parse_position, route_order

# Three shops on a line going east (≈ 100 m apart at this latitude) and one unknown.
WEST = Stop("0003", 23.3695, 104.2430)
MID = Stop("0001", 23.3695, 104.2440)
EAST = Stop("0002", 23.3695, 104.2450)
NOWHERE = Stop("0000", None, None)


def keys(legs):
    return [leg.stop.key for leg in legs]


def test_nearest_next_from_the_phone_position():
    legs = route_order([MID, EAST, WEST], start=(23.3695, 104.2452))
    assert keys(legs) == ["0002", "0001", "0003"]
    assert legs[0].leg_m < 30 and 90 < legs[1].leg_m < 115


def test_without_position_the_order_is_stable_from_the_first_stop_in_territory_order():
    first = route_order([WEST, EAST, MID])
    again = route_order([EAST, MID, WEST])
    assert keys(first) == keys(again) == ["0001", "0002", "0003"]  # equal legs: by key
    assert first[0].leg_m is None


def test_overdue_group_comes_first_and_the_rest_continues_from_its_last_stop():
    overdue = Stop("0009", 23.3695, 104.2450, group=0)
    due_near_overdue = Stop("0005", 23.3695, 104.2451, group=1)
    due_far = Stop("0004", 23.3695, 104.2400, group=1)
    legs = route_order([due_far, due_near_overdue, overdue], start=(23.3695, 104.2401))
    assert keys(legs) == ["0009", "0005", "0004"]


def test_stops_without_coordinates_follow_their_group_in_key_order():
    legs = route_order([NOWHERE, EAST, Stop("0008", None, None), MID], start=(23.3695, 104.2440))
    assert keys(legs) == ["0001", "0002", "0000", "0008"]
    assert legs[-1].leg_m is None


def test_parse_position_accepts_only_real_coordinates():
    assert parse_position("23.5", "104.25") == (23.5, 104.25)
    assert parse_position(None, "1") is None
    assert parse_position("abc", "1") is None
    assert parse_position("91", "0") is None
    assert parse_position("nan", "0") is None
