"""/api/openapi.json: one OpenAPI description of every HTTP API of the project.

Each app keeps its own NinjaAPI (partner ninjs here, breaking alerts in live,
wire push in wires...). This view finds every NinjaAPI mounted in the URLconf
and merges their descriptions, so a new API appears here without being listed."""

import json

from django.http import JsonResponse
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.decorators.http import require_GET


def mounted_apis() -> list[tuple[str, object]]:
    """(path prefix, NinjaAPI) for every django-ninja API in the URLconf."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name == "api-root":
                api = getattr(pattern.callback, "keywords", {}).get("api")
                if api is not None:
                    found.append((prefix, api))

    walk(get_resolver().url_patterns, "")
    return sorted(found, key=lambda item: item[0])


def _rename_schemas(spec: dict, renames: dict[str, str]) -> dict:
    text = json.dumps(spec)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    return json.loads(text)


def _problem_json(operation: dict) -> None:
    """Errors rendered by Wagtail's API handlers are application/problem+json (RFC 9457);
    django-ninja documents every response as application/json."""
    for response in operation.get("responses", {}).values():
        content = response.get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        if schema.get("$ref", "").endswith("ProblemDetail"):
            content["application/problem+json"] = content.pop("application/json")


def openapi_schema() -> dict:
    merged = {
        "openapi": "3.1.0",
        "info": {
            "title": "Newsdesk HTTP APIs",
            "version": "1",
            "description": "Every HTTP API of Newsdesk, described together.",
        },
        "paths": {},
        "components": {"schemas": {}, "securitySchemes": {}},
        "tags": [],
    }
    for prefix, api in mounted_apis():
        spec = json.loads(json.dumps(api.get_openapi_schema(path_prefix=prefix), default=str))
        schemas = spec.get("components", {}).get("schemas", {})
        renames = {
            name: f"{api.urls_namespace}_{name}"
            for name, schema in schemas.items()
            if name in merged["components"]["schemas"] and merged["components"]["schemas"][name] != schema
        }
        if renames:
            spec = _rename_schemas(spec, renames)
            schemas = {renames.get(name, name): schema for name, schema in spec["components"]["schemas"].items()}
        merged["components"]["schemas"].update(schemas)
        merged["components"]["securitySchemes"].update(spec.get("components", {}).get("securitySchemes", {}))
        merged["tags"].append({"name": api.title, "description": (api.description or "").strip()})
        for path, operations in spec.get("paths", {}).items():
            for operation in operations.values():
                if isinstance(operation, dict):
                    operation["tags"] = [api.title]
                    _problem_json(operation)
            merged["paths"].setdefault(path, {}).update(operations)
    return merged


@require_GET
def openapi_json(request):
    return JsonResponse(openapi_schema(), json_dumps_params={"indent": 1})
