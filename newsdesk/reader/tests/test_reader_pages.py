import pytest
from bs4 import BeautifulSoup

from newsdesk.reader.text_size import COOKIE_NAME


def _soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.django_db
def test_skip_links_come_first_and_point_at_real_targets(client, article):
    soup = _soup(client.get(article.url))
    links = soup.select("body a, body button, body input")[:3]
    assert [link.get_text() for link in links] == ["Skip to main content", "Skip to navigation", "Skip to search"]
    for link in links:
        assert soup.find(id=link["href"][1:]) is not None


@pytest.mark.django_db
def test_text_size_link_sets_cookie_and_returns_to_the_page(client, article):
    response = client.get(f"/text-size/lg/?next={article.url}")
    assert response.status_code == 302 and response["Location"] == article.url
    assert response.cookies[COOKIE_NAME].value == "lg"
    assert response.cookies[COOKIE_NAME]["max-age"] >= 60 * 60 * 24 * 300
    page = client.get(article.url)
    assert 'class="text-lg"' in page.content.decode()
    assert _soup(page).select_one('.text-size__option[aria-current="true"]').get_text() == "LG"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_text_size_never_redirects_off_site(client, target):
    response = client.get("/text-size/sm/", {"next": target})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_unknown_text_size_is_ignored(client, article):
    response = client.get(f"/text-size/huge/?next={article.url}")
    assert COOKIE_NAME not in response.cookies
    client.cookies[COOKIE_NAME] = "<script>"
    assert 'class="text-md"' in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_text_size_control_is_a_labelled_group_of_four(client, article):
    soup = _soup(client.get(article.url))
    group = soup.select_one('[role="group"].text-size')
    assert soup.find(id=group["aria-labelledby"]).get_text() == "Text size"
    assert [a.get_text() for a in group.select("a")] == ["XS", "SM", "MD", "LG"]


@pytest.mark.django_db
def test_search_finds_articles_by_words_in_their_body(client, article):
    response = client.get("/search/", {"q": "harbour"})
    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert "1 result" in response.content.decode()


@pytest.mark.django_db
def test_search_with_no_match_and_with_odd_input(client, article):
    assert "Nothing matched" in client.get("/search/", {"q": "zebra"}).content.decode()
    assert client.get("/search/", {"q": "x" * 5000 + "'\"<>%00"}).status_code == 200
    assert client.get("/search/", {"q": "harbour", "page": "not-a-number"}).status_code == 200


@pytest.mark.django_db
def test_unknown_url_gets_the_friendly_404(client, article):
    response = client.get("/no/such/story/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def test_server_error_page_renders_without_the_database(rf):
    from newsdesk.reader.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()


@pytest.mark.django_db
def test_breaking_banner_shows_everywhere_and_goes_when_cleared(client, article):
    from newsdesk.live.models import BreakingAlert

    alert = BreakingAlert.objects.create(text="Storm surge floods harbour district", page=article)
    for url in ["/", article.url, "/search/?q=storm", "/missing/"]:
        html = client.get(url).content.decode()
        assert "Storm surge floods harbour district" in html, url
    fragment = client.get("/live/banner/")
    assert fragment.status_code == 200 and article.url in fragment.content.decode()
    alert.delete()
    assert "Storm surge floods harbour district" not in client.get("/").content.decode()
    # The live region is there, empty, so that an alert can be announced into it.
    assert 'aria-live="polite"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_expired_alert_is_not_shown(client, article):
    from datetime import timedelta

    from django.utils import timezone

    from newsdesk.live.models import BreakingAlert

    BreakingAlert.objects.create(
        text="Old news",
        url="https://example.org/",
        published_at=timezone.now() - timedelta(hours=2),
        expires_at=timezone.now() - timedelta(hours=1),
    )
    assert "Old news" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_reader_pages_forbid_inline_script(client, article):
    policy = client.get(article.url)["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "object-src 'none'" in policy
    html = client.get(article.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    # JSON-LD (newsdesk/distribution) is a data block: never run, so no inline script.
    assert all(script.get("src") or script.get("type") == "application/ld+json" for script in soup.find_all("script"))
    assert not soup.select("[style]")


@pytest.mark.django_db
def test_no_stylesheet_request_blocks_rendering_and_the_inline_style_is_hash_allowed(client, article):
    import base64
    import hashlib

    response = client.get(article.url)
    soup = _soup(response)
    blocking = [link for link in soup.select('head link[rel="stylesheet"]') if link.get("media") != "print"]
    assert not blocking
    assert all(script.has_attr("defer") or script.has_attr("async") for script in soup.select("head script[src]"))
    style = soup.select_one("head style").string
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    style_src = next(p for p in response["Content-Security-Policy"].split(";") if p.strip().startswith("style-src"))
    assert f"'sha256-{digest}'" in style_src and "unsafe-inline" not in style_src


@pytest.mark.django_db
def test_favicon_is_linked_and_the_conventional_path_redirects_to_it(client, article):
    icon = _soup(client.get(article.url)).select_one('head link[rel="icon"]')["href"]
    assert client.get(icon).status_code == 200
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon


def test_the_policy_built_once_per_kind_of_page_keeps_kinds_and_views_apart(rf):
    """The middleware builds each kind's policy once; admin and reader pages,
    HTML and not, and a view with a policy of its own each still get theirs."""
    from csp.decorators import csp_update
    from django.http import HttpResponse, JsonResponse

    from newsdesk.reader.middleware import ContentSecurityPolicyMiddleware

    @csp_update({"img-src": ["https://maps.example"]})
    def own_policy(request):
        return HttpResponse("<p>map</p>")

    views = {
        "/world/a/": lambda request: HttpResponse("<p>a</p>"),
        "/admin/pages/": lambda request: HttpResponse("<p>admin</p>"),
        "/api/x": lambda request: JsonResponse({}),
        "/map/": own_policy,
    }
    middleware = ContentSecurityPolicyMiddleware(lambda request: views[request.path](request))

    def policy(path):
        return middleware(rf.get(path))["Content-Security-Policy"]

    for _ in range(2):  # the second round is answered from what the first built
        reader, admin, api = policy("/world/a/"), policy("/admin/pages/"), policy("/api/x")
        assert "'unsafe-inline'" not in reader and "'sha256-" in reader
        assert "script-src 'self' 'unsafe-inline'" in admin
        assert "'sha256-" not in api and "'unsafe-inline'" not in api
        assert "https://maps.example" in policy("/map/") and "https://maps.example" not in policy("/world/a/")
