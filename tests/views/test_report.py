from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from claimgraph.reconcile import run
from claimgraph.records import Explanation, Span, make_id
from claimgraph.views.report import report
from reconcile.builders import TEST_ONTOLOGY, new_corpus, s400_corpus

CHROMIUM = "/usr/bin/chromium"


def _html() -> tuple[str, dict[str, str]]:
    c = new_corpus()
    ids = s400_corpus(c)
    d3 = c.documents[2]
    x = Explanation(id=make_id("ex", "t"), document=d3.id, cause="<script>alert('x')</script> floods",
                    evidence=Span(0, 10, d3.text[:10]), event=ids["susp_c"], attributed_to="Blog & Co",
                    stance="rejects", marker="because")
    res = run(c.documents, list(c.entities.values()), [], c.events, [x], ontology=TEST_ONTOLOGY)
    html = report(c.documents, c.entities, c.events, list(res.stories), list(res.disputes),
                  list(res.explanations), weights=TEST_ONTOLOGY, title="Russia & China <briefing>",
                  document_dates=list(res.document_dates), relations=list(res.relations))
    return html, ids


def test_report_self_contained_and_escaped() -> None:
    html, ids = _html()
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "Russia &amp; China &lt;briefing&gt;" in html
    assert "http://" not in html and "https://" not in html and "src=\"data:image/png;base64," in html
    for key in ("deliv", "order_b", "susp_c"):
        assert f'id="ev-{ids[key]}"' in html and f'href="#ev-{ids[key]}"' in html
    assert "The first S-400 regiment reached China in May 2018" in html  # quoted evidence at its anchor
    assert "Arms-transfer register" in html and "Disputes" in html and "Competing explanations" in html
    assert "no earlier than 2020-07" in html  # the undated blog's corpus-level date and its reason


def _browser_available() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.browser
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    if not _browser_available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must provide /usr/bin/chromium and playwright")
        pytest.skip("chromium or playwright not installed")
    from playwright.sync_api import sync_playwright

    html, _ = _html()
    page_path = tmp_path / "report.html"
    page_path.write_text(html, encoding="utf-8")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which(CHROMIUM) or CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            assert page.locator("h2#register").inner_text() == "Arms-transfer register"
            size = page.eval_on_selector("#index-chart", "img => [img.naturalWidth, img.naturalHeight]")
            assert size[0] >= 300 and size[1] >= 150
            page.click("a[href^='#ev-']")
            assert page.url.split("#", 1)[1].startswith("ev-")
        finally:
            browser.close()
    assert errors == []
    assert requests and all(u.startswith(("file://", "data:")) for u in requests), requests
    assert shot.stat().st_size > 10_000
