"""Role groups: who works in the field, who works at HQ, who owns stores, who decides what.

The one definition of every group of roles; scoping, the HQ pages, the push and the
user model read these names. Plain constants, no Flask, no database.
"""

REP = "rep"
MARKET_MANAGER = "market_manager"
STORE_OWNER = "store_owner"
HQ_STAFF = "hq_staff"
ADMIN = "admin"

# every role a user account may hold (the user table's CHECK constraint lists the same)
ROLES = (REP, MARKET_MANAGER, STORE_OWNER, HQ_STAFF, ADMIN)

# people who visit stores and capture records from a phone
FIELD_ROLES = frozenset({REP})
# roles whose pages live under /hq (a market manager sees their region there)
HQ_ROLES = frozenset({HQ_STAFF, ADMIN, MARKET_MANAGER})
# roles that see every store, user and device, and rows tied to no store at all
ALL_STORES_ROLES = frozenset({HQ_STAFF, ADMIN})
# store owners see only the stores they own
OWNER_ROLES = frozenset({STORE_OWNER})

# who applies every store field at once; a rep's classification and delivery fields
# wait for HQ (settings.store_change_direct_fields lists what a rep applies at once)
STORE_FIELD_DECIDERS = HQ_ROLES

# which record types each role may push: store owners raise tickets and place their own
# orders (客户自主订货); nobody else orders from a phone, a rep never
# [000 禁止客户经理拿预订单] (HQ enters phone orders on its desk, services.orders)
_CAPTURE_TYPES = frozenset({"visit", "price_check", "store_update", "ticket", "restock_request"})
RECORD_TYPES_BY_ROLE: dict[str, frozenset[str]] = {
    # the first responder's actions (首问负责); the to-dos and sales follow-ups that
    # come back to the rep (issue 12 items 5 and 6); a suggestion to a store, never an order
    REP: _CAPTURE_TYPES | {"ticket_update", "follow_up_done", "restock_followup",
                           "recommendation"},
    MARKET_MANAGER: _CAPTURE_TYPES,
    HQ_STAFF: _CAPTURE_TYPES,
    ADMIN: _CAPTURE_TYPES,
    STORE_OWNER: frozenset({"ticket", "order"}),
}

# The store fields a store owner gets (the store API and the sync pull): their shop's
# own details, never the company's classification of it (the visit grade, whether it
# is a price-monitoring sample store). An allow-list, so a new internal field stays
# hidden from owners until it is added here. Every other role gets every field.
OWNER_STORE_FIELDS = frozenset({
    "id", "version", "customer_code", "name", "owner_name", "phone", "address",
    "opening_hours", "business_type", "delivery_method", "lat", "lng", "status",
    "assortment",
})


def store_fields_for(role: str, data: dict) -> dict:
    """`data` (a store's fields) cut down to what `role` may see: the one rule for
    every store payload that leaves the server."""
    if role in OWNER_ROLES:
        return {key: value for key, value in data.items() if key in OWNER_STORE_FIELDS}
    return data
