"""An embed card inside another site's page: shown to the listed origins only.

The other sites are small http.server instances on other ports of this
machine (another port is another origin), each serving a page that frames
the card, the public year page and the dashboard.
"""

import datetime as dt
import functools
import http.server
import threading

import pytest
from playwright.sync_api import Page, expect

from apps.indicators.services import publish_year
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date
REFUSED = "chrome-error://chromewebdata/"


@pytest.fixture
def year_2021(manager):
    MemberFactory(joined_on=D(2021, 3, 1))
    MemberFactory(joined_on=D(2021, 4, 1))
    publish_year(2021, user=manager)


def other_site(tmp_path, name: str, app: str) -> str:
    """Serve a page framing three pages of the app; return its address."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "index.html").write_text(
        "<!DOCTYPE html><html><body><h1>Our partner's site</h1>"
        f'<iframe name="card" src="{app}/embed/2021/members.new/?lang=fr"></iframe>'
        f'<iframe name="page" src="{app}/public/2021/"></iframe>'
        f'<iframe name="dashboard" src="{app}/dashboard/2021/"></iframe>'
        "</body></html>"
    )
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(folder)
    )
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    servers.append(server)
    return f"http://127.0.0.1:{server.server_address[1]}"


servers: list[http.server.HTTPServer] = []


@pytest.fixture(autouse=True)
def _stop_the_other_sites():
    yield
    while servers:
        server = servers.pop()
        server.shutdown()
        server.server_close()


def frame_url(page: Page, name: str) -> str:
    """Return the address a frame ended on (a refused one is a browser error
    page), waiting up to 5 s for the browser to attach and load it."""
    for _ in range(50):
        frame = page.frame(name=name)
        if frame is not None and frame.url not in ("", "about:blank"):
            return frame.url
        page.wait_for_timeout(100)
    frame = page.frame(name=name)
    assert frame is not None
    return frame.url


def test_a_listed_origin_shows_the_card_and_others_are_refused(
    live_server, page: Page, settings, tmp_path, year_2021
):
    allowed = other_site(tmp_path, "allowed", live_server.url)
    unlisted = other_site(tmp_path, "unlisted", live_server.url)
    settings.PUBLIC_EMBED_ORIGINS = [allowed]

    page.goto(f"{allowed}/index.html")
    card = page.frame_locator("iframe[name=card]")
    expect(card.locator("h3")).to_have_text("Nouveaux membres")
    expect(card.locator(".value")).to_have_text("2")
    # Only the embed card may be framed: not the public page, not the dashboard.
    page.wait_for_load_state("load")
    assert frame_url(page, "page") == REFUSED
    assert frame_url(page, "dashboard") == REFUSED

    page.goto(f"{unlisted}/index.html")
    page.wait_for_load_state("load")
    assert frame_url(page, "card") == REFUSED
    expect(page.frame_locator("iframe[name=card]").locator(".value")).to_have_count(0)
    assert frame_url(page, "page") == REFUSED
