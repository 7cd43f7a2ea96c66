"""The HTTP service: a real server (``revitalize serve`` under uvicorn) called with httpx.

Every answer is compared with what the library itself returns for the same
input (the parity tests), never with text copied from an earlier run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from referencing import Registry, Resource

from conftest import LiveServer, free_port, start_server, stop_server
from revitalize import batch
from revitalize._version import __version__
from revitalize.cli import build_parser, main
from revitalize.errors import InvalidInputError
from revitalize.indicators import default_indicators, evaluate, parse_observations
from revitalize.models import EntryChannel, Household
from revitalize.models.assets import AssetRegister
from revitalize.models.governance import records_to_json
from revitalize.models.places import wansheng_registry
from revitalize.policy.asset_report import check_assets
from revitalize.policy.case_review import review_cases
from revitalize.policy.cases import CaseRegister, open_case
from revitalize.policy.diff import impact_diff
from revitalize.policy.explain import explain_household
from revitalize.policy.governance import check_governance_records
from revitalize.policy.monitoring import assess_household, run_notices
from revitalize.policy.parameters import (
    ParameterSet,
    default_parameters,
    load_reform,
    parameters_json,
)
from revitalize.policy.registry import default_registry
from revitalize.schema import schema_for, schema_names
from revitalize.serialization import dumps, loads
from revitalize.server import DEFAULT_MAX_BODY, parse_size
from revitalize.testing.strategies import complete_governance_records

ON = dt.date(2023, 6, 1)
SAMPLES = resources.files("revitalize") / "data" / "samples"
PROBLEM = "application/problem+json"


def _lines() -> list[str]:
    return (SAMPLES / "households.jsonl").read_text(encoding="utf-8").splitlines()


LINES = _lines()
HOUSEHOLDS = [loads(line, Household) for line in LINES]
BASE = default_parameters()


def plain(value: Any) -> Any:
    """``value`` as it comes back from JSON text (tuples as lists ...)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def post(server: LiveServer, path: str, body: Any, **params: str) -> httpx.Response:
    content = body if isinstance(body, bytes | str) else json.dumps(body, ensure_ascii=False)
    with server.client() as c:
        return c.post(path, params=params, content=content,
                      headers={"Content-Type": "application/json"})


def get(server: LiveServer, path: str, **params: str) -> httpx.Response:
    with server.client() as c:
        return c.get(path, params=params)


def reform_params(reform_file: Path) -> ParameterSet:
    return load_reform(reform_file, BASE)


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    """The response is a problem+json of ``status`` without a stack trace."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    doc: dict[str, Any] = r.json()
    assert doc["status"] == status and doc["type"] == "about:blank"
    assert {"title", "detail", "instance"} <= set(doc)
    assert "Traceback" not in r.text and 'File "' not in r.text
    return doc


# --------------------------------------------------------------------------- parity


def test_assess_parity_for_the_sample_population_as_a_list(live_server: LiveServer) -> None:
    """POST /assess with the 300 sample households gives, for each, exactly
    assess_household(...).to_json(), and the summary BatchStatistics counts."""
    r = post(live_server, "/assess", "[" + ",".join(LINES) + "]", on=ON.isoformat())
    assert r.status_code == 200, r.text
    doc = r.json()
    expected = [assess_household(h, BASE, ON) for h in HOUSEHOLDS]
    assert doc["households"] == plain([a.to_json() for a in expected])
    stats = batch.BatchStatistics()
    stats.add_run_notices(run_notices(BASE, ON))
    for a in expected:
        stats.add_assessment(a)
    assert doc["summary"] == plain(stats.to_json())
    assert doc["on"] == ON.isoformat()
    # the run's stale-line warning is listed once, not counted against every household
    assert doc["summary"]["with_warnings"] == 0
    assert [n["code"] for n in doc["summary"]["notices"]] == ["stale_parameter"]


def test_assess_parity_one_household_at_a_time(live_server: LiveServer) -> None:
    """Each sample household posted alone gives assess_household(...).to_json() (full) and
    batch.summary_record (summary)."""
    with live_server.client() as c:
        for line, h in zip(LINES, HOUSEHOLDS, strict=True):
            a = assess_household(h, BASE, ON)
            full = c.post("/assess", params={"on": ON.isoformat()}, content=line,
                          headers={"Content-Type": "application/json"})
            assert full.json() == plain(a.to_json())
        summary = c.post("/assess", params={"on": ON.isoformat(), "detail": "summary"},
                         content=LINES[0], headers={"Content-Type": "application/json"})
    assert summary.json() == plain(batch.summary_record(assess_household(HOUSEHOLDS[0], BASE,
                                                                         ON)))


def test_assess_with_a_named_reform(live_server: LiveServer, reform_file: Path) -> None:
    """?reform=NAME assesses with the reform loaded at start; some decision differs from
    the base."""
    reform = reform_params(reform_file)
    r = post(live_server, "/assess", "[" + ",".join(LINES[:60]) + "]", on=ON.isoformat(),
             reform="line-8000")
    got = r.json()["households"]
    assert got == plain([assess_household(h, reform, ON).to_json() for h in HOUSEHOLDS[:60]])
    base = [assess_household(h, BASE, ON).to_json()["decision"] for h in HOUSEHOLDS[:60]]
    assert [g["decision"] for g in got] != plain(base)
    assert {g["provenance"]["reform"] for g in got} == {"line-8000"}


def test_explain_gives_the_trace(live_server: LiveServer, reform_file: Path) -> None:
    """POST /explain: the library's trace (explain_household) as JSON, under the reform asked;
    it validates against the Trace schema /openapi.json serves."""
    r = post(live_server, "/explain", LINES[3], on=ON.isoformat())
    want = explain_household(HOUSEHOLDS[3], BASE, ON).to_json()
    assert r.json() == plain(want)
    assert r.json()["decision"]["because"] == plain(
        assess_household(HOUSEHOLDS[3], BASE, ON).decision.because.to_json())
    reformed = post(live_server, "/explain", LINES[3], on=ON.isoformat(), reform="line-8000")
    assert reformed.json() == plain(
        explain_household(HOUSEHOLDS[3], reform_params(reform_file), ON).to_json())
    schema = get(live_server, "/openapi.json").json()
    op = schema["paths"]["/explain"]["post"]["responses"]["200"]["content"]["application/json"]
    assert op["schema"] == {"$ref": "#/components/schemas/Trace"}
    assert schema["components"]["schemas"]["Trace"]["title"] == "Trace"


def test_diff_lists_what_the_reform_changes(live_server: LiveServer, reform_file: Path) -> None:
    """POST /diff?reform=NAME gives impact_diff's changes and counts."""
    reform = reform_params(reform_file)
    r = post(live_server, "/diff", "[" + ",".join(LINES) + "]", on=ON.isoformat(),
             reform="line-8000")
    diff = impact_diff(HOUSEHOLDS, BASE, reform, ON)
    changes = [c.to_json() for c in diff]
    assert changes
    assert r.json() == plain({"reform": "line-8000", "on": ON.isoformat(), "changes": changes,
                              "summary": diff.summary.to_json()})


def _case_register() -> CaseRegister:
    case = open_case("C-1", HOUSEHOLDS[0].id, EntryChannel.SELF_DECLARATION,
                     dt.date(2022, 1, 3), HOUSEHOLDS[0].town, HOUSEHOLDS[0].village)
    return CaseRegister(cases=(case,), households=(HOUSEHOLDS[0],), on=ON)


def test_cases_due_matches_the_library_and_the_cli(live_server: LiveServer, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """POST /cases/due gives review_cases(...).to_json(), the same as `revitalize cases --json`;
    ?on= overrides the body's date."""
    register = _case_register()
    r = post(live_server, "/cases/due", dumps(register))
    expected = review_cases(register, BASE, ON).to_json()
    assert r.json() == plain(expected)
    assert expected["ok"] is False and expected["due_actions"][0]["overdue"] is True
    path = tmp_path / "cases.json"
    path.write_text(dumps(register), encoding="utf-8")
    assert main(["cases", str(path), "--json"]) == 1
    assert r.json() == json.loads(capsys.readouterr().out)
    early = dt.date(2023, 4, 1)  # after every date of the register's households
    r = post(live_server, "/cases/due", dumps(register), on=early.isoformat())
    assert r.json() == plain(review_cases(register, BASE, early).to_json())


def test_cases_due_needs_a_date(live_server: LiveServer) -> None:
    """A register without "on" and no ?on= is a 422 naming $.on."""
    import attrs

    register = attrs.evolve(_case_register(), on=None)
    doc = assert_problem(post(live_server, "/cases/due", dumps(register)), 422)
    assert [e["path"] for e in doc["errors"]] == ["$.on"]


def test_assets_check_matches_the_library_and_the_cli(
        live_server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    """POST /assets/check with the sample register gives check_assets(...).to_json(), the same
    as `revitalize assets sample --json`."""
    text = (SAMPLES / "assets.json").read_text(encoding="utf-8")
    register = loads(text, AssetRegister)
    assert register.on is not None
    r = post(live_server, "/assets/check", text)
    assert r.json() == plain(check_assets(register.assets, BASE, register.on).to_json())
    main(["assets", "sample", "--json"])
    assert r.json() == json.loads(capsys.readouterr().out)


def test_governance_check_matches_the_library(live_server: LiveServer) -> None:
    """POST /governance/check gives check_governance_records(...).to_json(); a town the
    registry does not know is a 422 naming its path."""
    records = complete_governance_records(wansheng_registry(), BASE, 2025)
    body = records_to_json(records)
    r = post(live_server, "/governance/check", body)
    assert r.json() == plain(check_governance_records(records, BASE).to_json())
    assert r.json()["clean"] is True
    first = next(k for k, v in body.items() if isinstance(v, list) and v and "place" in v[0])
    body[first][0]["place"] = {"town": "丛林", "village": None}
    doc = assert_problem(post(live_server, "/governance/check", body), 422)
    assert doc["errors"][0]["path"] == f"$.{first}[0].place.town"
    assert "did you mean '丛林镇'" in doc["errors"][0]["message"]


def test_indicators_progress_matches_the_library(live_server: LiveServer) -> None:
    """POST /indicators/progress gives evaluate(parse_observations(...)).to_json()."""
    body = {"observations": [{"indicator": "KPI-3", "year": 2023, "value": "99.5"},
                             {"indicator": "KPI-5", "year": 2023, "value": "88.8"}]}
    r = post(live_server, "/indicators/progress", body)
    assert r.json() == plain(evaluate(parse_observations(body), BASE).to_json())
    bad = {"observations": [{"indicator": "KPI-3", "year": 2023, "value": "high"}]}
    doc = assert_problem(post(live_server, "/indicators/progress", bad), 422)
    assert doc["errors"][0]["path"] == "$.observations[0].value"


# --------------------------------------------------------------------------- GET


def test_rules_and_one_rule(live_server: LiveServer) -> None:
    """GET /rules lists every rule's spec; GET /rules/{id} gives one; an unknown ID is a 404
    with the close matches."""
    registry = default_registry()
    assert get(live_server, "/rules").json() == plain([r.spec.to_json() for r in registry])
    assert get(live_server, "/rules/MON-02").json() == plain(registry.get("MON-02").spec.to_json())
    doc = assert_problem(get(live_server, "/rules/MON-2"), 404)
    assert "MON-02" in doc["suggestions"] and "MON-2" in doc["detail"]


def test_parameters_on_a_date_and_with_a_reform(live_server: LiveServer,
                                                reform_file: Path) -> None:
    """GET /parameters gives parameters_json for the base or the reform, on a date or all."""
    assert get(live_server, "/parameters").json() == plain(parameters_json(BASE))
    assert get(live_server, "/parameters", on="2023-06-01").json() == plain(
        parameters_json(BASE, ON))
    reformed = get(live_server, "/parameters", on="2023-06-01", reform="line-8000").json()
    assert reformed == plain(parameters_json(reform_params(reform_file), ON))
    assert reformed["fingerprint"] != BASE.fingerprint


def test_indicators_schema_health_version(live_server: LiveServer, reform_file: Path) -> None:
    """GET /indicators, /schema, /schema/{model}, /health and /version answer from the
    library; an unknown model is a 404 with the close matches."""
    assert get(live_server, "/indicators").json() == plain(default_indicators().to_json())
    names = get(live_server, "/schema").json()
    assert [*names["inputs"], *names["outputs"]] == list(schema_names())
    assert get(live_server, "/schema/Household").json() == schema_for("Household")
    assert get(live_server, "/schema/Assessment").json() == schema_for("Assessment")
    doc = assert_problem(get(live_server, "/schema/Houshold"), 404)
    assert doc["suggestions"][0] == "Household"
    assert get(live_server, "/health").json() == {"status": "ok"}
    assert get(live_server, "/version").json() == {
        "version": __version__, "parameter_set": BASE.name, "fingerprint": BASE.fingerprint,
        "reforms": [{"name": "line-8000",
                     "fingerprint": reform_params(reform_file).fingerprint}]}


def _resolver(spec: dict[str, Any]) -> Registry[Any]:
    return Registry().with_resource("urn:spec", Resource.from_contents(
        {**spec, "$schema": "https://json-schema.org/draft/2020-12/schema"}))


def test_openapi_uses_the_library_schemas(live_server: LiveServer) -> None:
    """/openapi.json is OpenAPI 3.1 with every operation; its request schemas are the
    library's (a Household component equals schema_for('Household') with the refs moved),
    and a sample household validates against it while an invalid one does not."""
    spec = get(live_server, "/openapi.json").json()
    assert spec["openapi"] == "3.1.0" and spec["info"]["version"] == __version__
    ops = {(m.upper(), p) for p, item in spec["paths"].items() for m in item}
    assert ops == {("POST", p) for p in ("/assess", "/explain", "/diff", "/cases/due",
                                         "/assets/check", "/governance/check",
                                         "/indicators/progress")} | {
        ("GET", p) for p in ("/rules", "/rules/{id}", "/parameters", "/indicators", "/schema",
                             "/schema/{model}", "/health", "/version")}
    components = spec["components"]["schemas"]
    library = schema_for("Household")
    moved = json.loads(json.dumps({k: v for k, v in library.items()
                                   if k not in ("$schema", "$defs")}).replace(
        "#/$defs/", "#/components/schemas/"))
    assert components["Household"] == moved
    assert components["Member"] == json.loads(json.dumps(library["$defs"]["Member"]).replace(
        "#/$defs/", "#/components/schemas/"))
    registry = _resolver(spec)
    household = {"$ref": "urn:spec#/components/schemas/Household"}
    validator = jsonschema.Draft202012Validator(household, registry=registry)
    validator.validate(json.loads(LINES[0]))
    assert not validator.is_valid({**json.loads(LINES[0]), "annual_net_income": -1})
    assessment = jsonschema.Draft202012Validator(
        {"$ref": "urn:spec#/components/schemas/Assessment"}, registry=registry)
    assessment.validate(plain(assess_household(HOUSEHOLDS[0], BASE, ON).to_json()))
    trace = jsonschema.Draft202012Validator(
        {"$ref": "urn:spec#/components/schemas/Trace"}, registry=registry)
    trace.validate(plain(explain_household(HOUSEHOLDS[0], BASE, ON).to_json()))
    assert not trace.is_valid({**plain(explain_household(HOUSEHOLDS[0], BASE, ON).to_json()),
                               "rules": [{"rule": "MON-02"}]})
    reform = next(p for p in spec["paths"]["/assess"]["post"]["parameters"]
                  if p["name"] == "reform")
    assert reform["schema"]["enum"] == ["line-8000"]


def test_docs_page_loads_the_spec_without_a_cdn(live_server: LiveServer) -> None:
    """GET /docs is a static HTML page that reads openapi.json and loads nothing from
    another host."""
    r = get(live_server, "/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "openapi.json" in r.text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", r.text)
    assert "<script src" not in r.text


# --------------------------------------------------------------------------- errors


def test_invalid_household_is_422_with_the_library_problems(live_server: LiveServer) -> None:
    """Every problem the library finds is listed with its path and message, in both
    languages' titles."""
    bad = json.loads(LINES[0])
    bad["annual_net_income"] = "1,000"
    bad["members"][0]["birth_date"] = "2021-13-01"
    del bad["town"]
    text = json.dumps(bad, ensure_ascii=False)
    with pytest.raises(InvalidInputError) as raised:
        loads(text, Household)
    expected = [{"path": p.path, "message": p.message} for p in raised.value.problems]
    assert len(expected) == 3
    doc = assert_problem(post(live_server, "/assess", text, on="2023-06-01"), 422)
    assert doc["errors"] == expected and doc["detail"] == raised.value.render("zh")
    assert doc["detail"].startswith("输入有 3 个问题：")
    assert doc["title"] == "输入有误" and doc["instance"] == "/assess"
    en = assert_problem(post(live_server, "/assess", text, on="2023-06-01", lang="en"), 422)
    assert en["title"] == "Unprocessable Content"
    assert en["detail"] == str(raised.value) and en["errors"] == expected


def test_a_bad_household_in_a_list_names_its_index(live_server: LiveServer) -> None:
    """In an array, the paths start with the household's index."""
    body = "[" + LINES[0] + "," + LINES[1].replace('"town":', '"twn":') + "]"
    doc = assert_problem(post(live_server, "/assess", body, on="2023-06-01"), 422)
    paths = [e["path"] for e in doc["errors"]]
    assert "$[1].twn" in paths and "$[1].town" in paths
    assert all(p.startswith("$[1]") for p in paths)


def test_personal_values_never_appear_in_problems(live_server: LiveServer) -> None:
    """A bad personal field is reported by its path only."""
    bad = json.loads(LINES[0])
    bad["members"][0]["phone"] = ["13912345678"]
    r = post(live_server, "/assess", bad, on="2023-06-01")
    doc = assert_problem(r, 422)
    assert doc["errors"][0]["path"] == "$.members[0].phone"
    assert "13912345678" not in r.text


@pytest.mark.parametrize(("query", "path", "fragment"), [
    ({}, "query.on", "missing required query parameter"),
    ({"on": "2023-13-01"}, "query.on", "expected an ISO date"),
    ({"on": "2023-06-01", "detail": "brief"}, "query.detail", "expected one of"),
    ({"on": "2023-06-01", "detial": "full"}, "query.detial", "did you mean 'detail'"),
    ({"on": "2023-06-01", "reform": "line-800"}, "query.reform", "did you mean 'line-8000'"),
    ({"on": "2023-06-01", "lang": "fr"}, "query.lang", "expected one of 'zh', 'en'"),
])
def test_bad_query_parameters_are_422(live_server: LiveServer, query: dict[str, str],
                                      path: str, fragment: str) -> None:
    """A missing, malformed or unknown query parameter is a 422 naming it."""
    doc = assert_problem(post(live_server, "/assess", LINES[0], **query), 422)
    assert [e["path"] for e in doc["errors"]] == [path]
    assert fragment in doc["errors"][0]["message"]


def test_a_date_without_parameter_values_is_422(live_server: LiveServer) -> None:
    """A date before every parameter value is invalid input, not a server error."""
    doc = assert_problem(post(live_server, "/assess", LINES[0], on="1900-01-01"), 422)
    assert doc["detail"]


@pytest.mark.parametrize("body", [b"{", b'{"id": "H-1",}', b"\xff\xfe{}", b"", b"   ",
                                  b"[" * 100_000])
def test_malformed_json_is_400(live_server: LiveServer, body: bytes) -> None:
    """Malformed, empty, undecodable or too deeply nested JSON is a 400 (never a 500)."""
    doc = assert_problem(post(live_server, "/assess", body, on="2023-06-01"), 400)
    assert doc["errors"]


def test_syntax_errors_name_line_and_column(live_server: LiveServer) -> None:
    """The 400 names the line and column, as the library's reader does."""
    doc = assert_problem(post(live_server, "/assess", b'{\n  "id": }', on="2023-06-01"), 400)
    assert doc["errors"][0]["path"] == "<input>:2:9"


def test_a_body_over_the_limit_is_413(live_server: LiveServer) -> None:
    """A body larger than --max-body is refused: by Content-Length, and while streaming."""
    limit = parse_size("1MiB")
    doc = assert_problem(post(live_server, "/assess", b" " * (limit + 1), on="2023-06-01"), 413)
    assert doc["limit"] == limit

    def chunks() -> Any:
        for _ in range(limit // 65536 + 2):
            yield b" " * 65536

    with live_server.client() as c:
        r = c.post("/assess", params={"on": "2023-06-01"}, content=chunks(),
                   headers={"Content-Type": "application/json"})
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert_problem(r, 413)
    just_inside = LINES[0] + " " * (limit - len(LINES[0].encode()))
    assert post(live_server, "/assess", just_inside, on="2023-06-01").status_code == 200


def test_the_default_limit_is_10_mib() -> None:
    """Without --max-body the limit is 10 MiB."""
    args = build_parser().parse_args(["serve"])
    assert parse_size(args.max_body) == DEFAULT_MAX_BODY == 10 * 1024 * 1024
    assert args.host == "127.0.0.1"


def test_a_body_that_is_not_json_is_415(live_server: LiveServer) -> None:
    """A form or text body is refused with 415."""
    with live_server.client() as c:
        r = c.post("/assess", params={"on": "2023-06-01"}, content=LINES[0],
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_problem(r, 415)


def test_unknown_paths_and_methods(live_server: LiveServer) -> None:
    """An unknown path is a 404 problem, a wrong method a 405 naming the allowed one."""
    assert_problem(get(live_server, "/asses"), 404)
    with live_server.client() as c:
        r = c.get("/assess")
    assert_problem(r, 405)
    assert r.headers["allow"] == "POST"


# --------------------------------------------------------------------------- security


def test_binds_loopback_by_default(live_server: LiveServer) -> None:
    """Without --host the server listens on 127.0.0.1."""
    assert f"Uvicorn running on {live_server.url}" in live_server.log_text()


def test_auth_401_without_a_token_403_with_a_wrong_one(secured_server: LiveServer) -> None:
    """With a token every endpoint but /health (and the static /docs page) needs it."""
    assert secured_server.token
    with secured_server.client() as c:
        assert c.get("/health").status_code == 200
        assert c.get("/docs").status_code == 200
        for method, path in (("GET", "/rules"), ("GET", "/openapi.json"), ("GET", "/version"),
                             ("POST", "/assess?on=2023-06-01"), ("GET", "/nowhere")):
            r = c.request(method, path, content=LINES[0])
            doc = assert_problem(r, 401)
            assert r.headers["www-authenticate"].startswith("Bearer")
            assert "Authorization" in doc["detail"]
    with secured_server.client(token="wrong") as c:
        assert_problem(c.get("/rules"), 403)
        assert_problem(c.post("/assess", params={"on": "2023-06-01"}, content=LINES[0]), 403)
    with secured_server.client(token=secured_server.token) as c:
        assert c.get("/rules").status_code == 200
        r = c.post("/assess", params={"on": "2023-06-01"}, content=LINES[0],
                   headers={"Content-Type": "application/json"})
        assert r.json() == plain(assess_household(HOUSEHOLDS[0], BASE, ON).to_json())
        spec = c.get("/openapi.json").json()
    assert spec["security"] == [{"bearer": []}]
    assert spec["paths"]["/health"]["get"]["security"] == []
    assert "401" in spec["paths"]["/rules"]["get"]["responses"]


def test_two_workers_serve(secured_server: LiveServer) -> None:
    """--workers 2 starts two worker processes, each with the token."""
    deadline = time.monotonic() + 60
    while secured_server.log_text().count("Application startup complete") < 2:
        assert time.monotonic() < deadline, secured_server.log_text()
        time.sleep(0.2)
    pids = set(re.findall(r"Started server process \[(\d+)\]", secured_server.log_text()))
    assert len(pids) == 2


def test_cors_only_for_the_configured_origin(live_server: LiveServer,
                                             secured_server: LiveServer) -> None:
    """CORS answers the configured origin only; a server without --cors-origin sends no
    CORS header."""
    with live_server.client() as c:
        pre = c.options("/assess", headers={"Origin": "http://platform.test",
                                            "Access-Control-Request-Method": "POST"})
        assert pre.headers["access-control-allow-origin"] == "http://platform.test"
        other = c.get("/health", headers={"Origin": "http://elsewhere.test"})
        assert "access-control-allow-origin" not in other.headers
        same = c.get("/health", headers={"Origin": "http://platform.test"})
        assert same.headers["access-control-allow-origin"] == "http://platform.test"
    with secured_server.client() as c:
        r = c.get("/health", headers={"Origin": "http://platform.test"})
        assert "access-control-allow-origin" not in r.headers


def test_access_log_has_no_body_query_or_personal_field(live_server: LiveServer) -> None:
    """The access log names the route template and status, never a body, a query string or
    a personal value."""
    h = json.loads(LINES[1])
    h["members"][0].update({"phone": "13912345678", "id_number": "110101199003074578",
                            "bank_account": "6222020200112233445"})
    assert post(live_server, "/assess", h, on="2023-06-01").status_code == 200
    assert get(live_server, "/rules/PRIVATE-VALUE-123").status_code == 404
    time.sleep(0.5)
    log = live_server.log_text()
    assert re.search(r'"POST /assess" 200 [0-9.]+ms [0-9]+B', log)
    assert '"GET /rules/{id}" 404' in log
    for secret in ("13912345678", "110101199003074578", "6222020200112233445", "H-0002",
                   "on=2023", "PRIVATE-VALUE-123"):
        assert secret not in log


# --------------------------------------------------------------------------- deployment


def test_create_app_under_plain_uvicorn(tmp_path: Path, reform_file: Path) -> None:
    """create_app(params=..., reforms=...) is an ASGI app any server can run (here uvicorn
    itself, not `revitalize serve`)."""
    (tmp_path / "deployed.py").write_text(
        "from revitalize.policy.parameters import default_parameters, load_reform\n"
        "from revitalize.server import create_app\n"
        "base = default_parameters()\n"
        f"app = create_app(params=base, reforms={{'raised': load_reform({str(reform_file)!r},"
        " base)}, max_body=4096)\n", encoding="utf-8")
    port = free_port()
    server = start_server([], tmp_path / "log", port=port, command=[
        sys.executable, "-m", "uvicorn", "--app-dir", str(tmp_path), "--port", str(port),
        "deployed:app"])
    try:
        assert get(server, "/version").json()["reforms"][0]["name"] == "raised"
        r = post(server, "/assess", LINES[0], on="2023-06-01", reform="raised")
        assert r.status_code == 200, r.text
        assert_problem(post(server, "/assess", LINES[0] + " " * 5000, on="2023-06-01"), 413)
    finally:
        stop_server(server)


def test_serve_refuses_a_bad_reform_file(tmp_path: Path) -> None:
    """A reform file with an unknown parameter stops `revitalize serve` before it listens,
    naming the file and line (exit 1)."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[changes]\n"monitoring.no_such" = "1"\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "revitalize", "serve", "--port",
                        str(free_port()), "--reform", str(bad)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert f"{bad}:3" in r.stderr and "Uvicorn running" not in r.stderr


def test_serve_without_the_extra_says_what_to_install() -> None:
    """Without uvicorn, `revitalize serve` says to install the server extra (exit 1)."""
    code = ("import sys; sys.modules['uvicorn'] = None\n"
            "from revitalize.cli import main\n"
            "sys.exit(main(['serve']))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 1
    assert "pip install 'revitalize[server]'" in r.stderr
