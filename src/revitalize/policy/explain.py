"""``explain``: a trace of an assessment, not a copy of it.

For every rule the trace says what it read — the input fields its
:attr:`RuleSpec.reads <revitalize.policy.engine.RuleSpec.reads>` declares, with
their values, and the parameter values with their start dates and sources — what
it compared (the finding's values), its status, outcome and reason, including why
a rule did **not** apply; and, for a household's decision, the path through the
decision tables: the row of MON-01's category table and the rows of AST-01's
measure table that matched, and why the other rows did not
(:meth:`DecisionTable.explain <revitalize.policy.tables.DecisionTable.explain>`).

- :func:`explain_household` traces a household's assessment;
- :func:`explain_findings` traces any findings on their subject (an asset, a case …);
- :func:`explain_case` traces a scenario case (a household case with its tables);
- :func:`explain_assessment_json` traces an assessment JSON written earlier
  (``assess --json``): the input is not in it, so the fields read are listed
  without values; the tables are read back from the decision.

The trace is computed on demand and may be slower than the assessment; it reads
the declared paths of the subject again rather than recording reads (a recorder
mutates classes, see :mod:`revitalize.testing.reads`, which the tests use to
check the declarations). :meth:`Trace.to_json` follows the ``Trace`` JSON Schema
(:func:`trace_schema`; the service's ``POST /explain`` answers with it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from ..errors import InvalidInputError, Problem, RevitalizeError
from ..i18n import parameter_value_text, source_text
from ..models.household import Household, PovertyStatus
from ..models.monitoring import MonitoringCategory
from .engine import (
    Assessment,
    Finding,
    Outcome,
    RuleRegistry,
    RuleSpec,
    Status,
    _json_value,
    render_value,
)
from .parameters import ParameterSet, ParameterValue
from .tables import TableTrace

__all__ = [
    "FieldRead",
    "ParameterRead",
    "RuleTrace",
    "Trace",
    "explain_assessment_json",
    "explain_case",
    "explain_findings",
    "explain_household",
    "read_path",
    "trace_schema",
]

#: A value the trace could not read (an assessment JSON does not hold its input).
_UNREAD: Final = "(not in the assessment JSON)"


def read_path(subject: object, path: str) -> object:
    """The value at ``path`` of ``subject``: ``members[].labor_capacity`` gives each member's
    value in a list (nested ``[]`` flatten), ``$`` the subject itself, a missing attribute
    None.

    >>> import attrs
    >>> @attrs.frozen
    ... class M:
    ...     x: int
    >>> @attrs.frozen
    ... class H:
    ...     members: tuple[M, ...]
    >>> read_path(H((M(1), M(2))), "members[].x")
    [1, 2]
    """
    if path == "$":
        return subject
    values: list[object] = [subject]
    many = False
    for part in path.split("."):
        each = part.endswith("[]")
        name = part[:-2] if each else part
        out: list[object] = []
        for v in values:
            got = getattr(v, name, None) if name else v
            if each:
                if isinstance(got, Mapping):
                    out.extend(got.values())
                elif isinstance(got, tuple | list | frozenset | set):
                    out.extend(got)
            else:
                out.append(got)
        values = out
        many = many or each
    return values if many else (values[0] if values else None)


def _value_text(value: object, lang: str) -> str:
    """A read or compared value as the trace shows it: in Chinese enum members by their
    labels, choice values by :func:`~revitalize.i18n.value_label`, 是/否 and 未评估
    (:func:`~revitalize.i18n.parameter_value_text`); in English as the reasons show it
    (:func:`~revitalize.policy.engine.render_value`)."""
    if isinstance(value, tuple | list | frozenset | set) and not value:
        return "无" if lang == "zh" else "none"
    return parameter_value_text(value, lang) if lang == "zh" else render_value(value, lang)


def _shown(value: object) -> Any:
    """A read value as JSON: attrs objects by class name, lists of them by count."""
    if attrs.has(type(value)):
        return f"<{type(value).__name__}>"
    if isinstance(value, list | tuple) and any(attrs.has(type(v)) for v in value):
        return f"<{len(value)} {type(value[0]).__name__}>" if value else []
    return _json_value(value)


def _field_read(path: str, value: object) -> FieldRead:
    """A field read with its value as JSON, and as read for the text (not for an attrs
    object or a list of them, which the trace shows by class name)."""
    shown = _shown(value)
    structured = isinstance(shown, str) and shown.startswith("<") and shown != value
    return FieldRead(path, shown, raw=None if structured else value)


@attrs.frozen
class FieldRead:
    """An input field a rule reads: its path and value (None for the assessment JSON)."""

    path: str
    value: Any = None
    known: bool = True
    #: The value as read (enum members, decimals) for the text; ``value`` is its JSON.
    raw: Any = attrs.field(default=None, kw_only=True, eq=False)

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {"path": self.path, "value": self.value if self.known else None,
                "known": self.known}

    def render(self, lang: str) -> str:
        """``path = value``."""
        if not self.known:
            return f"{self.path} = {'（评估结果 JSON 中无输入）' if lang == 'zh' else _UNREAD}"
        if lang == "zh" and self.raw is not None:
            return f"{self.path} = {_value_text(self.raw, lang)}"
        if lang != "zh" and self.path.rpartition(".")[2] == "town" \
                and isinstance(self.value, str):
            from ..models.places import wansheng_registry

            places = wansheng_registry()
            if places.has_town(self.value):  # a place name: Pinyin (中文)
                return f"{self.path} = {places.town(self.value).name_en} ({self.value})"
        return f"{self.path} = {_value_text(self.value, lang)}"


@attrs.frozen
class ParameterRead:
    """A parameter value a rule read, with its start date and source (``used``: the
    finding reports it; else the rule declares it and the trace read it from the set)."""

    name: str
    value: Any
    start: str
    source: str
    assumption: str | None = None
    used: bool = True
    #: The source in Chinese where the parameter file gives one (a rendering, not in JSON).
    source_zh: str | None = attrs.field(default=None, kw_only=True, eq=False)

    @classmethod
    def of(cls, v: ParameterValue, used: bool = True) -> ParameterRead:
        """From a parameter value."""
        return cls(v.name, _json_value(v.value), v.start.isoformat(), v.source, v.assumption,
                   used, source_zh=v.source_zh)

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        out = {"name": self.name, "value": self.value, "start": self.start,
               "source": self.source, "used": self.used}
        if self.assumption is not None:
            out["assumption"] = self.assumption
        return out

    def render(self, lang: str) -> str:
        """``name = value (from start; source)``."""
        zh = lang == "zh"
        parts = [f"自 {self.start} 起" if zh else f"from {self.start}"]
        if self.source:
            parts.append(self.source_zh if zh and self.source_zh
                         else source_text(self.source, lang))
        if self.assumption:
            parts.append("假设" if zh else "assumption")
        value = (_value_text(self.value, lang) if self.value in ([], ())
                 else parameter_value_text(self.value, lang))
        return (f"{self.name} = {value}（{'；'.join(parts)}）" if zh else
                f"{self.name} = {value} ({'; '.join(parts)})")


@attrs.frozen
class RuleTrace:
    """One rule in a trace: what it read, what it compared, its status and reason."""

    rule: str
    title_zh: str
    title_en: str
    polarity: str
    status: Status
    outcome: Outcome
    reads: tuple[FieldRead, ...]
    parameters: tuple[ParameterRead, ...]
    compared: Mapping[str, Any]
    reason_zh: str
    reason_en: str
    missing: tuple[str, ...] = ()
    subject: str = ""
    tables: tuple[str, ...] = ()
    #: The rule's citations as JSON (``ref``, ``ref_zh``, ``quote``).
    citations: tuple[Mapping[str, str], ...] = ()
    #: The compared values as the finding holds them (enum members with their labels),
    #: for the text; ``compared`` is their JSON. None: only the JSON is known.
    compared_raw: Mapping[str, Any] | None = attrs.field(default=None, kw_only=True,
                                                         eq=False)

    @property
    def applied(self) -> bool:
        """Whether the rule applied (its status is not ``not_applicable``)."""
        return self.status is not Status.NOT_APPLICABLE

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        out: dict[str, Any] = {
            "rule": self.rule, "title_zh": self.title_zh, "title_en": self.title_en,
            "polarity": self.polarity, "status": self.status.value,
            "outcome": self.outcome.value, "applied": self.applied,
            "reads": [r.to_json() for r in self.reads],
            "parameters": [p.to_json() for p in self.parameters],
            "compared": dict(self.compared), "missing": list(self.missing),
            "reason_zh": self.reason_zh, "reason_en": self.reason_en,
            "tables": list(self.tables),
            "citation": [dict(c) for c in self.citations]}
        if self.subject:
            out["subject"] = self.subject
        return out

    def render(self, lang: str) -> list[str]:
        """Text lines."""
        zh = lang == "zh"
        who = f" [{self.subject}]" if self.subject else ""
        title = self.title_zh if zh else self.title_en
        lines = [f"{self.rule} {title}{who}: {self.status.label(lang)} "
                 f"({self.outcome.label(lang)})"]
        reason = self.reason_zh if zh else self.reason_en
        if not self.applied:
            lines.append(f"    {'未适用：' if zh else 'did not apply: '}{reason}")
        else:
            lines.append(f"    {'理由' if zh else 'reason'}: {reason}")
        for r in self.reads:
            lines.append(f"    {'读取' if zh else 'read'} {r.render(lang)}")
        for p in self.parameters:
            tag = "" if p.used else (" （声明，未用）" if zh else " (declared, not used)")
            lines.append(f"    {'参数' if zh else 'parameter'} {p.render(lang)}{tag}")
        if self.compared:
            values = (self.compared_raw if zh and self.compared_raw is not None
                      else self.compared)
            # a value held in both languages (sources_zh, sources_en): the text's one
            other, own = ("_en", "_zh") if zh else ("_zh", "_en")
            shown = ("，" if zh else ", ").join(
                f"{k}={_value_text(v, lang)}" for k, v in values.items()
                if not (k.endswith(other) and k[:-3] + own in values))
            lines.append(f"    {'比较' if zh else 'compared'}: {shown}")
        if self.missing:
            lines.append(f"    {'未评估' if zh else 'not assessed'}: {', '.join(self.missing)}")
        if self.tables:
            lines.append(f"    {'输入决策表' if zh else 'feeds'}: {', '.join(self.tables)}")
        for c in self.citations:
            lines.append(f"    {'依据' if zh else 'per'} {c['ref_zh'] if zh else c['ref']} "
                         f"「{c['quote']}」")
        return lines


_KINDS_ZH: Final = {"household": "农户", "asset": "资产", "case": "监测案件",
                   "governance": "治理记录", "village": "村", "town": "镇",
                   "indicator": "指标", "project": "项目", "enterprise": "企业",
                   "workshop": "就业帮扶车间", "facility": "设施", "assessment": "评估结果"}


def _kind_text(kind: str, lang: str) -> str:
    """The subject's kind in the header (``household, case NAME`` for a scenario case)."""
    if lang != "zh":
        return kind
    head, sep, name = kind.partition(", case ")
    text = _KINDS_ZH.get(head, head)
    return f"{text}，情景 {name}" if sep else text


@attrs.frozen
class Trace:
    """A trace of one subject's evaluation: each rule, the decision and its tables."""

    subject: str
    kind: str
    on: dt.date
    rules: tuple[RuleTrace, ...]
    tables: tuple[TableTrace, ...] = ()
    decision: Mapping[str, Any] | None = None
    summary_zh: str = ""
    summary_en: str = ""

    def rule(self, rule_id: str) -> RuleTrace:
        """The first trace of ``rule_id``."""
        for r in self.rules:
            if r.rule == rule_id:
                return r
        from ..errors import UnknownNameError

        raise UnknownNameError("rule in the trace", rule_id, [r.rule for r in self.rules])

    def table(self, table_id: str) -> tuple[TableTrace, ...]:
        """The traces of the table ``table_id`` (AST-01 has one per risk and layer)."""
        return tuple(t for t in self.tables if t.table == table_id)

    def to_json(self) -> dict[str, Any]:
        """As JSON (the ``Trace`` schema, :func:`trace_schema`)."""
        return {"subject": self.subject, "kind": self.kind, "on": self.on.isoformat(),
                "summary_zh": self.summary_zh, "summary_en": self.summary_en,
                "decision": dict(self.decision) if self.decision is not None else None,
                "rules": [r.to_json() for r in self.rules],
                "tables": [t.to_json() for t in self.tables]}

    def render(self, lang: str = "zh") -> str:
        """The trace as text: the decision and its tables, then every rule (problems first
        is the assessment's order; the trace keeps the rules' order of evaluation)."""
        zh = lang == "zh"
        lines = [f"{self.subject} ({_kind_text(self.kind, lang)})  {'评估日期' if zh else 'on'} "
                 f"{self.on.isoformat()}"]
        summary = self.summary_zh if zh else self.summary_en
        if summary:
            lines.append(f"{'结论' if zh else 'decision'}: {summary}")
        because = (self.decision or {}).get("because")
        if because:
            sep = "、" if zh else ", "
            lines.append(f"{'依据（规则）' if zh else 'because'}: "
                         f"{'监测范围' if zh else 'range'} "
                         f"{sep.join(because['in_range']) or '-'}; "
                         f"{'类别' if zh else 'category'} {because['category_row']} "
                         f"{sep.join(because['category']) or '-'}")
        if self.tables:
            lines.append("决策表路径" if zh else "path through the decision tables")
            for t in self.tables:
                lines.extend(t.render(lang, "  "))
        lines.append(f"{'规则' if zh else 'rules'} ({len(self.rules)})")
        for r in self.rules:
            lines.extend("  " + line for line in r.render(lang))
        return "\n".join(lines)


# --------------------------------------------------------------------------- building


def _declared(spec: RuleSpec, params: ParameterSet | None, on: dt.date,
              used: Sequence[ParameterValue]) -> tuple[ParameterRead, ...]:
    out = [ParameterRead.of(v) for v in used]
    seen = {v.name for v in used}
    if params is not None:
        for name in spec.parameters:
            if name in seen or name not in params:
                continue
            seen.add(name)
            try:
                value = params.get(name, on)
            except RevitalizeError:  # no value on the date (e.g. a line set only later)
                continue
            out.append(ParameterRead.of(value, used=False))
    return tuple(out)


def rule_trace(f: Finding, subject: object, params: ParameterSet | None,
               on: dt.date) -> RuleTrace:
    """The trace of one finding on ``subject`` (its declared reads read from ``subject``)."""
    spec = f.spec
    reads = tuple(_field_read(p, read_path(subject, p)) for p in spec.reads)
    return RuleTrace(spec.id, spec.title_zh, spec.title_en, spec.polarity.value, f.status,
                     f.outcome, reads, _declared(spec, params, on, f.used),
                     {k: _json_value(v) for k, v in f.values.items()},
                     f.reason("zh"), f.reason("en"), f.missing, f.subject, spec.tables,
                     tuple(c.to_json() for c in spec.citations), compared_raw=dict(f.values))


#: How a subject gives the inputs of the tables a rule consults (table ID → the columns'
#: field paths on the subject). MON-01 and AST-01 read the household's decision instead.
_TABLE_INPUTS: Final[Mapping[str, Mapping[str, str]]] = {
    "ASSET-01.classes": {"project_kind": "project_kind"},
    "ASSET-03.owners": {"asset_class": "asset_class", "owner_type": "owner.type"},
    "ASSET-03.suggested_owner": {"scope": "beneficiary_scope"},
    "ASSET-04.arrangements": {"asset_class": "asset_class"},
    "TRN-04.directions": {"policy_type": "policy_type"},
    "BLD-06.toilets": {"site_type": "site_type"},
}


def _subject_tables(subject: object, findings: Sequence[Finding]) -> tuple[TableTrace, ...]:
    """The rows of the tables the findings' rules consult, with the subject's inputs (a
    table whose input the subject lacks is left out)."""
    from .registry import all_tables

    tables = {t.id: t for t in all_tables()}
    out: list[TableTrace] = []
    for table_id in dict.fromkeys(t for f in findings for t in f.spec.tables):
        columns = _TABLE_INPUTS.get(table_id)
        if columns is None or table_id not in tables:
            continue
        inputs = {c: read_path(subject, p) for c, p in columns.items()}
        if any(v is None for v in inputs.values()):
            continue
        out.append(tables[table_id].explain(inputs))
    return tuple(out)


def explain_findings(subject: object, findings: Sequence[Finding], params: ParameterSet | None,
                     on: dt.date, *, subject_id: str = "", kind: str = "",
                     summary: tuple[str, str] = ("", "")) -> Trace:
    """A trace of ``findings`` evaluated on ``subject``, with the rows of the decision tables
    their rules consult (an asset's class, owner and arrangement tables, a policy's
    direction, a toilet site's requirement)."""
    sid = subject_id or str(getattr(subject, "id", "") or kind or type(subject).__name__)
    return Trace(sid, kind or type(subject).__name__, on,
                 tuple(rule_trace(f, subject, params, on) for f in findings),
                 _subject_tables(subject, findings),
                 summary_zh=summary[0], summary_en=summary[1])


def _household_tables(h: Household, a: Assessment[Any], params: ParameterSet,
                      on: dt.date) -> tuple[TableTrace, ...]:
    from . import assistance as ast
    from .monitoring import CATEGORY_TABLE

    d = a.decision
    lifted = h.poverty_status is not PovertyStatus.NEVER_REGISTERED
    sudden = d.category is MonitoringCategory.SUDDEN_HARDSHIP
    out = [CATEGORY_TABLE.explain({"in_range": d.in_range is True, "lifted": lifted,
                                   "sudden": sudden})]
    if d.in_range is True or d.referrals:
        risks = d.risks
        layers: Sequence[object] = ast.capacity_profile(h, params, on).layers or (None,)
        for risk in risks:
            for layer in layers:
                out.append(ast.MEASURE_TABLE.explain({"risk": risk, "layer": layer}))
    return tuple(out)


def explain_household(h: Household, params: ParameterSet, on: dt.date) -> Trace:
    """A trace of ``h``'s assessment on ``on``: every rule with what it read and compared,
    and the decision's path through MON-01's and AST-01's tables."""
    from .monitoring import assess_household

    a = assess_household(h, params, on)
    d = a.decision
    return Trace(a.subject_id, "household", on,
                 tuple(rule_trace(f, h, params, on) for f in a.findings),
                 _household_tables(h, a, params, on), d.to_json(), d.summary("zh"),
                 d.summary("en"))


def explain_case(case: Any, base: ParameterSet | None = None) -> Trace:
    """A trace of a scenario case (:class:`revitalize.scenarios.ScenarioCase`) with ``base``
    (the packaged parameters by default) plus the case's reform."""
    from .parameters import default_parameters

    params = case.parameters(base if base is not None else default_parameters())
    if case.kind == "household":
        t = explain_household(case.subject, params, case.on)
        return attrs.evolve(t, kind=f"household, case {case.name}")
    e = case.adapter.evaluate(case.subject, params, case.on)
    return explain_findings(case.subject, e.findings, params, case.on,
                            subject_id=case.name, kind=case.kind,
                            summary=(e.summary("zh"), e.summary("en")))


def _category_inputs(decision: Mapping[str, Any]) -> dict[str, object]:
    category = decision.get("category")
    in_range = decision.get("in_range") is True
    lifted: object = (category == MonitoringCategory.UNSTABLE_LIFTED.value if in_range
                      else "unknown")
    return {"in_range": in_range, "lifted": lifted,
            "sudden": category == MonitoringCategory.SUDDEN_HARDSHIP.value}


def _parameter_read(p: Mapping[str, Any], on: dt.date) -> ParameterRead:
    """A parameter value of an assessment JSON, with the Chinese form of its source when the
    packaged parameters hold the same value (the JSON keeps the source in English only)."""
    from .parameters import default_parameters

    source_zh = None
    try:
        packaged = default_parameters().get(p["name"], on)
    except RevitalizeError:  # a parameter or value the packaged set does not hold
        packaged = None
    if packaged is not None and packaged.source == p["source"] \
            and packaged.start.isoformat() == p["start"]:
        source_zh = packaged.source_zh
    return ParameterRead(p["name"], p["value"], p["start"], p["source"], p.get("assumption"),
                         source_zh=source_zh)


def explain_assessment_json(data: Mapping[str, Any], registry: RuleRegistry,
                            *, source: str = "<assessment>") -> Trace:
    """A trace of an assessment JSON (``assess --json``, ``Assessment.to_json()``): the
    findings' compared values, parameters (with sources), statuses and reasons; the fields
    each rule reads (declared; their values are not in the JSON); MON-01's row from the
    decision of a household. Bad JSON raises :class:`InvalidInputError` naming the path."""
    from .monitoring import CATEGORY_TABLE

    problems: list[Problem] = []
    for key in ("subject", "on", "findings", "decision"):
        if key not in data:
            problems.append(Problem(f"{source}: $.{key}", "missing; expected an assessment "
                                    "as `revitalize assess --json` writes it"))
    if problems:
        raise InvalidInputError(problems, source=source)
    try:
        on = dt.date.fromisoformat(str(data["on"]))
    except ValueError:
        raise InvalidInputError([Problem(f"{source}: $.on", "expected an ISO date, got "
                                         f"{data['on']!r}")], source=source) from None
    rules: list[RuleTrace] = []
    for i, f in enumerate(data["findings"]):
        try:
            rid = f["rule"]
            spec = registry.get(rid).spec if rid in registry else None
            rules.append(RuleTrace(
                rid, f["title_zh"], f["title_en"], spec.polarity.value if spec else "",
                Status.parse(f["status"]), Outcome.parse(f["outcome"]),
                tuple(FieldRead(p, None, known=False) for p in (spec.reads if spec else ())),
                tuple(_parameter_read(p, on) for p in f["parameters"]),
                dict(f["values"]), f["reason_zh"], f["reason_en"], tuple(f.get("missing", ())),
                f.get("subject", ""), spec.tables if spec else (),
                tuple(f.get("citation", ()))))
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInputError([Problem(f"{source}: $.findings[{i}]",
                                             f"not a finding: {exc}")], source=source) from None
    decision = data["decision"]
    tables: tuple[TableTrace, ...] = ()
    if isinstance(decision, Mapping) and "category" in decision and "in_range" in decision:
        tables = (CATEGORY_TABLE.explain(_category_inputs(decision)),)
    return Trace(str(data["subject"]), "assessment", on, tuple(rules), tables,
                 decision if isinstance(decision, Mapping) else None)


# --------------------------------------------------------------------------- schema

_STRS: Final = {"type": "array", "items": {"type": "string"}}


def trace_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Trace.to_json` (one source: the CLI's ``explain --json``
    and the service's ``POST /explain`` both print it)."""
    from ..schema import DRAFT
    from .tables import HitPolicy

    row = {"type": "object", "properties": {
        "row": {"type": "string"},
        "state": {"enum": ["matched", "shadowed", "failed"]},
        "column": {"type": "string"}, "condition": {"type": "string"},
        "value": {"type": "string"}},
        "required": ["row", "state"], "additionalProperties": False}
    table = {"type": "object", "title": "TableTrace",
             "description": "The path through one decision table: its inputs, the rows "
                            "matched and why each other row did not match.",
             "properties": {
                 "table": {"type": "string"}, "title_zh": {"type": "string"},
                 "title_en": {"type": "string"},
                 "hit_policy": {"enum": [p.value for p in HitPolicy]},
                 "inputs": {"type": "object", "additionalProperties": {"type": "string"}},
                 "matched": _STRS, "rows": {"type": "array", "items": row}},
             "required": ["table", "title_zh", "title_en", "hit_policy", "inputs", "matched",
                          "rows"],
             "additionalProperties": False}
    field = {"type": "object", "properties": {
        "path": {"type": "string"}, "value": {}, "known": {"type": "boolean"}},
        "required": ["path", "value", "known"], "additionalProperties": False}
    parameter = {"type": "object", "properties": {
        "name": {"type": "string"}, "value": {}, "start": {"type": "string", "format": "date"},
        "source": {"type": "string"}, "used": {"type": "boolean"},
        "assumption": {"type": "string"}},
        "required": ["name", "value", "start", "source", "used"],
        "additionalProperties": False}
    rule = {"type": "object", "title": "RuleTrace",
            "description": "One rule: what it read (input fields, parameters with sources), "
                           "what it compared, its status, outcome and reason.",
            "properties": {
                "rule": {"type": "string"}, "title_zh": {"type": "string"},
                "title_en": {"type": "string"}, "polarity": {"type": "string"},
                "status": {"enum": [s.value for s in Status]},
                "outcome": {"enum": [o.value for o in Outcome]},
                "applied": {"type": "boolean"},
                "reads": {"type": "array", "items": field},
                "parameters": {"type": "array", "items": parameter},
                "compared": {"type": "object"}, "missing": _STRS,
                "reason_zh": {"type": "string"}, "reason_en": {"type": "string"},
                "tables": _STRS, "subject": {"type": "string"},
                "citation": {"type": "array", "items": {
                    "type": "object", "properties": {"ref": {"type": "string"},
                                                     "ref_zh": {"type": "string"},
                                                     "quote": {"type": "string"}},
                    "required": ["ref", "ref_zh", "quote"]}}},
            "required": ["rule", "title_zh", "title_en", "polarity", "status", "outcome",
                         "applied", "reads", "parameters", "compared", "missing",
                         "reason_zh", "reason_en", "tables", "citation"],
            "additionalProperties": False}
    return {
        "$schema": DRAFT, "type": "object", "title": "Trace",
        "description": "revitalize explain: for every rule what it read, compared and found, "
                       "and the decision's path through the decision tables (Trace.to_json).",
        "properties": {
            "subject": {"type": "string"}, "kind": {"type": "string"},
            "on": {"type": "string", "format": "date"},
            "summary_zh": {"type": "string"}, "summary_en": {"type": "string"},
            "decision": {"type": ["object", "null"]},
            "rules": {"type": "array", "items": {"$ref": "#/$defs/RuleTrace"}},
            "tables": {"type": "array", "items": {"$ref": "#/$defs/TableTrace"}}},
        "required": ["subject", "kind", "on", "summary_zh", "summary_en", "decision", "rules",
                     "tables"],
        "additionalProperties": False,
        "$defs": {"RuleTrace": rule, "TableTrace": table},
    }

