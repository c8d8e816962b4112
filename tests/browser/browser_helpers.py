"""Steps shared by the browser tests."""


def login(page, username: str, password: str) -> None:
    """Sign in through the login form and wait for the landing page."""
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state("networkidle")
