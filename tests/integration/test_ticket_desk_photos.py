"""A ticket's photos on the desk are served only to those who may see its store
(scope.photo_visible): the region's manager sees it on the ticket page and opens it;
another region's manager gets 404 for the photo as for the ticket."""

import uuid

from capture_helpers import jpeg_bytes
from hq_sync_helpers import other_region_manager
from sync_helpers import register
from test_sync_photos import put_photo
from ticket_desk_helpers import take_ticket


def test_a_tickets_photo_is_shown_only_within_scope(seeded, db, client, password, web,
                                                    make_web):
    device = register(client, "rep1", password)
    ticket = take_ticket(db, client, password, device=device)
    photo_id = str(uuid.uuid4())
    stored = put_photo(client, device, photo_id, jpeg_bytes(size=(64, 48)), "ticket", ticket.id)
    assert stored.status_code == 201, stored.get_data(as_text=True)
    web.login("manager1")
    assert f"/hq/photos/{photo_id}" in web.client.get(
        f"/hq/tickets/{ticket.id}").get_data(as_text=True)
    image = web.client.get(f"/hq/photos/{photo_id}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    image.close()
    other_region_manager(db, password)
    stranger = make_web()
    stranger.login("manager2")
    assert stranger.client.get(f"/hq/photos/{photo_id}").status_code == 404
