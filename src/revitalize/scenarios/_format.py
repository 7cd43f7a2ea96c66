"""Reading, checking and running ``*.scenario.toml`` files.

See :mod:`revitalize.scenarios` for the format. :func:`load_scenario_file`
reads a file and checks every case against its adapter, collecting every
problem (each with ``file:line``) into one :class:`ScenarioError`;
:func:`run_case` evaluates a case and compares the expectation with what the
rules produced, field by field.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs

from ..errors import InvalidInputError, Problem, RevitalizeError, UnknownNameError, close_matches
from ..indicators.catalog import default_indicators
from ..indicators.progress import Status
from ..policy.engine import Outcome
from ..policy.engine import Status as FindingStatus
from ..policy.ids import RENAMED, DeprecatedIdWarning, deprecation_message
from ..policy.parameters import ParameterSet, default_parameters
from ..reading import (
    DEFAULT_LIMITS,
    Limits,
    cap_problems,
    date_problem,
    decimal_text,
    iso_date,
    parse_toml,
    read_document,
)
from ._adapters import NONE, Adapter, Evaluation, FieldSpec, adapters
from ._locate import KeyPath, key_lines, line_of, parse_json_path

__all__ = [
    "BASES",
    "CaseResult",
    "Expectation",
    "Mismatch",
    "ScenarioCase",
    "ScenarioError",
    "ScenarioFile",
    "child_of",
    "load_scenario_file",
    "parse_scenario",
    "run_case",
]

SUFFIX: Final = ".scenario.toml"
_FILE_KEYS: Final = ("name", "kind", "date", "case")
_CASE_KEYS: Final = ("name", "kind", "date", "covers", "basis", "source", "readings", "reform",
                      "input", "expect")
#: Where a case's expectation comes from: the plan's words, a named reading (parameters
#: whose values the plan does not give), or only what the library once printed.
BASES: Final = ("plan", "reading", "recorded")
_QUOTE: Final = re.compile(r"「([^「」]*)」")
_CATALOG_ID: Final = re.compile(r"^(MON|AST|GUA|EMP|IND|ASSET|PLACE|PLAN|GOV|TRN|BLD|KPI)-"
                                r"[A-Za-z0-9]+(\.[a-z_]+)?$")
#: The retired indicator status, read as ``not_met``.
_MISSED: Final = "missed"
#: What ``[case.expect.rules]`` accepts: an outcome, or a status (``not_applicable`` is both).
_OUTCOMES: Final = tuple(o.value for o in Outcome)
_RULE_EXPECTATIONS: Final = (*_OUTCOMES, *(s.value for s in FindingStatus
                                           if s.value not in _OUTCOMES))


class ScenarioError(InvalidInputError):
    """A scenario file that cannot be read: every problem, each with ``file:line``."""


@attrs.frozen
class Expectation:
    """What a case expects: outcome fields, rule outcomes or statuses, indicator statuses.

    A rule's expectation is an :class:`~revitalize.policy.engine.Outcome` (``"yes"``)
    or a finding :class:`~revitalize.policy.engine.Status` (``"problem"``).
    """

    fields: Mapping[str, object] = attrs.field(factory=dict)
    rules: Mapping[str, Outcome | FindingStatus] = attrs.field(factory=dict)
    indicators: Mapping[str, Status] = attrs.field(factory=dict)


@attrs.frozen(eq=False)
class ScenarioCase:
    """One ``[[case]]``: its name, kind, date, reform, subject and expectation.

    ``basis`` says where the expectation comes from (one of :data:`BASES`, None
    when the file does not say); ``source`` names the plan's section and quotes
    it (「…」), ``readings`` the parameters a ``reading`` rests on.
    """

    file: str
    index: int
    line: int
    name: str
    adapter: Adapter
    on: dt.date
    covers: tuple[str, ...]
    reform: Mapping[str, object]
    subject: Any
    expect: Expectation
    basis: str | None = None
    source: str = ""
    readings: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """The input kind."""
        return self.adapter.kind

    @property
    def where(self) -> str:
        """``file:line`` of the case."""
        return f"{self.file}:{self.line}"

    def parameters(self, base: ParameterSet) -> ParameterSet:
        """``base`` with the case's reform applied (``base`` itself when there is none)."""
        if not self.reform:
            return base
        return base.reform(self.reform, name=f"{base.name} + {self.name}")


@attrs.frozen(eq=False)
class ScenarioFile:
    """A scenario file: its name and cases."""

    path: str
    name: str
    cases: tuple[ScenarioCase, ...]
    #: Deprecation notices (``file:line: ...``), e.g. a retired rule ID that was read.
    notices: tuple[str, ...] = ()


@attrs.frozen
class Mismatch:
    """One expected value the rules did not produce (``actual`` None: not produced)."""

    what: str
    label_zh: str
    label_en: str
    expected: object
    actual: object

    def label(self, lang: str) -> str:
        """The label in ``lang``."""
        return self.label_zh if lang == "zh" else self.label_en


@attrs.frozen(eq=False)
class CaseResult:
    """The outcome of running one case: the evaluation, mismatches and uncovered IDs."""

    case: ScenarioCase
    evaluation: Evaluation
    mismatches: tuple[Mismatch, ...]
    uncovered: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Whether every expectation held and every declared ID was covered."""
        return not self.mismatches and not self.uncovered

    def outcome_key(self) -> tuple[object, ...]:
        """A comparable summary of the outcome (fields, rule outcomes, indicator statuses)."""
        e = self.evaluation
        return (tuple(sorted((k, repr(v)) for k, v in e.fields.items())),
                tuple(sorted((k, v.value) for k, v in e.rule_outcomes().items())),
                tuple(sorted(e.indicators.items())))


def child_of(produced: str, catalog_id: str) -> bool:
    """Whether the produced rule ID encodes ``catalog_id`` (itself or a child of it).

    >>> child_of("MON-07.date", "MON-07"), child_of("EMP-02.subsidy", "EMP-02")
    (True, True)
    >>> child_of("KPI-T8a", "KPI-T8"), child_of("KPI-T13", "KPI-T1")
    (True, False)
    """
    if produced == catalog_id:
        return True
    if not produced.startswith(catalog_id):
        return False
    return not produced[len(catalog_id)].isdigit()


# --------------------------------------------------------------------------- reading


class _Reader:
    """Collects problems, each placed on a line of the file."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = key_lines(text)
        self.problems: list[Problem] = []
        self.notices: list[str] = []

    def notice(self, path: KeyPath, message: str) -> None:
        """Note a deprecation at ``path`` (``file:line: message``)."""
        line = line_of(self.lines, path)
        where = f"{self.source}:{line}" if line is not None else self.source
        self.notices.append(f"{where}: {message}")

    def renamed(self, path: KeyPath, rule_id: str) -> str:
        """The new name of a retired rule ID, noting the deprecation at ``path``."""
        self.notice(path, deprecation_message(rule_id))
        return RENAMED[rule_id]

    def add(self, path: KeyPath, message: str) -> None:
        line = line_of(self.lines, path)
        where = f"{self.source}:{line}" if line is not None else self.source
        self.problems.append(Problem(where, f"{_dotted(path)}: {message}" if path else message))

    def unknown_keys(self, table: Mapping[str, Any], allowed: Sequence[str],
                     path: KeyPath) -> None:
        for key in table:
            if key not in allowed:
                near = close_matches(key, allowed)
                hint = (f"did you mean {' or '.join(repr(n) for n in near)}?" if near
                        else f"expected one of {', '.join(allowed)}")
                self.add((*path, key), f"unknown key {_shown(key)}; {hint}")


E = TypeVar("E", bound=Enum)


def _by_value(enum_type: type[E], value: str) -> E:
    """The member of ``enum_type`` whose value is ``value``."""
    for member in enum_type:
        if member.value == value:
            return member
    raise UnknownNameError(enum_type.__name__, value, [str(m.value) for m in enum_type])


def _dotted(path: KeyPath) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        elif re.fullmatch(r"[A-Za-z0-9_]+", p):
            out += f".{p}" if out else p
        else:
            out += f'."{p}"' if out else f'"{p}"'
    return out


def _jsonable(value: Any) -> Any:
    """TOML values as JSON values for the converter (dates as ISO strings)."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _date(r: _Reader, raw: object, path: KeyPath) -> dt.date | None:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        problem = date_problem(raw)
        if problem is None:
            return raw
        r.add(path, problem)
        return None
    if isinstance(raw, str):
        try:
            return iso_date(raw)
        except ValueError as exc:
            r.add(path, str(exc))
            return None
    r.add(path, f"expected a date such as 2023-06-01, got {_shown(raw)}")
    return None


def _text(r: _Reader, raw: object, path: KeyPath) -> str | None:
    if isinstance(raw, str) and raw.strip():
        return raw
    r.add(path, f"expected a non-empty text, got {_shown(raw)}")
    return None


def _expect_value(r: _Reader, spec: FieldSpec, raw: object, path: KeyPath) -> object:
    """Check one expected value against its field spec; return it normalised."""
    if spec.nullable and raw == NONE:
        return NONE
    none_hint = ' (or "none")' if spec.nullable else ""
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        r.add(path, f"expected true or false{none_hint}, got {_shown(raw)}")
    elif spec.kind == "int":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        r.add(path, f"expected an integer{none_hint}, got {_shown(raw)}")
    elif spec.kind == "money":
        if isinstance(raw, str | int) and not isinstance(raw, bool):
            try:
                return decimal_text(str(raw), example="1200.00")
            except ValueError as exc:
                r.add(path, f"{exc}{none_hint}")
                return None
        r.add(path, f"expected a decimal string such as \"1200.00\"{none_hint}, got "
                    f"{_shown(raw)}")
    elif spec.kind in ("enum", "text"):
        if isinstance(raw, str):
            if spec.kind == "enum" and raw not in spec.choices:
                _bad_choice(r, spec, raw, path)
                return None
            return raw
        r.add(path, f"expected a text{none_hint}, got {_shown(raw)}")
    else:  # enums, texts
        if not isinstance(raw, list):
            r.add(path, f"expected a list such as [\"...\"], got {_shown(raw)}")
            return None
        out: list[str] = []
        for i, item in enumerate(raw):
            if not isinstance(item, str):
                r.add((*path, i), f"expected a text, got {_shown(item)}")
            elif spec.kind == "enums" and item not in spec.choices:
                _bad_choice(r, spec, item, (*path, i))
            else:
                out.append(item)
        return frozenset(out)
    return None


def _bad_choice(r: _Reader, spec: FieldSpec, raw: str, path: KeyPath) -> None:
    near = close_matches(raw, spec.choices)
    hint = (f"did you mean {' or '.join(repr(n) for n in near)}?" if near
            else f"expected one of {', '.join(spec.choices)}")
    r.add(path, f"{_shown(raw)} is not a value of {spec.name}; {hint}")


def _choice(r: _Reader, raw: object, path: KeyPath, choices: Sequence[str],
            what: str) -> str | None:
    if isinstance(raw, str) and raw in choices:
        return raw
    near = close_matches(str(raw), choices)
    hint = (f"did you mean {' or '.join(repr(n) for n in near)}?" if near
            else f"expected one of {', '.join(choices)}")
    r.add(path, f"{_shown(raw)} is not {what}; {hint}")
    return None


def _expectation(r: _Reader, a: Adapter, raw: object, path: KeyPath) -> Expectation:
    if not isinstance(raw, dict):
        r.add(path, f"expected a table [{_dotted(path)}], got {_shown(raw)}")
        return Expectation()
    allowed = [f.name for f in a.fields] + (["indicators"] if a.indicators else []) + (
        ["rules"] if a.rule_ids else [])
    r.unknown_keys(raw, allowed, path)
    fields: dict[str, object] = {}
    for spec in a.fields:
        if spec.name in raw:
            value = _expect_value(r, spec, raw[spec.name], (*path, spec.name))
            if value is not None:
                fields[spec.name] = value
    rules: dict[str, Outcome | FindingStatus] = {}
    raw_rules = raw.get("rules", {})
    if not isinstance(raw_rules, dict):
        r.add((*path, "rules"), f"expected a table of rule ID = outcome, got {_shown(raw_rules)}")
        raw_rules = {}
    for rule_id, outcome in raw_rules.items():
        where = (*path, "rules", rule_id)
        if rule_id in RENAMED:
            rule_id = r.renamed(where, rule_id)
        if rule_id not in a.rule_ids:
            near = close_matches(rule_id, a.rule_ids)
            hint = (f"did you mean {' or '.join(repr(n) for n in near)}?" if near
                    else f"{a.kind} cases have {', '.join(a.rule_ids) or 'no rules'}")
            r.add(where, f"rule {_shown(rule_id)} is not evaluated for kind {a.kind!r}; {hint}")
            continue
        value = _choice(r, outcome, where, _RULE_EXPECTATIONS, "a rule outcome or status")
        if value is not None:
            rules[rule_id] = (_by_value(Outcome, value) if value in _OUTCOMES
                              else _by_value(FindingStatus, value))
    indicators: dict[str, Status] = {}
    raw_ind = raw.get("indicators", {})
    if not isinstance(raw_ind, dict):
        r.add((*path, "indicators"),
              f"expected a table of indicator = status, got {_shown(raw_ind)}")
        raw_ind = {}
    known = default_indicators().ids if raw_ind else ()
    for ind, status in raw_ind.items():
        where = (*path, "indicators", ind)
        if ind not in known:
            r.add(where, str(UnknownNameError("indicator", ind, known)))
            continue
        if status == _MISSED:
            r.notice(where, "indicator status 'missed' is retired; use 'not_met' (the target "
                            "is not met), which it now means")
            status = Status.NOT_MET.value
        value = _choice(r, status, where, [s.value for s in Status], "an indicator status")
        if value is not None:
            indicators[ind] = _by_value(Status, value)
    return Expectation(fields, rules, indicators)


def _subject(r: _Reader, a: Adapter, raw: object, path: KeyPath) -> Any:
    if not isinstance(raw, dict):
        r.add(path, f"expected a table [{_dotted(path)}], got {_shown(raw)}")
        return None
    try:
        return a.build(_jsonable(raw))
    except UnknownNameError as exc:
        m = re.search(r"\(at (\$[^)]*)\)", exc.kind)
        sub = parse_json_path(m.group(1)) if m else ()
        r.add((*path, *(sub or ())), str(exc))
    except InvalidInputError as exc:
        for p in exc.problems:
            sub = parse_json_path(p.path)
            if sub is None:
                r.add(path, f"{p.path}: {p.message}")
            else:
                r.add((*path, *sub), p.message)
    except RevitalizeError as exc:
        r.add(path, str(exc))
    return None


def _reform(r: _Reader, raw: object, path: KeyPath, base: ParameterSet) -> Mapping[str, object]:
    if not isinstance(raw, dict):
        r.add(path, f"expected a table of parameter name = value, got {_shown(raw)}")
        return {}
    try:
        base.reform(raw, name="scenario")
    except InvalidInputError as exc:
        for p in exc.problems:
            key = p.path.removeprefix("reform.")
            r.add((*path, key) if key in raw else path, p.message)
        return {}
    except RevitalizeError as exc:
        r.add(path, str(exc))
        return {}
    return dict(raw)


def _basis(r: _Reader, raw: Mapping[str, Any], path: KeyPath, base: ParameterSet
           ) -> tuple[str | None, str, tuple[str, ...]]:
    """The case's ``basis``, ``source`` and ``readings``, each checked.

    A ``plan`` basis quotes the plan in its source (「…」, fragments joined by
    …, each verbatim in the shipped text); a ``reading`` names the parameters
    it rests on; every quote in a source is checked, whatever the basis.
    """
    from ..evidence import plan_text, quote_fragments

    basis = None
    if "basis" in raw:
        basis = _choice(r, raw["basis"], (*path, "basis"), BASES, "a basis")
    source = ""
    if "source" in raw:
        source = _text(r, raw["source"], (*path, "source")) or ""
        text = plan_text()
        for quote in _QUOTE.findall(source):
            missing = [f for f in quote_fragments(quote) if f not in text]
            if missing or not quote.strip():
                r.add((*path, "source"), f"the quote 「{quote}」 is not verbatim in the plan "
                      "text (revitalize.evidence.plan_text); copy it from `revitalize cite`")
    readings: list[str] = []
    raw_readings = raw.get("readings", [])
    if not isinstance(raw_readings, list):
        r.add((*path, "readings"), f"expected a list of parameter names, got {raw_readings!r}")
        raw_readings = []
    for i, name in enumerate(raw_readings):
        if not isinstance(name, str):
            r.add((*path, "readings", i), f"expected a parameter name, got {name!r}")
        elif name not in base:
            known = [p.name for p in base]
            r.add((*path, "readings", i), str(UnknownNameError("parameter", name, known)))
        else:
            readings.append(name)
    where = (*path, "basis") if "basis" in raw else path
    if basis is None and "basis" not in raw and ("source" in raw or "readings" in raw):
        r.add(path, "missing key 'basis' (source and readings describe a basis): "
              "expected basis = \"plan\", \"reading\" or \"recorded\"")
    if basis == "plan" and not _QUOTE.search(source):
        r.add(where, "basis \"plan\" needs a source quoting the plan, such as "
              "source = \"Ch5 §2 「以脱贫攻坚期国家扶贫标准的1.5倍为底线」\"")
    if basis == "reading" and not raw_readings:
        r.add(where, "basis \"reading\" needs readings = [\"<parameter>\", ...] naming the "
              "parameters the expectation rests on")
    if basis in ("plan", "recorded") and raw_readings:
        r.add((*path, "readings"), f"readings belong to basis \"reading\", not {basis!r}")
    return basis, source, tuple(readings)


def _case(r: _Reader, raw: object, index: int, defaults: Mapping[str, Any],
          table: Sequence[Adapter], base: ParameterSet) -> ScenarioCase | None:
    path: KeyPath = ("case", index)
    if not isinstance(raw, dict):
        r.add(path, "expected a [[case]] table")
        return None
    r.unknown_keys(raw, _CASE_KEYS, path)
    for key in ("name", "input", "expect"):
        if key not in raw:
            r.add(path, f"missing required key {_shown(key)}")
    name = _text(r, raw["name"], (*path, "name")) if "name" in raw else None
    kind_raw = raw.get("kind", defaults.get("kind"))
    a: Adapter | None = None
    if kind_raw is None:
        r.add(path, "missing required key 'kind' (or a file-level kind)")
    else:
        kinds = [x.kind for x in table]
        kind = _choice(r, kind_raw, (*path, "kind") if "kind" in raw else ("kind",), kinds,
                       "a scenario kind")
        a = next((x for x in table if x.kind == kind), None)
    date_raw = raw.get("date", defaults.get("date"))
    on = None
    if date_raw is None:
        r.add(path, "missing required key 'date' (or a file-level date)")
    else:
        on = _date(r, date_raw, (*path, "date") if "date" in raw else ("date",))
    covers: list[str] = []
    raw_covers = raw.get("covers", [])
    if not isinstance(raw_covers, list):
        r.add((*path, "covers"), f"expected a list of catalog IDs, got {_shown(raw_covers)}")
    else:
        for i, c in enumerate(raw_covers):
            if isinstance(c, str) and c in RENAMED:
                covers.append(r.renamed((*path, "covers", i), c))
            elif isinstance(c, str) and _CATALOG_ID.match(c):
                covers.append(c)
            else:
                r.add((*path, "covers", i),
                      f"expected a catalog ID such as \"MON-02\", got {_shown(c)}")
    reform = _reform(r, raw["reform"], (*path, "reform"), base) if "reform" in raw else {}
    basis, source, readings = _basis(r, raw, path, base)
    if a is None:
        return None
    subject = _subject(r, a, raw["input"], (*path, "input")) if "input" in raw else None
    expect = _expectation(r, a, raw["expect"], (*path, "expect")) if "expect" in raw else None
    if name is None or on is None or subject is None or expect is None:
        return None
    return ScenarioCase(r.source, index, line_of(r.lines, path) or 1, name, a, on,
                        tuple(covers), reform, subject, expect, basis, source, readings)


def parse_scenario(text: str, source: str = "<scenario>", *,
                   table: Sequence[Adapter] | None = None,
                   base: ParameterSet | None = None,
                   limits: Limits | None = None) -> ScenarioFile:
    """Read a scenario file's ``text``; every problem raises one :class:`ScenarioError`.

    The text is read within ``limits`` (:mod:`revitalize.reading`: nesting
    depth, number length, size); at most ``limits.max_problems`` problems are listed.
    """
    limits = limits or DEFAULT_LIMITS
    try:
        data = parse_toml(text, source, limits)
    except InvalidInputError as exc:
        raise ScenarioError(exc.problems, source=source) from None
    r = _Reader(source, text)
    table = table if table is not None else adapters()
    base = base if base is not None else default_parameters()
    r.unknown_keys(data, _FILE_KEYS, ())
    name = _text(r, data["name"], ("name",)) if "name" in data else None
    if "name" not in data:
        r.problems.append(Problem(f"{source}:1", "missing required key 'name'"))
    raw_cases = data.get("case")
    out: list[ScenarioCase] = []
    if not isinstance(raw_cases, list) or not raw_cases:
        r.problems.append(Problem(f"{source}:1", "expected at least one [[case]] table"))
    else:
        for i, raw in enumerate(raw_cases):
            c = _case(r, raw, i, data, table, base)
            if c is not None:
                out.append(c)
    if r.problems:
        raise ScenarioError(cap_problems(r.problems, limits.max_problems, source),
                            source=source)
    for notice in r.notices:
        warnings.warn(notice, DeprecatedIdWarning, stacklevel=2)
    return ScenarioFile(source, name or source, tuple(out), tuple(r.notices))


def load_scenario_file(path: Path | str, *, table: Sequence[Adapter] | None = None,
                       base: ParameterSet | None = None,
                       limits: Limits | None = None) -> ScenarioFile:
    """Read and check the scenario file at ``path`` (within ``limits``)."""
    p = Path(path)
    try:
        text = read_document(p, what="the scenario file", limits=limits or DEFAULT_LIMITS)
    except InvalidInputError as exc:
        raise ScenarioError(exc.problems, source=str(p)) from None
    return parse_scenario(text, str(p), table=table, base=base, limits=limits)


def scenario_paths(root: Path | str) -> tuple[Path, ...]:
    """The ``*.scenario.toml`` files at ``root`` (a file, or a directory searched deeply)."""
    p = Path(root)
    if p.is_file():
        return (p,)
    return tuple(sorted(x for x in p.rglob(f"*{SUFFIX}") if x.is_file()))


# --------------------------------------------------------------------------- running


def _compare(expected: object, actual: object) -> bool:
    if isinstance(expected, Decimal) and isinstance(actual, Decimal):
        return expected == actual
    return expected == actual


def run_case(case: ScenarioCase, base: ParameterSet | None = None) -> CaseResult:
    """Evaluate ``case`` with ``base`` (default parameters) plus its reform; compare."""
    params = case.parameters(base if base is not None else default_parameters())
    try:
        e = case.adapter.evaluate(case.subject, params, case.on)
    except RevitalizeError as exc:
        raise ScenarioError([Problem(case.where, f"case {case.name!r}: {exc}")],
                            source=case.file) from None
    mismatches: list[Mismatch] = []
    for name, expected in case.expect.fields.items():
        spec = case.adapter.field(name)
        actual = e.fields.get(name)
        if not _compare(expected, actual):
            mismatches.append(Mismatch(name, spec.label_zh if spec else name,
                                       spec.label_en if spec else name, expected, actual))
    outcomes: dict[str, Outcome] = e.rule_outcomes()
    statuses: dict[str, FindingStatus] = e.rule_statuses()
    for rule_id, outcome in case.expect.rules.items():
        got: Outcome | FindingStatus | None = (
            statuses.get(rule_id) if isinstance(outcome, FindingStatus) else outcomes.get(rule_id))
        if got is not outcome:
            mismatches.append(Mismatch(f"rules.{rule_id}", f"规则 {rule_id}", f"rule {rule_id}",
                                       outcome, got))
    for ind, status in case.expect.indicators.items():
        got_status = e.indicators.get(ind)
        if got_status != status.value:
            got_ind = _by_value(Status, got_status) if got_status else None
            mismatches.append(Mismatch(f"indicators.{ind}", f"指标 {ind}", f"indicator {ind}",
                                       status, got_ind))
    uncovered = tuple(c for c in case.covers
                      if not any(child_of(p, c) for p in e.covered))
    return CaseResult(case, e, tuple(mismatches), uncovered)


def run_cases(cases: Iterable[ScenarioCase], base: ParameterSet | None = None
              ) -> tuple[CaseResult, ...]:
    """Run each case with ``base``."""
    params = base if base is not None else default_parameters()
    return tuple(run_case(c, params) for c in cases)
