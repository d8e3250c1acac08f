from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware
from django.utils.cache import patch_vary_headers

from .pagecache import content_etag

# What a view can set on its response to change its own policy (csp.decorators).
PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Reader pages get the strict policy from settings: no inline script.

    The Wagtail admin cannot work under it yet: its form widgets initialise
    themselves with inline scripts (wagtail/wagtail#1288), so admin pages allow
    inline script and style, blob: images for upload previews, and framing by
    the admin itself for the live preview panel. See docs/decisions/0003."""

    HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built = {}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not request.path.startswith("/admin/") and "text/html" in response.get("Content-Type", ""):
            from .stylesheet import stylesheet

            # The inlined reader stylesheet, allowed by its hash alone.
            parts.update = {**(parts.update or {}), "style-src": [stylesheet()[1]]}
        if request.path.startswith("/admin/") and not report_only:
            parts.replace = {
                **(parts.replace or {}),
                "script-src": ["'self'", "'unsafe-inline'"],
                "style-src": ["'self'", "'unsafe-inline'"],
                "img-src": ["'self'", "data:", "blob:"],
                "frame-ancestors": ["'self'"],
            }
        return parts

    def process_response(self, request, response):
        """The policy depends on nothing but the kind of page unless a view asked
        for its own or for a nonce: build it once per kind, not per request (it
        was a tenth of an uncached article render)."""
        from django.conf import settings
        from django.http import HttpResponse

        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
            or settings.DEBUG
        ):
            return super().process_response(request, response)
        kind = (request.path.startswith("/admin/"), "text/html" in response.get("Content-Type", ""))
        headers = self._built.get(kind)
        if headers is None:
            probe = HttpResponse(content_type=response.get("Content-Type", ""))
            probe.status_code = response.status_code
            super().process_response(request, probe)
            headers = self._built[kind] = [(name, _in_order(probe[name])) for name in self.HEADERS if name in probe]
        for name, value in headers:
            if name not in response:
                response[name] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _in_order(policy: str) -> str:
    """The policy with its directives sorted: django-csp joins them in set order, which
    changes from one process to the next, and nginx sends the policy it was given
    with the pages it sends from files (reader/pagefiles.py)."""
    return "; ".join(sorted(part.strip() for part in policy.split(";") if part.strip()))


class PublicCacheHeadersMiddleware:
    """Mark anonymous reader pages as cacheable by the page cache, nginx and CDNs.

    s-maxage is for shared caches, which are purged or invalidated on publish;
    max-age=0 makes browsers revalidate with the ETag, so a reader who reloads
    never keeps a stale breaking banner."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.enabled = settings.NEWSDESK_PAGE_CACHE
        self.value = (
            f"public, max-age=0, s-maxage={settings.NEWSDESK_PAGE_CACHE_SECONDS}, "
            "stale-while-revalidate=30, stale-if-error=86400"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if (
            self.enabled
            and request.method in ("GET", "HEAD")
            and response.status_code in (200, 404)
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not request.path.startswith(("/admin", "/api/", "/live/", "/text-size/"))
            and not getattr(response, "streaming", False)
            and not _is_authenticated(request)
        ):
            response["Cache-Control"] = self.value
            # A public page differs with the reader's text-size and dismissed-alert cookies.
            patch_vary_headers(response, ("Cookie",))
        elif not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        return response


def _is_authenticated(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class DatabaseUnavailableMiddleware:
    """When the database is down, answer at once with a friendly 503 instead of
    an error page, and let the page cache in front serve what it has."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        import logging

        from django.http import HttpResponse
        from django.template import loader

        logging.getLogger(__name__).error("Database unavailable: %s", exception)
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    """Django's ETags and 304s, with the page cache's ETag (SHA-256, pagecache.content_etag)
    instead of Django's MD5: every uncached page is hashed, and MD5 was about 5% of a render."""

    def process_response(self, request, response):
        if (
            request.method == "GET"
            and not response.has_header("ETag")
            and self.needs_etag(response)
            and not response.streaming
            and response.content
        ):
            response.headers["ETag"] = content_etag(response.content)
        return super().process_response(request, response)
