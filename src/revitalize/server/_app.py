"""The ASGI application: operations, request reading, middleware.

Each operation is declared once (:class:`Operation`: method, path, query
parameters, request and response schemas, handler); the router, the query
validation and the OpenAPI document (:mod:`revitalize.server._openapi`) are all
built from the declarations. Handlers are thin: they read the body with the
library's converter (:func:`revitalize.serialization.from_json_value`) and call
the library's pure functions, and answer with the library's ``to_json()``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import json
import logging
import time
import typing
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from importlib import resources
from typing import Any, Final

import attrs
import cattrs
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .._version import __version__
from ..batch import BatchStatistics, diff_stream, summary_record
from ..errors import Problem, RevitalizeError, UnknownNameError, close_matches
from ..indicators import default_indicators, evaluate, parse_observations
from ..models.assets import AssetRegister
from ..models.governance import GovernanceRecords
from ..models.household import Household
from ..policy.asset_report import check_assets
from ..policy.case_review import review_cases
from ..policy.cases import CaseRegister
from ..policy.explain import explain_household
from ..policy.governance import check_governance_records
from ..policy.monitoring import MonitoringAssessor
from ..policy.parameters import ParameterSet, default_parameters, parameters_json
from ..policy.registry import default_registry
from ..schema import OUTPUT_MODELS, input_names, schema_for
from ..serialization import from_json_value, loads, make_converter
from ._problems import MEDIA_TYPE, HTTPProblem, from_error, problem_body

__all__ = ["DEFAULT_MAX_BODY", "Call", "Operation", "Query", "Service", "build_app"]

#: The default limit on a request body: 10 MiB.
DEFAULT_MAX_BODY: Final = 10 * 1024 * 1024

#: Assessors kept per (reform, date): building one reads the parameters once.
_ASSESSOR_CACHE: Final = 256

_ACCESS = logging.getLogger("revitalize.server.access")
_ERRORS = logging.getLogger("revitalize.server")


# --------------------------------------------------------------------------- declarations


@attrs.frozen
class Query:
    """A query parameter: its name, kind (``date``, ``choice`` or ``reform``) and meaning."""

    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    default: str | None = None


LANG: Final = Query("lang", "choice", "The language of the error titles and of the text "
                    "(zh: Chinese, en: English). 输出语言。", choices=("zh", "en"), default="zh")
REFORM: Final = Query("reform", "reform", "A reform loaded when the service started "
                      "(`revitalize serve --reform FILE`), by name; without it the base "
                      "parameters apply.")
ON: Final = Query("on", "date", "The evaluation date (ISO, such as 2023-06-01). Required: "
                  "the rules never read the clock.", required=True)
ON_OVERRIDE: Final = Query("on", "date", "The evaluation date (ISO); default: the body's "
                           "\"on\". One of them is required.")
DETAIL: Final = Query("detail", "choice", "full: the complete assessment, every finding with "
                      "its reasons and citations (Assessment.to_json); summary: the decision "
                      "and each rule's outcome.", choices=("full", "summary"), default="full")


@attrs.frozen
class Call:
    """What a handler gets: the validated query (dates parsed), the parameter set the
    ``reform`` query selects, the parsed JSON body and the path parameters."""

    query: Mapping[str, Any]
    params: ParameterSet
    body: Any
    path: Mapping[str, str]
    lang: str


@attrs.frozen
class Operation:
    """One endpoint: method, path, summary, query parameters, schemas and handler.

    ``request`` and ``response`` name the schemas (see :mod:`._openapi`):
    a model name of :mod:`revitalize.schema`, or one of the service's own.
    """

    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    handler: Callable[[Call], Any]
    query: tuple[Query, ...] = (LANG,)
    request: str | None = None
    response: str = "object"
    not_found: bool = False
    tag: str = "rules"


# --------------------------------------------------------------------------- reading


_JSON_TYPES: Final = ("application/json",)


def _lang_of(request: Request) -> str:
    lang = request.query_params.get("lang")
    return lang if lang in ("zh", "en") else "zh"


def _content_type_ok(value: str | None) -> bool:
    if value is None:
        return True
    media = value.split(";")[0].strip().lower()
    return media in _JSON_TYPES or (media.startswith("application/") and media.endswith("+json"))


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass ``limit`` bytes
    (from ``Content-Length``, or while it streams in)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise HTTPProblem(400, f"Content-Length is not a number: {declared[:40]!r}")
        if int(declared) > limit:
            raise HTTPProblem(413, f"the body has {int(declared)} bytes; the limit is {limit}",
                              extra={"limit": limit})
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPProblem(413, f"the body has more than {limit} bytes; the limit is {limit}",
                              extra={"limit": limit})
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(body: bytes, converter: cattrs.Converter | None = None) -> Any:
    """The JSON value of ``body``, read by the library's reader
    (:func:`revitalize.serialization.loads`, with its bounds); malformed JSON is a 400
    naming the line and column."""
    if not body.strip():
        raise HTTPProblem(400, "the request has no body; expected JSON",
                          errors=(Problem("$", "expected JSON, got an empty body"),))
    try:
        return loads(body, typing.cast("type[Any]", Any), converter=converter)
    except RevitalizeError as exc:
        problem = from_error(exc)
        raise HTTPProblem(400, problem.detail, errors=problem.errors) from None


def _query_problems(request: Request, declared: Sequence[Query], reforms: Mapping[str, Any],
                    ) -> tuple[dict[str, Any], list[Problem]]:
    """The validated query (dates parsed) and every problem with it."""
    by_name = {q.name: q for q in declared}
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    given = request.query_params.multi_items()
    seen: set[str] = set()
    for key, _ in given:
        if key in seen:
            problems.append(Problem(f"query.{key}", "the parameter is given more than once"))
        seen.add(key)
        if key not in by_name:
            near = close_matches(key, list(by_name))
            hint = (f"did you mean {' or '.join(repr(n) for n in near)}?" if near
                    else f"expected one of: {', '.join(by_name) or 'none'}")
            problems.append(Problem(f"query.{key}", f"unknown query parameter; {hint}"))
    raw = dict(given)
    for q in declared:
        text = raw.get(q.name)
        path = f"query.{q.name}"
        if text is None:
            if q.required:
                problems.append(Problem(path, f"missing required query parameter: "
                                              f"{q.description}"))
            elif q.default is not None:
                values[q.name] = q.default
            continue
        if q.kind == "date":
            try:
                values[q.name] = dt.date.fromisoformat(text)
                if len(text) != 10:
                    raise ValueError(text)
            except ValueError:
                problems.append(Problem(path, f"expected an ISO date such as 2023-06-01, "
                                              f"got {text[:40]!r}"))
        elif q.kind == "choice":
            if text in q.choices:
                values[q.name] = text
            else:
                shown = ", ".join(repr(c) for c in q.choices)
                problems.append(Problem(path, f"expected one of {shown}, got {text[:40]!r}"))
        elif q.kind == "reform":
            if text in reforms:
                values[q.name] = text
            else:
                problems.append(Problem(path, str(UnknownNameError("reform", text, reforms))))
    return values, problems


# --------------------------------------------------------------------------- responses


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def problem_response(problem: HTTPProblem, lang: str, instance: str) -> Response:
    """The problem as an ``application/problem+json`` response."""
    return Response(problem_body(problem, lang, instance), status_code=problem.status,
                    media_type=MEDIA_TYPE, headers=problem.headers)


# --------------------------------------------------------------------------- the service


class Service:
    """The operations over one base parameter set and the reforms loaded at start."""

    def __init__(self, params: ParameterSet, reforms: Mapping[str, ParameterSet]) -> None:
        self.base = params
        self.reforms = dict(reforms)
        self.converter = make_converter()
        self.registry = default_registry()
        self.rules_json = [r.spec.to_json() for r in self.registry]
        self.assessor = functools.lru_cache(maxsize=_ASSESSOR_CACHE)(self._assessor)

    def params_for(self, reform: str | None) -> ParameterSet:
        """The base parameters, or the reform loaded under ``reform``."""
        return self.base if reform is None else self.reforms[reform]

    def _assessor(self, reform: str | None, on: dt.date) -> MonitoringAssessor:
        return MonitoringAssessor.of(self.params_for(reform), on)

    def read(self, value: Any, cls: type[Any]) -> Any:
        """``value`` as a ``cls``, by the library's converter (every problem at once)."""
        return from_json_value(value, cls, converter=self.converter)

    def households(self, value: Any) -> tuple[list[Household], bool]:
        """The households of a body that is one household or an array of them."""
        if isinstance(value, list):
            return list(self.read(value, tuple[Household, ...])), True
        return [self.read(value, Household)], False

    # ----------------------------------------------------------------- POST

    def assess(self, call: Call) -> Any:
        households, many = self.households(call.body)
        on: dt.date = call.query["on"]
        assessor = self.assessor(call.query.get("reform"), on)
        full = call.query["detail"] == "full"
        if not many:
            a = assessor(households[0])
            return a.to_json() if full else summary_record(a)
        stats = BatchStatistics()
        stats.add_run_notices(assessor.notices)  # the run's warnings once, as in the CLI
        out = []
        for h in households:
            a = assessor(h)
            stats.add_assessment(a)
            out.append(a.to_json() if full else summary_record(a))
        return {"on": on.isoformat(), "households": out, "summary": stats.to_json()}

    def explain(self, call: Call) -> Any:
        household = self.read(call.body, Household)
        on: dt.date = call.query["on"]
        params = self.assessor(call.query.get("reform"), on).params
        return explain_household(household, params, on).to_json()

    def diff(self, call: Call) -> Any:
        households, _ = self.households(call.body)
        on: dt.date = call.query["on"]
        reform = self.reforms[call.query["reform"]]
        diff = diff_stream(households, self.base, reform, on)
        changes = [c.to_json() for c in diff]
        return {"reform": reform.name, "on": on.isoformat(), "changes": changes,
                "summary": diff.summary.to_json()}

    def _on(self, call: Call, from_body: dt.date | None) -> dt.date:
        on: dt.date | None = call.query.get("on") or from_body
        if on is None:
            raise HTTPProblem.invalid([Problem("$.on", "no evaluation date: give \"on\" in "
                                                       "the body or ?on=DATE")])
        return on

    def cases_due(self, call: Call) -> Any:
        register: CaseRegister = self.read(call.body, CaseRegister)
        return review_cases(register, call.params, self._on(call, register.on)).to_json()

    def assets_check(self, call: Call) -> Any:
        register: AssetRegister = self.read(call.body, AssetRegister)
        on = self._on(call, register.on)
        return check_assets(register.assets, call.params, on).to_json()

    def governance_check(self, call: Call) -> Any:
        records: GovernanceRecords = self.read(call.body, GovernanceRecords)
        return check_governance_records(records, call.params, call.query.get("on")).to_json()

    def indicators_progress(self, call: Call) -> Any:
        observations = parse_observations(call.body)
        report = evaluate(observations, params=call.params, on=call.query.get("on"))
        return report.to_json()

    # ----------------------------------------------------------------- GET

    def rules(self, call: Call) -> Any:
        return self.rules_json

    def rule(self, call: Call) -> Any:
        return self.registry.get(call.path["id"]).spec.to_json()

    def parameters(self, call: Call) -> Any:
        return parameters_json(call.params, call.query.get("on"))

    def indicators(self, call: Call) -> Any:
        return default_indicators().to_json()

    def schemas(self, call: Call) -> Any:
        return {"inputs": list(input_names()), "outputs": list(OUTPUT_MODELS)}

    def schema(self, call: Call) -> Any:
        return schema_for(call.path["model"])

    def health(self, call: Call) -> Any:
        return {"status": "ok"}

    def version(self, call: Call) -> Any:
        return {
            "version": __version__,
            "parameter_set": self.base.name,
            "fingerprint": self.base.fingerprint,
            "reforms": [{"name": n, "fingerprint": p.fingerprint}
                        for n, p in self.reforms.items()],
        }

    # ----------------------------------------------------------------- the list

    def operations(self) -> tuple[Operation, ...]:
        """Every operation of the service, in the order the docs list them."""
        reform = (REFORM,)
        return (
            Operation("POST", "/assess", "assess", "Assess households 评估农户",
                      "Assess one household (a JSON object) or a list of households (a JSON "
                      "array) on a date: monitoring range, category, risks, measures, each "
                      "finding with its reasons and citations. An array is answered with "
                      "each assessment and a summary; any invalid household makes the whole "
                      "request a 422 listing every problem (paths such as "
                      "`$[2].members[0].birth_date`).",
                      self.assess, (ON, DETAIL, *reform, LANG), "HouseholdOrList",
                      "AssessResponse", tag="households"),
            Operation("POST", "/explain", "explain", "Trace one assessment 完整说明",
                      "A trace of one household's assessment (what `revitalize explain "
                      "--json` prints): for every rule the input fields and parameter values "
                      "(with sources) it read, what it compared, its status and reason, "
                      "including why a rule did not apply; the decision with `because`, and "
                      "its path through the decision tables (MON-01's row, AST-01's rows).",
                      self.explain, (ON, *reform, LANG), "Household", "Trace",
                      tag="households"),
            Operation("POST", "/diff", "diff", "Households a reform changes 改革影响",
                      "Assess each household under the base parameters and under a reform "
                      "loaded at start; list the households whose decision changes (range, "
                      "category, measures), with counts.",
                      self.diff, (ON, attrs.evolve(REFORM, required=True,
                                                   description="The reform to compare with "
                                                               "the base, by name."), LANG),
                      "HouseholdOrList", "DiffResponse", tag="households"),
            Operation("POST", "/cases/due", "cases_due", "Due actions of cases 监测案件待办",
                      "Each monitoring case's due actions with the responsible level, the "
                      "compliance findings (应纳尽纳、应扶尽扶、应消尽消、应保尽保) and the "
                      "statistics of a case register.",
                      self.cases_due, (ON_OVERRIDE, *reform, LANG), "CaseRegister",
                      "CaseReview", tag="cases"),
            Operation("POST", "/assets/check", "assets_check", "Check project assets 资产检查",
                      "Assess every asset of a register against ASSET-01..11 and report the "
                      "register (totals and what is missing).",
                      self.assets_check, (ON_OVERRIDE, *reform, LANG), "AssetRegister",
                      "AssetCheck", tag="assets"),
            Operation("POST", "/governance/check", "governance_check",
                      "Check governance records 基层治理检查",
                      "Check a year's governance records against GOV-01..10; the places must "
                      "be in the Wansheng registry. Default date: 31 December of the records' "
                      "year.",
                      self.governance_check,
                      (attrs.evolve(ON_OVERRIDE, description="The assessment date (ISO); "
                                    "default: 31 December of the records' year."),
                       *reform, LANG),
                      "GovernanceRecords", "GovernanceReport", tag="governance"),
            Operation("POST", "/indicators/progress", "indicators_progress",
                      "Indicator progress 指标进度",
                      "Judge observed values against the plan's indicator targets (the "
                      "observation file format of `revitalize indicators report`).",
                      self.indicators_progress,
                      (attrs.evolve(ON_OVERRIDE, description="The date the parameters are "
                                    "read on (ISO); default: the last day of the latest "
                                    "observed year."), *reform, LANG),
                      "ObservationSet", "ProgressReport", tag="indicators"),
            Operation("GET", "/rules", "rules", "The rule catalog 规则目录",
                      "Every registered rule: ID, titles, citations, effective period, "
                      "parameters (what `revitalize rules --json` prints).",
                      self.rules, response="RuleList"),
            Operation("GET", "/rules/{id}", "rule", "One rule 单条规则",
                      "One rule by its catalog ID; an unknown ID is a 404 with the close "
                      "matches.", self.rule, response="Rule", not_found=True),
            Operation("GET", "/parameters", "parameters", "Parameters 参数",
                      "Every parameter with its dated values, unit, source and assumption "
                      "(what `revitalize parameters --json` prints); with `on`, only the value "
                      "in force that day.",
                      self.parameters,
                      (attrs.evolve(ON_OVERRIDE, description="Show only the value in force "
                                    "on this date (ISO); default: every dated value."),
                       *reform, LANG), response="Parameters"),
            Operation("GET", "/indicators", "indicators", "The indicator catalog 指标目录",
                      "Table 1 and the text's targets (what `revitalize indicators --json` "
                      "prints).", self.indicators, response="IndicatorList",
                      tag="indicators"),
            Operation("GET", "/schema", "schemas", "Schema names 模式名称",
                      "The input models and output documents that have a JSON Schema.",
                      self.schemas, response="SchemaNames", tag="schema"),
            Operation("GET", "/schema/{model}", "schema", "A JSON Schema 数据模式",
                      "The JSON Schema (draft 2020-12) of an input model or output document; "
                      "an unknown name is a 404 with the close matches.",
                      self.schema, response="object", not_found=True, tag="schema"),
            Operation("GET", "/health", "health", "Health 健康检查",
                      "Whether the service answers (no authentication needed).",
                      self.health, response="Health", tag="service"),
            Operation("GET", "/version", "version", "Version 版本",
                      "The library version, the base parameter set's fingerprint and the "
                      "reforms loaded.", self.version, response="Version", tag="service"),
        )


# --------------------------------------------------------------------------- endpoints


def _endpoint(op: Operation, service: Service, limit: int,
              ) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        lang = _lang_of(request)
        instance = request.url.path
        try:
            query, problems = _query_problems(request, op.query, service.reforms)
            if problems:
                raise HTTPProblem.invalid(problems)
            body = b""
            if op.request is not None:
                if not _content_type_ok(request.headers.get("content-type")):
                    raise HTTPProblem(415, "expected a JSON body (Content-Type: "
                                           "application/json)")
                body = await read_body(request, limit)
            call_lang = query.get("lang", lang)
            params = service.params_for(query.get("reform"))
            if op.request is None:  # a catalog lookup: cheap, answered on the event loop
                call = Call(query, params, None, request.path_params, call_lang)
                result = _run(op, call)
            else:
                # Parsing and assessing run in the thread pool: the event loop keeps reading
                # and writing other connections meanwhile (measured with benchmarks/serve.py:
                # about twice the throughput of running them on the loop).
                result = await run_in_threadpool(_parse_and_run, op, service, query, params,
                                                 body, request.path_params, call_lang)
            return Response(result, media_type="application/json")
        except HTTPProblem as problem:
            return problem_response(problem, lang, instance)
        except ClientDisconnect:
            return Response(status_code=400)
        except Exception as exc:  # a bug: logged here, never shown to the client
            return _internal_error(request, exc)

    endpoint.route_template = op.path  # type: ignore[attr-defined]
    return endpoint


def _internal_error(request: Request, exc: Exception) -> Response:
    _ERRORS.error("unexpected %s on %s %s", type(exc).__name__, request.method,
                  route_template(request.scope), exc_info=exc)
    return problem_response(HTTPProblem(500, "the service failed on this request; the error "
                                             "is in the server's log"),
                            _lang_of(request), request.url.path)


def _run(op: Operation, call: Call) -> bytes:
    try:
        return _json_bytes(op.handler(call))
    except HTTPProblem:
        raise
    except RevitalizeError as exc:
        raise from_error(exc, not_found=op.not_found) from None


def _parse_and_run(op: Operation, service: Service, query: dict[str, Any],
                   params: ParameterSet, body: bytes, path: Mapping[str, str],
                   lang: str) -> bytes:
    value = parse_json(body, service.converter)
    return _run(op, Call(query, params, value, path, lang))


def _docs_page() -> bytes:
    return (resources.files("revitalize.server") / "docs.html").read_bytes()


# --------------------------------------------------------------------------- middleware


def route_template(scope: Scope) -> str:
    """The path template of the route that answered (``/rules/{id}``), from the endpoint
    the router put in ``scope``; ``<unmatched>`` when no route matched."""
    return str(getattr(scope.get("endpoint"), "route_template", "<unmatched>"))


class AccessLog:
    """One line per request on the ``revitalize.server.access`` logger: client, method,
    the *route template* (``/rules/{id}``, not the path a client typed), status,
    duration and response size. Never a body, a query string or a header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 0
        size = 0

        async def sending(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            template = route_template(scope)
            client = scope.get("client")
            who = f"{client[0]}:{client[1]}" if client else "-"
            _ACCESS.info('%s "%s %s" %d %.1fms %dB', who, scope["method"], template, status,
                         (time.perf_counter() - start) * 1000, size)


class BearerAuth:
    """Bearer-token authentication on every path but the open ones (``/health``, and the
    static ``/docs`` page, which holds no data): 401 without a token, 403 with a wrong
    one. Tokens are compared in constant time."""

    def __init__(self, app: ASGIApp, token: str, open_paths: Iterable[str]) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()
        self.open = frozenset(open_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.open:
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"authorization")
        if given is None:
            problem = HTTPProblem(401, "this service needs a bearer token: send the header "
                                       "'Authorization: Bearer TOKEN'",
                                  headers={"WWW-Authenticate": 'Bearer realm="revitalize"'})
        elif not hmac.compare_digest(given, self.expected):
            problem = HTTPProblem(403, "the bearer token is not the one this service accepts",
                                  headers={"WWW-Authenticate":
                                           'Bearer realm="revitalize", error="invalid_token"'})
        else:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        await problem_response(problem, _lang_of(request), scope["path"])(scope, receive, send)


# --------------------------------------------------------------------------- the app


def _reform_map(reforms: Iterable[ParameterSet] | Mapping[str, ParameterSet],
                ) -> dict[str, ParameterSet]:
    if isinstance(reforms, Mapping):
        return dict(reforms)
    out: dict[str, ParameterSet] = {}
    for r in reforms:
        if r.name in out:
            raise RevitalizeError(f"two reforms are named {r.name!r}; give each a unique name")
        out[r.name] = r
    return out


def build_app(params: ParameterSet | None,
              reforms: Iterable[ParameterSet] | Mapping[str, ParameterSet], *,
              token: str | None, max_body: int, cors_origins: Sequence[str]) -> Starlette:
    """The application :func:`revitalize.server.create_app` documents."""
    from ._openapi import openapi_document

    if max_body < 1:
        raise RevitalizeError(f"max_body must be at least 1 byte, got {max_body}")
    service = Service(params if params is not None else default_parameters(),
                      _reform_map(reforms))
    operations = service.operations()
    spec = _json_bytes(openapi_document(operations, service, secured=token is not None))
    page = _docs_page()

    async def openapi(_: Request) -> Response:
        return Response(spec, media_type="application/json")

    async def docs(_: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8")

    openapi.route_template = "/openapi.json"  # type: ignore[attr-defined]
    docs.route_template = "/docs"  # type: ignore[attr-defined]

    routes = [Route(op.path, _endpoint(op, service, max_body), methods=[op.method],
                    name=op.operation_id) for op in operations]
    routes += [Route("/openapi.json", openapi, methods=["GET"], name="openapi"),
               Route("/docs", docs, methods=["GET"], name="docs")]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = {404: f"no endpoint at {request.url.path}; see /openapi.json or /docs",
                  405: f"{request.method} is not allowed on {request.url.path}"}.get(
                      exc.status_code, str(exc.detail))
        return problem_response(HTTPProblem(exc.status_code, detail,
                                            headers=dict(exc.headers or {})),
                                _lang_of(request), request.url.path)

    async def server_error(request: Request, exc: Exception) -> Response:
        return _internal_error(request, exc)

    middleware = [Middleware(AccessLog)]
    if cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(cors_origins),
                                     allow_methods=["GET", "POST"],
                                     allow_headers=["Authorization", "Content-Type"]))
    if token is not None:
        if not token:
            raise RevitalizeError("the token is empty; give a non-empty token or none")
        middleware.append(Middleware(BearerAuth, token=token, open_paths=("/health", "/docs")))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: http_error, Exception: server_error})
    app.state.service = service
    app.state.max_body = max_body
    return app
