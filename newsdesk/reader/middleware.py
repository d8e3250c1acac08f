from csp.middleware import CSPMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Reader pages get the strict policy from settings. The Wagtail admin keeps
    the same script rule (no inline script) but needs inline styles for its
    widgets, blob: images for upload previews, and framing by itself for the
    live preview panel."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/admin/") and not report_only:
            parts.replace = {
                **(parts.replace or {}),
                "style-src": ["'self'", "'unsafe-inline'"],
                "img-src": ["'self'", "data:", "blob:"],
                "frame-ancestors": ["'self'"],
            }
        return parts
