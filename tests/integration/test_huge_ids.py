"""An id in a URL that no database column can hold is a page that does not exist (404),
not a server error. Found by QA: /store/orders/99999999999999999999 (and every other
<int:...> URL) answered 500 (SQLite: int too large; PostgreSQL: integer out of range
from 2147483648 up)."""

import pytest


@pytest.mark.parametrize("path", ["/store/orders/{n}", "/store/{n}", "/store/notices/{n}",
                                  "/store/orders/{n}/receipt"])
@pytest.mark.parametrize("n", ["2147483648", "99999999999999999999"])
def test_an_owner_url_with_an_impossible_id_is_404(seeded, web, path, n):
    web.login("owner1")
    assert web.client.get(path.format(n=n)).status_code == 404


def test_an_hq_url_with_an_impossible_id_is_404(seeded, web):
    web.login("hq")
    assert web.client.get("/hq/orders/99999999999999999999").status_code == 404
    assert web.client.get("/hq/orders/2147483647").status_code == 404  # the largest id: none
