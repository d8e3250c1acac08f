"""The article page: its video's captions, the page without JavaScript, and the content security policy."""

import pytest
from playwright.sync_api import expect

TRACK_LOADED = """() => {
    const track = document.querySelector("video track");
    return track && track.readyState === HTMLTrackElement.LOADED;
}"""


@pytest.mark.browser
def test_video_has_a_captions_track_that_loads(newsroom, page):
    page.goto(newsroom.urls["article"])
    track = page.locator("video track")
    expect(track).to_have_attribute("kind", "captions")
    page.wait_for_function(TRACK_LOADED, timeout=5_000)
    text_track = page.evaluate(
        "() => { const t = document.querySelector('video').textTracks[0];"
        " return {kind: t.kind, cues: Array.from(t.cues || [], (cue) => cue.text)}; }"
    )
    assert text_track == {"kind": "captions", "cues": ["A test caption."]}


@pytest.mark.browser
def test_article_has_every_part_without_javascript(newsroom, context_for):
    page = context_for(javascript=False).new_page()
    page.goto(newsroom.urls["article"])
    assert page.evaluate("typeof window.newsdesk") == "undefined", "reader.js ran in a context without JavaScript"

    skip_links = page.locator(".skip-links a")
    expect(skip_links).to_have_text(["Skip to main content", "Skip to navigation", "Skip to search"])
    expect(page.locator(".breaking__inner")).to_contain_text("Storm surge: northern harbours closed")
    expect(page.locator("h1")).to_have_text("Storm surge closes northern harbours")

    lead = page.locator(".article__lead")
    expect(lead.locator("img")).to_have_attribute("alt", "Fishing boats moored in a calm harbour at sunrise")
    expect(lead.locator("figcaption")).to_contain_text("The harbour before the storm.")
    assert lead.locator("img").evaluate("(img) => img.complete && img.naturalWidth > 0"), "the lead photo did not load"

    body = page.locator(".article__body")
    expect(body).to_contain_text("Water rose over the harbour wall before dawn.")
    expect(body).to_contain_text("Ferries will resume when the wind drops.")
    expect(body.locator("blockquote")).to_have_text("We have never closed this early.")
    expect(body.locator(".quote__attribution")).to_have_text("Maria Ortiz, harbour master")
    expect(body.locator("video")).to_be_visible()
    expect(body.locator("video track[kind=captions]")).to_have_count(1)
    expect(page.locator(".article__attribution")).to_have_text("Based on reporting by DPA, AFP")

    control = page.get_by_role("group", name="Text size")
    expect(control).to_be_visible()
    expect(control.get_by_role("link")).to_have_text(["XS", "SM", "MD", "LG"])


@pytest.mark.browser
def test_reader_pages_cause_no_content_security_policy_violations(newsroom, context_for):
    reader = context_for()
    page = reader.new_page()
    found = []
    for url in newsroom.urls.values():
        response = page.goto(url)
        policy = response.headers.get("content-security-policy", "")
        script_src = next((part.split() for part in policy.split(";") if part.split()[:1] == ["script-src"]), [])
        assert "'self'" in script_src and "'unsafe-inline'" not in script_src, f"{url}: weak policy {policy!r}"
        page.wait_for_load_state("networkidle")
        page.locator('.text-size__option[data-size="lg"]').click()
        found += [f"{url}: {violation}" for violation in page.evaluate("window.__cspViolations")]
    found += reader.csp_messages
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)
