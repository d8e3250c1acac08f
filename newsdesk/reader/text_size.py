"""The reader's text-size choice: four steps over the browser's own default size.

The choice lives in a cookie so it works with JavaScript off and holds across
pages and visits. Sizes are percentages of the browser default, so a reader's
own default size and browser zoom still apply on top.
"""

from django.utils.translation import gettext_lazy

COOKIE_NAME = "newsdesk_text_size"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365
DEFAULT = "md"
SIZES = {
    # key: (label, accessible name): the name begins with the label, which is the same in every language.
    "xs": ("XS", gettext_lazy("XS, extra small text")),
    "sm": ("SM", gettext_lazy("SM, small text")),
    "md": ("MD", gettext_lazy("MD, medium text")),
    "lg": ("LG", gettext_lazy("LG, large text")),
}


def text_size_from_request(request) -> str:
    value = request.COOKIES.get(COOKIE_NAME, DEFAULT)
    return value if value in SIZES else DEFAULT
