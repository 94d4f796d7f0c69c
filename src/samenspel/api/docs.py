"""The API's documentation as a plain, server-rendered page (/api/v1/docs), made from the same
OpenAPI document the app serves. ninja's Swagger UI and Redoc need JavaScript; this page works
without it, is accessible, and loads nothing but the site's own stylesheet (our CSP forbids
inline script and other hosts)."""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(ref_holder: dict | None) -> str:
    if not ref_holder:
        return ""
    ref = ref_holder.get("$ref") or ref_holder.get("items", {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1]


def _type_of(schema: dict) -> str:
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    kind = schema.get("type", "")
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def operations(schema: dict) -> list[dict]:
    """The operations of an OpenAPI document grouped by tag, in document order."""
    groups: dict[str, list] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            groups.setdefault((op.get("tags") or ["api"])[0], []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": op.get("operationId", ""),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type_of(p.get("schema", {})),
                            "description": p.get("description") or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _schema_name(body),
                    "responses": [
                        {
                            "status": status,
                            "description": r.get("description", ""),
                            "schema": _schema_name(r.get("content", {}).get("application/json", {}).get("schema")),
                        }
                        for status, r in op.get("responses", {}).items()
                    ],
                    "secured": bool(op.get("security")),
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


def schemas(schema: dict) -> list[dict]:
    result = []
    for name, body in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(body.get("required", []))
        result.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": _type_of(spec),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in body.get("properties", {}).items()
                ],
            }
        )
    return result


class ServerRenderedDocs(DocsBase):
    def render_page(self, request, api, **kwargs):
        from .api import TAG_LABELS

        schema = api.get_openapi_schema(path_params=kwargs)
        groups = operations(schema)
        for group in groups:
            group["label"] = TAG_LABELS.get(group["tag"], group["tag"])
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "info": schema.get("info", {}),
                "groups": groups,
                "schemas": schemas(schema),
                "openapi_url": self.get_openapi_url(api, kwargs),
                "api_root": request.build_absolute_uri(api.get_root_path(kwargs)),
            },
        )
