"""The OpenAPI 3.1 document of the service, built from the library's JSON Schemas.

OpenAPI 3.1 uses JSON Schema draft 2020-12, the dialect of
:mod:`revitalize.schema`, so each model's schema goes into
``components/schemas`` as the library writes it: the document's ``$defs`` become
components of their own and each ``$ref`` is pointed at them (``#/$defs/Member``
→ ``#/components/schemas/Member``; ``#``, a class that contains itself, → the
class's component). There is no second, hand-written schema of a model: a
request body *is* :func:`revitalize.schema.schema_for` of its model, its
example the packaged sample (:mod:`revitalize.inputs`), and the assessment in a
response *is* ``schema_for("Assessment")``. What is written here is only the service's own
envelopes (the list answer of ``/assess``, problem details, ``/health`` ...),
which point at those schemas for the models inside them.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from .._version import __version__
from ..inputs import KINDS, sample_text
from ..schema import schema_for
from ._problems import MEDIA_TYPE

if TYPE_CHECKING:
    from ._app import Operation, Query, Service

__all__ = ["openapi_document"]

_DATE: Final = {"type": "string", "format": "date",
                "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?![\s\S])"}
_OBJECT: Final = {"type": "object"}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


class Components:
    """``components/schemas``: the library's schemas, their ``$defs`` and the envelopes."""

    def __init__(self) -> None:
        self.schemas: dict[str, Any] = {}

    def put(self, name: str, schema: Any) -> dict[str, Any]:
        """Add ``schema`` under ``name`` (the same name twice must be the same schema)."""
        known = self.schemas.get(name)
        if known is not None and known != schema:
            raise RuntimeError(f"two different schemas are named {name!r}")
        self.schemas[name] = schema
        return _ref(name)

    def document(self, name: str, doc: Mapping[str, Any]) -> dict[str, Any]:
        """Add a JSON Schema document of the library (root and ``$defs``) as components."""
        root: dict[str, Any] = copy.deepcopy(dict(doc))
        root.pop("$schema", None)
        defs = root.pop("$defs", {})

        def rewrite(node: Any) -> Any:
            if isinstance(node, dict):
                out = {k: rewrite(v) for k, v in node.items()}
                ref = node.get("$ref")
                if ref == "#":
                    out["$ref"] = f"#/components/schemas/{name}"
                elif isinstance(ref, str) and ref.startswith("#/$defs/"):
                    out["$ref"] = "#/components/schemas/" + ref.removeprefix("#/$defs/")
                return out
            if isinstance(node, list):
                return [rewrite(v) for v in node]
            return node

        for def_name, schema in defs.items():
            self.put(def_name, rewrite(schema))
        return self.put(name, rewrite(root))

    def model(self, name: str) -> dict[str, Any]:
        """The library's schema of the model or output ``name``, as a ``$ref``."""
        if name in self.schemas:
            return _ref(name)
        return self.document(name, schema_for(name))


def _envelopes(c: Components) -> dict[str, dict[str, Any]]:
    """The service's own response shapes; each model inside is the library's schema."""
    assessment = c.model("Assessment")
    finding = _ref("Finding")
    summary = c.put("AssessmentSummary", {
        "type": "object",
        "title": "AssessmentSummary",
        "description": "An assessment with detail=summary: the decision and each rule's "
                       "outcome, without the findings' reasons (revitalize.batch."
                       "summary_record).",
        "properties": {
            "subject": {"type": "string"}, "on": _DATE, "decision": _OBJECT,
            "outcomes": {"type": "object", "additionalProperties": {"type": "string"}},
            "statuses": {"type": "object", "additionalProperties": {
                "enum": ["problem", "ok", "info", "undecided", "not_applicable"]}},
            "notices": {"type": "array", "items": _ref("Notice")},
            "provenance": _ref("Provenance"),
        },
        "required": ["subject", "on", "decision", "outcomes", "statuses", "notices",
                     "provenance"],
        "additionalProperties": False,
    })
    one = {"anyOf": [assessment, summary]}
    return {
        "AssessResponse": {"anyOf": [assessment, summary, c.put("AssessmentList", {
            "type": "object",
            "title": "AssessmentList",
            "description": "The answer to an array of households: each assessment, in order, "
                           "and the counts (what `revitalize assess --json` prints).",
            "properties": {"on": _DATE, "households": {"type": "array", "items": one},
                           "summary": _OBJECT},
            "required": ["on", "households", "summary"],
            "additionalProperties": False,
        })]},
        "DiffResponse": {
            "type": "object",
            "properties": {"reform": {"type": "string"}, "on": _DATE,
                           "changes": {"type": "array", "items": _OBJECT},
                           "summary": _OBJECT},
            "required": ["reform", "on", "changes", "summary"],
        },
        "CaseReview": {
            "type": "object",
            "properties": {
                "on": _DATE, "ok": {"type": "boolean"},
                "due_actions": {"type": "array", "items": {
                    "type": "object", "properties": {"finding": finding},
                    "required": ["case", "kind", "due_on", "overdue", "finding"]}},
                "compliance": {"type": "array", "items": finding},
                "statistics": _OBJECT,
            },
            "required": ["on", "ok", "due_actions", "compliance", "statistics"],
        },
        "AssetCheck": {
            "type": "object",
            "properties": {"on": _DATE, "ok": {"type": "boolean"},
                           "refused_assets": {"type": "array", "items": {"type": "string"}},
                           "assessments": {"type": "array", "items": assessment},
                           "report": _OBJECT},
            "required": ["on", "ok", "refused_assets", "assessments", "report"],
        },
        "GovernanceReport": {
            "type": "object",
            "properties": {"year": {"type": "integer"}, "on": _DATE,
                           "clean": {"type": "boolean"},
                           "findings": {"type": "array", "items": finding},
                           "gaps": {"type": "array", "items": _OBJECT}},
            "required": ["year", "on", "clean", "findings", "gaps"],
        },
        "ProgressReport": {
            "type": "object",
            "properties": {"on": _DATE, "parameters": _OBJECT, "counts": _OBJECT,
                           "indicators": {"type": "array", "items": _OBJECT}},
            "required": ["on", "parameters", "counts", "indicators"],
        },
        "Rule": {
            "type": "object",
            "properties": {"id": {"type": "string"}, "title_zh": {"type": "string"},
                           "title_en": {"type": "string"},
                           "citation": {"type": "array", "items": _ref("Citation")}},
            "required": ["id", "title_zh", "title_en", "citation"],
        },
        "RuleList": {"type": "array", "items": _ref("Rule")},
        "IndicatorList": {"type": "array", "items": {
            "type": "object", "required": ["id", "name_zh", "name_en"]}},
        "Parameters": {
            "type": "object",
            "properties": {"parameter_set": {"type": "string"},
                           "fingerprint": {"type": "string"},
                           "on": {"anyOf": [_DATE, {"type": "null"}]},
                           "parameters": {"type": "array", "items": _OBJECT}},
            "required": ["parameter_set", "fingerprint", "on", "parameters"],
        },
        "SchemaNames": {
            "type": "object",
            "properties": {"inputs": {"type": "array", "items": {"type": "string"}},
                           "outputs": {"type": "array", "items": {"type": "string"}}},
            "required": ["inputs", "outputs"], "additionalProperties": False,
        },
        "Health": {"type": "object", "properties": {"status": {"const": "ok"}},
                   "required": ["status"], "additionalProperties": False},
        "Version": {
            "type": "object",
            "properties": {
                "version": {"type": "string"}, "parameter_set": {"type": "string"},
                "fingerprint": {"type": "string"},
                "reforms": {"type": "array", "items": {
                    "type": "object",
                    "properties": {"name": {"type": "string"},
                                   "fingerprint": {"type": "string"}},
                    "required": ["name", "fingerprint"], "additionalProperties": False}},
            },
            "required": ["version", "parameter_set", "fingerprint", "reforms"],
            "additionalProperties": False,
        },
    }


_PROBLEM: Final = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details. `detail`, and each error's `path` and `message`, "
                   "are the library's own; a 422 lists every problem in `errors`; a 404 for "
                   "an unknown name gives the close matches in `suggestions`.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object",
            "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            "required": ["path", "message"], "additionalProperties": False}},
        "suggestions": {"type": "array", "items": {"type": "string"}},
        "limit": {"type": "integer"},
    },
    "required": ["type", "title", "status", "detail", "instance"],
    "additionalProperties": False,
}

_ERRORS: Final = {
    400: "Malformed JSON, or no body.",
    401: "No bearer token (only when the service has a token).",
    403: "A wrong bearer token (only when the service has a token).",
    404: "An unknown name, with the close matches.",
    413: "The body is larger than the service's limit.",
    415: "The body is not JSON (Content-Type).",
    422: "Invalid input: every problem with its path (body: `$.members[0].birth_date`; "
         "query: `query.on`).",
}


def _query_schema(q: Query, service: Service) -> dict[str, Any]:
    if q.kind == "date":
        return dict(_DATE)
    if q.kind == "choice":
        return {"type": "string", "enum": list(q.choices), "default": q.default}
    names = sorted(service.reforms)
    return {"type": "string", "enum": names} if names else {"type": "string"}


def _examples() -> dict[str, Any]:
    """The packaged sample of each input model (``revitalize sample KIND``; for households,
    the first one), shown as the request body's example."""
    out: dict[str, Any] = {}
    for kind in KINDS.values():
        text = sample_text(kind.name)
        out[kind.model] = json.loads(text.splitlines()[0] if kind.name == "households"
                                     else text)
    return out


def _request_schema(name: str, c: Components) -> dict[str, Any]:
    if name == "HouseholdOrList":
        one = c.model("Household")
        return {"anyOf": [one, {"type": "array", "items": one}]}
    return c.model(name)


def openapi_document(operations: Sequence[Operation], service: Service, *,
                     secured: bool) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``operations``."""
    c = Components()
    envelopes = _envelopes(c)
    c.put("Rule", envelopes["Rule"])
    problem = c.put("Problem", _PROBLEM)
    examples = _examples()
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        parameters = [{"name": name, "in": "path", "required": True,
                       "schema": {"type": "string", "minLength": 1}}
                      for name in re.findall(r"\{(\w+)\}", op.path)]
        parameters += [{"name": q.name, "in": "query", "required": q.required,
                        "description": q.description, "schema": _query_schema(q, service)}
                       for q in op.query]
        if op.response == "object":
            response: dict[str, Any] = dict(_OBJECT)
        elif op.response in envelopes:
            response = c.put(op.response, envelopes[op.response])
        else:
            response = c.model(op.response)
        codes = [422]
        entry: dict[str, Any] = {
            "operationId": op.operation_id, "summary": op.summary,
            "description": op.description, "tags": [op.tag], "parameters": parameters,
        }
        if op.request is not None:
            media: dict[str, Any] = {"schema": _request_schema(op.request, c)}
            example = examples.get("Household" if op.request == "HouseholdOrList"
                                   else op.request)
            if example is not None:
                media["example"] = example
            entry["requestBody"] = {"required": True, "content": {"application/json": media}}
            codes += [400, 413, 415]
        if op.not_found:
            codes.append(404)
        if secured and op.path != "/health":
            codes += [401, 403]
        responses: dict[str, Any] = {"200": {
            "description": "OK", "content": {"application/json": {"schema": response}}}}
        for code in sorted(codes):
            responses[str(code)] = {"description": _ERRORS[code],
                                    "content": {MEDIA_TYPE: {"schema": problem}}}
        entry["responses"] = responses
        if secured and op.path == "/health":
            entry["security"] = []
        paths.setdefault(op.path, {})[op.method.lower()] = entry
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "revitalize",
            "version": __version__,
            "summary": "The Wansheng plan's rules over HTTP 万盛经开区巩固衔接规划规则服务",
            "description": (
                "The rules of the Wansheng district (Chongqing) 2021-2025 plan on consolidating "
                "poverty-alleviation results and rural revitalization, as JSON over HTTP. The "
                "same pure functions and JSON converters as the Python library answer; the "
                "model schemas are the library's own (`revitalize schema MODEL`). Errors are "
                "RFC 9457 problem details (`application/problem+json`)."),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": paths,
        "components": {"schemas": dict(sorted(c.schemas.items()))},
    }
    if secured:
        doc["components"]["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "The token the service was started with "
                                      "(--token or REVITALIZE_TOKEN)."}}
        doc["security"] = [{"bearer": []}]
    return doc
