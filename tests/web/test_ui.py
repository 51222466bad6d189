"""The web UI end to end in headless chromium: search, read, review, ask, the views, and hostile articles.

Every test also checks that nothing went wrong on the page: no console error or uncaught exception, no dialog, no
request off the app's origin, and the ``window.__pwned`` flag the hostile articles try to set never set.
Screenshots go to the test's tmp_path; what they show is checked through the DOM.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from api.kb import KB

from .conftest import Watched

pytestmark = pytest.mark.browser


def _shot(ui: Watched, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    ui.page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000
    return path


def test_ui_search_open_document_reject_changes_register(ui: Watched, ui_kb: KB, tmp_path: Path) -> None:
    ui.go("#/register")
    before = ui.page.inner_text("#register")
    assert "Russia" in before and "S-400" in before

    ui.go("#/search")
    ui.page.fill("#search-q", "regiment")
    ui.page.select_option("#search-kind", "claims")
    ui.page.click("#search-form button[type=submit]")
    ui.wait_ready()
    hits = ui.page.locator(".hit")
    assert hits.count() == 1
    assert ui.page.inner_text(".hit mark") == "regiment"
    _shot(ui, tmp_path, "search")

    hits.first.locator("a.doclink").click()
    ui.wait_ready()
    deliv = ui_kb.ids["deliv"]
    assert "".join(ui.page.locator(".cited").all_inner_texts()) == "The first S-400 regiment reached China in May 2018"
    assert ui.page.locator(f"#claim-{deliv}").count() == 1
    assert ui.page.locator(".m.STATE").count() >= 3 and ui.page.locator(".ev").count() >= 3
    _shot(ui, tmp_path, "document")

    ui.page.click(f"#claim-{deliv} .review-reject")
    ui.page.wait_for_function(f"() => !document.getElementById('claim-{deliv}')")
    assert "recorded review" in ui.page.inner_text("#status")
    ui.page.wait_for_selector(f"#rejected-{deliv}")  # shown apart, struck through, with how to undo it

    ui.go("#/register")
    after = ui.page.inner_text("#register")
    assert after != before and "Russia" in after
    _shot(ui, tmp_path, "register")

    ui.go("#/reviews")
    assert "reject" in ui.page.inner_text("main") and deliv in ui.page.inner_text("main")
    ui.page.click("button.undo")
    ui.page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('undone')")
    ui.go("#/register")
    assert ui.page.inner_text("#register") == before
    ui.assert_clean()


def test_ui_ask_citation_opens_the_cited_span(ui: Watched, tmp_path: Path) -> None:
    ui.go("#/ask")
    ui.page.fill("#ask-q", "What did Russia sell China, and when?")
    ui.page.click("#ask-form button[type=submit]")
    ui.wait_ready()
    sentences = ui.page.locator("#answer .sentence")
    assert sentences.count() >= 3
    assert "S-400" in ui.page.inner_text("#answer")
    _shot(ui, tmp_path, "ask")
    cite = ui.page.locator("#answer a.cite").nth(1)
    evidence = cite.get_attribute("title")
    assert evidence
    cite.click()
    ui.wait_ready()
    assert ui.page.url.split("#", 1)[1].startswith("/doc/")
    cited = ui.page.locator(".cited")
    assert "".join(cited.all_inner_texts()) == evidence
    assert cited.first.is_visible()
    _shot(ui, tmp_path, "cited")
    ui.assert_clean()


def test_ui_hostile_articles_show_as_text(ui: Watched, ui_kb: KB, tmp_path: Path) -> None:
    for doc in ui_kb.ids["hostile"]:
        ui.go(f"#/doc/{quote(doc)}")
        text = ui.page.inner_text("#doc-text")
        assert text.strip()
        assert ui.page.locator("#view script, #view iframe, #view img, #view object, #view embed").count() == 0
        assert ui.page.locator("#view [onerror], #view [onload], #view [onclick], #view [onmouseover]").count() == 0
        assert ui.page.locator("#view [style]").count() == 0
        hrefs = ui.page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("#/") for h in hrefs), hrefs
        for link in ui.page.locator("#claims .evidence, #doc-text").all():
            link.hover()
        ui.assert_clean()
    ui.go("#/search?q=" + quote("radars"))
    assert ui.page.locator(".hit").count() >= 1
    ui.page.locator(".hit a.doclink").first.click()
    ui.wait_ready()
    text = ui.page.inner_text("#doc-text")
    assert '<script>window.__pwned=1;alert(1)</script>' in text  # the markup is shown as the characters it is
    assert 'onerror="window.__pwned=1;alert(2)"' in text
    title = ui.page.inner_text("main")
    assert "Russia handed over" in title
    _shot(ui, tmp_path, "hostile")
    ui.go("#/doc/hostile-note")  # its title, outlet, author and url carry markup and a javascript: URL
    assert ui.page.inner_text("#doc-title") == 'Hostile note <img src=x onerror="window.__pwned=1"> about air defence'
    meta = ui.page.inner_text("#doc-meta")
    assert "<script>window.__pwned=1</script> Gazette" in meta and "javascript:window.__pwned=1" in meta
    ui.assert_clean()


def test_ui_views_render(ui: Watched, ui_kb: KB, tmp_path: Path) -> None:
    ui.go("#/stories")
    rows = ui.page.locator("main tbody tr")
    assert rows.count() >= 5
    ui.page.locator("main tbody a", has_text="arms order").first.click()
    ui.wait_ready()
    assert ui.page.locator("#story-columns .column").count() == 2
    assert "Disputes" in ui.page.inner_text("main") and ui.page.locator("main table").count() >= 2
    _shot(ui, tmp_path, "story")

    ui.go("#/timeline?dyad=RUS-CHN")
    assert "2014-09" in ui.page.inner_text("#timeline")
    ui.go("#/index?dyad=RUS-CHN")
    assert ui.page.locator("#index-chart rect.bar").count() >= 3
    box = ui.page.locator("#index-chart").bounding_box()
    assert box is not None and box["width"] >= 300 and box["height"] >= 200
    _shot(ui, tmp_path, "index")
    ui.go("#/graph")
    assert ui.page.locator("#graph-chart circle.node").count() >= 2
    assert ui.page.locator("#graph-chart line.edge").count() >= 1
    assert "Russia" in ui.page.locator("#graph-chart").text_content()
    _shot(ui, tmp_path, "graph")
    ui.go("#/documents")
    assert ui.page.locator("main tbody tr").count() == 7
    ui.assert_clean()
