"""The push endpoint: agencies that deliver by HTTP POST their files here."""

from django.http import JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import WireSource
from .services import max_readable_bytes, wire_file_ingest


@csrf_exempt  # a machine-to-machine endpoint, authenticated by the source's bearer token
@require_POST
def wire_push(request, source_id: int):
    """POST one wire file as the body, with "Authorization: Bearer <token>" and optionally
    "X-Filename". 202: ingested; 422: unreadable, kept in quarantine with the reason (the
    agency need not resend); 401: wrong source or token; 413: too large to accept."""
    source = WireSource.objects.select_related("agency").filter(pk=source_id, kind=WireSource.Kind.PUSH).first()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if (
        source is None
        or not source.enabled
        or scheme.lower() != "bearer"
        or not source.push_token
        or not constant_time_compare(token.strip(), source.push_token)
    ):
        return JsonResponse({"error": "Unknown source or wrong token."}, status=401)
    limit = max_readable_bytes()
    payload = request.read(limit + 1)
    if len(payload) > limit:
        return JsonResponse(
            {"error": f"The body is over {limit:,} bytes; split it or use the drop folder."}, status=413
        )
    filename = request.headers.get("X-Filename", "").strip()[:200] or f"push-{timezone.now():%Y%m%dT%H%M%S%f}"
    result = wire_file_ingest(source=source, filename=filename, payload=payload)
    body = {
        "status": result.status,
        "items": [{"guid": o.item.guid, "version": o.item.version, "outcome": o.outcome} for o in result.outcomes],
    }
    if result.quarantined:
        body["reason"] = result.reason
        return JsonResponse(body, status=422)
    return JsonResponse(body, status=202)
