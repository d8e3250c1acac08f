from csp.middleware import CSPMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Reader pages get the strict policy from settings: no inline script.

    The Wagtail admin cannot work under it yet: its form widgets initialise
    themselves with inline scripts (wagtail/wagtail#1288), so admin pages allow
    inline script and style, blob: images for upload previews, and framing by
    the admin itself for the live preview panel. See docs/decisions/0003."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/admin/") and not report_only:
            parts.replace = {
                **(parts.replace or {}),
                "script-src": ["'self'", "'unsafe-inline'"],
                "style-src": ["'self'", "'unsafe-inline'"],
                "img-src": ["'self'", "data:", "blob:"],
                "frame-ancestors": ["'self'"],
            }
        return parts
