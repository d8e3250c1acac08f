"""Bring the reader's translations up to date: `make messages`.

Reads every marked string from the Python code and the Jinja2 templates with
Babel (newsdesk/locale/babel.cfg), updates each language's catalog
(newsdesk/locale/<language>/LC_MESSAGES/django.po) and compiles it to the
django.mo that Django reads. Then translate what is new or marked fuzzy in the
.po files and run it again; the test suite fails while a string is untranslated
or a compiled catalog is older than its .po (newsdesk/reader/tests/test_translations.py).
"""

from babel.messages.frontend import CommandLineInterface
from django.core.management.base import BaseCommand

from newsdesk.reader import translations


class Command(BaseCommand):
    help = "Extract the reader's words, update every language's catalog, and compile them."

    def handle(self, *args, **options):
        root = translations.LOCALE_DIR.parent  # newsdesk/
        locale_dir = translations.LOCALE_DIR
        template = locale_dir / "django.pot"
        babel = CommandLineInterface()
        babel.run(
            [
                "pybabel", "--quiet", "extract", "--no-location", "--sort-output",
                "--mapping-file", str(locale_dir / "babel.cfg"), *translations.KEYWORD_OPTIONS,
                "--add-comments", "Translators:", "--project", "Newsdesk", "--output-file", str(template), str(root),
            ]
        )  # fmt: skip
        for language in translations.translated_languages():
            po = translations.catalog_path(language)
            command = "update" if po.exists() else "init"
            babel.run(
                [
                    "pybabel", "--quiet", command, "--domain", "django", "--input-file", str(template),
                    "--output-dir", str(locale_dir), "--locale", language,
                    *(["--no-fuzzy-matching", "--ignore-pot-creation-date"] if command == "update" else []),
                ]
            )  # fmt: skip
            babel.run(
                ["pybabel", "--quiet", "compile", "--domain", "django", "--directory", str(locale_dir),
                 "--locale", language]
            )  # fmt: skip
            left = translations.untranslated(language)
            self.stdout.write(f"{language}: {len(left)} to translate" + "".join(f"\n  {message!r}" for message in left))
        template.unlink()
