"""Browser fixtures: the test knowledge base plus the hostile articles (ingested for real), a live server, and
headless Debian chromium driven by Playwright.

Without ``/usr/bin/chromium`` or playwright the browser tests skip locally and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from api.kb import KB, build_kb
from api.live import live_server
from claimgraph.api import create_app
from claimgraph.api.auth import Tokens
from claimgraph.config import load_settings
from claimgraph.workbench import Workbench

CHROMIUM = "/usr/bin/chromium"
HOSTILE = Path(__file__).parent / "hostile"


def _browser_available() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def ui_kb(tmp_path_factory: pytest.TempPathFactory) -> KB:
    if not _browser_available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must provide /usr/bin/chromium and playwright")
        pytest.skip("chromium or playwright not installed")
    kb = build_kb(tmp_path_factory.mktemp("web") / "kb.db")
    with Workbench(load_settings(db=kb.db)) as bench:
        report = bench.ingest([str(HOSTILE)])
        assert report.ok and len(report.documents) == 3, report.failures
        kb.ids["hostile"] = report.documents
    return kb


@pytest.fixture(scope="module")
def ui_url(ui_kb: KB) -> Iterator[str]:
    with live_server(create_app(load_settings(db=ui_kb.db), tokens=Tokens())) as url:
        yield url


@pytest.fixture(scope="module")
def browser(ui_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=shutil.which(CHROMIUM) or CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        try:
            yield b
        finally:
            b.close()


@dataclass
class Watched:
    """A page with everything that would betray a problem recorded: console errors, uncaught exceptions,
    dialogs (an ``alert`` would be one), and every request with whether it stayed on the app's origin."""

    page: Any
    origin: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def go(self, route: str) -> None:
        """Open ``#/route`` and wait until the app says the view is rendered."""
        self.page.goto(f"{self.origin}/{route}")
        self.wait_ready()

    def wait_ready(self) -> None:
        self.page.wait_for_function("() => document.body.dataset.ready === location.hash")
        failed = self.page.locator("#status.error")
        assert failed.count() == 0 or not failed.inner_text(), f"{self.page.url}: {failed.inner_text()}"

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        foreign = [u for u in self.requests if not u.startswith(self.origin + "/")]
        assert foreign == []
        assert self.page.evaluate("window.__pwned === undefined && window.parent.__pwned === undefined")


@pytest.fixture()
def ui(browser: Any, ui_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(90_000)  # a review re-runs reconcile; a loaded CI box can take a while
    page = context.new_page()
    watched = Watched(page, ui_url)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def on_route(route: Any) -> None:
        url = route.request.url
        watched.requests.append(url)
        if url.startswith(ui_url + "/"):
            route.continue_()
        else:
            route.abort()  # nothing may leave the origin: recorded above, and never sent

    page.route("**/*", on_route)
    try:
        yield watched
    finally:
        context.close()
