"""Reader pages in the site's language: their words, dates, `lang` and direction,
and catalogs that keep up with the code (newsdesk/locale, `make messages`)."""

import io

import pytest
from babel.messages.mofile import write_mo
from bs4 import BeautifulSoup
from django.template import engines
from django.utils import translation
from django.utils.dateformat import format as date_format

from newsdesk.reader import translations


def _soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("language", translations.translated_languages())
def test_every_marked_string_is_translated(language):
    catalog = translations.read_catalog(language)
    missing = sorted(message for message in translations.extracted() if message not in catalog)
    assert not missing, f"run `make messages` and translate: {missing}"
    assert translations.untranslated(language) == []


@pytest.mark.parametrize("language", translations.translated_languages())
def test_compiled_catalog_is_the_po_file(language):
    """Django reads the .mo; it must say what the .po says (`make messages` compiles it)."""
    compiled = io.BytesIO()
    write_mo(compiled, translations.read_catalog(language))
    assert translations.catalog_path(language).with_suffix(".mo").read_bytes() == compiled.getvalue()


def test_the_source_language_has_no_catalog():
    assert translations.translated_languages() == ["de", "ar"]


@pytest.mark.django_db
def test_english_by_default(client, article):
    soup = _soup(client.get(article.url))
    assert (soup.html["lang"], soup.html["dir"]) == ("en-gb", "ltr")
    assert soup.select_one(".article__attribution").get_text() == "Based on reporting by DPA, AFP"


@pytest.mark.django_db
def test_arabic_site_reads_right_to_left_in_arabic(client, settings, article):
    settings.LANGUAGE_CODE = "ar"
    article.refresh_from_db()
    soup = _soup(client.get(article.url))
    assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl")
    assert [link.get_text() for link in soup.select(".skip-link")] == [
        "انتقل إلى المحتوى الرئيسي",
        "انتقل إلى قائمة الأقسام",
        "انتقل إلى البحث",
    ]
    assert soup.select_one(".article__attribution").get_text() == "استنادًا إلى تقارير DPA، AFP"
    byline = " ".join(soup.select_one(".byline").get_text().split())
    assert byline.startswith("بقلم ") and "بمشاركة DPA، AFP" in byline
    # Django's Arabic month names, the time zone kept.
    published = soup.select_one(".article__times time")
    assert published.get_text().endswith(" UTC")
    with translation.override("ar"):
        assert date_format(article.first_published_at, "j F Y") in published.get_text()
    # The text-size buttons keep their visible labels first in their names (WCAG 2.5.3).
    names = [option["aria-label"] for option in soup.select(".text-size__option")]
    assert names == ["XS، نص صغير جدًا", "SM، نص صغير", "MD، نص متوسط", "LG، نص كبير"]
    assert soup.select_one("#text-size-label").get_text() == "حجم النص"


@pytest.mark.django_db
def test_german_site(client, settings, article):
    settings.LANGUAGE_CODE = "de"
    article.refresh_from_db()
    soup = _soup(client.get(article.url))
    assert (soup.html["lang"], soup.html["dir"]) == ("de", "ltr")
    assert soup.select_one(".skip-link").get_text() == "Zum Hauptinhalt springen"
    published = soup.select_one(".article__times time").parent.get_text()
    with translation.override("de"):
        assert published == f"Veröffentlicht am {date_format(article.first_published_at, 'j. F Y, H:i')} UTC"
    not_found = client.get("/keine-seite/")
    assert not_found.status_code == 404
    assert _soup(not_found).h1.get_text() == "Seite nicht gefunden"


@pytest.mark.django_db
def test_error_pages_take_the_language_too(client, settings):
    settings.LANGUAGE_CODE = "ar"
    for name, heading in (("503.html", "سنعود بعد قليل"), ("500.html", "حدث خطأ ما")):
        soup = BeautifulSoup(engines["jinja2"].get_template(name).render({}), "html.parser")
        assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl")
        assert soup.h1.get_text() == heading


def test_values_in_translated_text_stay_escaped():
    template = engines["jinja2"].from_string('{{ _("Search: %(query)s", query=query) }}')
    with translation.override("ar"):
        assert template.render({"query": "<script>x</script>"}) == "بحث: &lt;script&gt;x&lt;/script&gt;"


@pytest.mark.parametrize(
    ("language", "count", "shown"),
    [
        ("ar", 1, "نتيجة واحدة"),
        ("ar", 2, "نتيجتان"),
        ("ar", 5, "5 نتائج"),
        ("de", 1, "1 Treffer"),
        ("en", 3, "3 results"),
    ],
)
def test_result_counts_use_each_languages_plurals(language, count, shown):
    template = engines["jinja2"].from_string('{{ ngettext("%(num)s result", "%(num)s results", count) }}')
    with translation.override(language):
        assert template.render({"count": count}) == shown


@pytest.mark.django_db
def test_pushed_alerts_are_in_the_readers_language_whatever_the_editors(settings, article, editor):
    """An editor's admin may be in German; the banner pushed to Arabic readers is in Arabic."""
    from newsdesk.live.banner import banner_state
    from newsdesk.live.services import alert_publish

    settings.LANGUAGE_CODE = "ar"
    alert = alert_publish(text="Storm warning", page=article, user=editor)
    with translation.override("de"):
        html = banner_state(alert)["html"]
    assert "عاجل" in html and "Eilmeldung" not in html
