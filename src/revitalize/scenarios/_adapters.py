"""The scenario adapters: one per input kind, in an explicit table (no discovery).

An :class:`Adapter` says how a scenario case of one ``kind`` is read and run:
the model class its ``[case.input]`` table is converted to, the function that
evaluates it with a parameter set on a date, and the outcome fields a case may
expect (``in_range``, ``category`` ...). Every adapter also exposes the
per-rule outcomes of its findings (``[case.expect.rules]``); the indicator
adapter exposes indicator statuses (``[case.expect.indicators]``).

:func:`adapters` returns the table; :func:`adapter` looks a kind up (unknown
kinds suggest close matches).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs

from ..citations import Citation
from ..errors import UnknownNameError
from ..indicators.observations import ObservationSet, parse_observations
from ..indicators.progress import Status, evaluate
from ..models.assets import (
    LeadingEnterprise,
    LinkageRecord,
    ParkApplication,
    ProduceRecord,
    ProjectAsset,
    VillageCollective,
)
from ..models.construction import (
    ChronicDiseaseManagement,
    Settlement,
    ToiletSite,
    TownHealthCentre,
    VillageClinic,
    VillageFacilities,
)
from ..models.employment import (
    AssistanceWorkshop,
    HiringRound,
    LaborCohort,
    PublicWelfarePlacement,
    Worker,
    WorkForReliefProject,
)
from ..models.governance import GovernanceRecords
from ..models.household import Household
from ..models.monitoring import (
    DepartmentRecord,
    Level,
    MeasureType,
    MonitoringCategory,
    RiskType,
)
from ..models.places import PlaceRef, wansheng_registry
from ..models.transition import FundAllocation, Policy, Withdrawal
from ..money import format_yuan
from ..policy import assistance as ast
from ..policy import cases, guarantees, industry, monitoring, platform
from ..policy.assets import assess_asset
from ..policy.engine import Finding, Outcome, RuleRegistry, render_value
from ..policy.engine import Status as FindingStatus
from ..policy.governance import GovernanceCase
from ..policy.parameters import ParameterSet, ParameterValue
from ..policy.places import PlaceQuery, PriorityUse
from ..policy.registry import default_registry
from ..serialization import from_json_value

__all__ = ["Adapter", "Evaluation", "FieldSpec", "adapter", "adapters"]

#: How an expected field is written and compared.
FIELD_KINDS: Final = ("bool", "enum", "enums", "text", "texts", "int", "money")

#: The value of a field that holds nothing (an undecided ``in_range``, no category).
NONE: Final = "none"


@attrs.frozen
class FieldSpec:
    """An outcome field a case may expect: its name, labels, kind and allowed values.

    ``kind`` is one of ``bool``, ``enum`` (one of ``choices``), ``enums`` (a
    list of ``choices``, order ignored), ``text``, ``texts`` (a list of texts,
    order ignored), ``int`` and ``money`` (a decimal string compared by value).
    A ``nullable`` field may also be ``"none"``.
    """

    name: str
    label_zh: str
    label_en: str
    kind: str
    choices: tuple[str, ...] = ()
    nullable: bool = False

    def label(self, lang: str) -> str:
        """The label in ``lang``."""
        return self.label_zh if lang == "zh" else self.label_en


@attrs.frozen(eq=False)
class Evaluation:
    """What one case produced: its findings, outcome fields, covered IDs and explanation.

    ``fields`` hold normalised values (``bool``, ``int``, ``str``, ``Decimal``,
    ``frozenset`` of ``str``, or ``"none"``); ``indicators`` map an indicator
    ID to its status value; ``covered`` are the catalog IDs the evaluation
    exercised (its findings' rule IDs and those its decision names);
    ``details`` are extra explanation lines in both languages (indicator
    judgements, computed amounts) with their citations.
    """

    findings: tuple[Finding, ...]
    fields: Mapping[str, object]
    covered: frozenset[str]
    indicators: Mapping[str, str] = attrs.field(factory=dict)
    details: tuple[tuple[str, str], ...] = ()
    citations: tuple[tuple[str, Citation], ...] = ()
    summary_zh: str = ""
    summary_en: str = ""
    used: tuple[ParameterValue, ...] = ()

    def _telling(self) -> dict[str, Finding]:
        """Each rule ID's most telling finding when several findings share it: the first
        by status (:data:`~revitalize.policy.engine.STATUS_ORDER`: a problem wins, then
        undecided, ok, info, not applicable), then YES before NO."""
        out: dict[str, Finding] = {}
        for f in self.findings:
            seen = out.get(f.rule_id)
            if seen is None or _rank(f) < _rank(seen):
                out[f.rule_id] = f
        return out

    def rule_outcomes(self) -> dict[str, Outcome]:
        """Each rule ID's outcome (of its most telling finding, see :meth:`rule_statuses`)."""
        return {k: f.outcome for k, f in self._telling().items()}

    def rule_statuses(self) -> dict[str, FindingStatus]:
        """Each rule ID's status; several findings of one rule combine, a problem first,
        then undecided, ok, info and not applicable."""
        return {k: f.status for k, f in self._telling().items()}

    def summary(self, lang: str) -> str:
        """One line saying what was decided."""
        return self.summary_zh if lang == "zh" else self.summary_en


def _rank(f: Finding) -> tuple[int, int]:
    return f.status.rank, 0 if f.outcome is Outcome.YES else 1


Evaluate = Callable[[Any, ParameterSet, dt.date], Evaluation]
Build = Callable[[Any], Any]


@attrs.frozen
class Adapter:
    """One input kind: its model, how to build and evaluate it, what it can expect.

    ``build`` turns the ``[case.input]`` table (JSON-like: dates as ISO
    strings) into the subject, raising
    :class:`~revitalize.errors.InvalidInputError` with ``$.path`` problems.
    ``rule_ids`` are the rules whose outcomes a case may expect;
    ``parameter_areas`` the parameter-name prefixes the evaluation may read
    (the sensitivity test runs a parameter only against those cases).
    """

    kind: str
    area: str
    label_zh: str
    label_en: str
    model: type[Any] | None
    build: Build
    evaluate: Evaluate
    rule_ids: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    parameter_areas: tuple[str, ...] = ()
    indicators: bool = False

    def field(self, name: str) -> FieldSpec | None:
        """The field called ``name`` (None when the adapter has none)."""
        for f in self.fields:
            if f.name == name:
                return f
        return None


# --------------------------------------------------------------------------- helpers


def _values(e: type[Enum]) -> tuple[str, ...]:
    return tuple(str(m.value) for m in e)


def _norm(value: object) -> object:
    """Normalise an actual value for comparison with a scenario's expectation."""
    if value is None:
        return NONE
    if isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple | list | frozenset | set):
        return frozenset(str(_norm(v)) for v in value)
    return str(value)


def _attrs_classes(t: Any) -> list[type[Any]]:
    """The attrs classes inside a field type (``X | None``, ``tuple[X, ...]``)."""
    if isinstance(t, type) and attrs.has(t):
        return [t]
    return [c for arg in typing.get_args(t) for c in _attrs_classes(arg)]


def _optional(t: Any) -> bool:
    return type(None) in typing.get_args(t)


def fill_nulls(raw: Any, cls: type[Any]) -> Any:
    """``raw`` with every left-out field that may be null set to None, at every depth.

    TOML has no null: a scenario leaves a key out to say "none", also for a
    field the model requires but allows to be None (``from_status`` of a
    case's first status change).
    """
    if not isinstance(raw, dict) or not attrs.has(cls):
        return raw
    hints = typing.get_type_hints(cls)
    out = dict(raw)
    for f in attrs.fields(cls):
        name = f.alias or f.name
        t = hints.get(f.name)
        if name not in out:
            if f.default is attrs.NOTHING and _optional(t):
                out[name] = None
            continue
        inner = _attrs_classes(t)
        if len(inner) == 1:
            value = out[name]
            if isinstance(value, list):
                out[name] = [fill_nulls(v, inner[0]) for v in value]
            else:
                out[name] = fill_nulls(value, inner[0])
    return out


def _model_builder(cls: type[Any]) -> Build:
    def build(raw: Any) -> Any:
        return from_json_value(fill_nulls(raw, cls), cls)

    return build


def _findings_eval(registry: RuleRegistry, rule_ids: tuple[str, ...]) -> Evaluate:
    rules = tuple(registry.get(i) for i in rule_ids)

    def run(subject: Any, params: ParameterSet, on: dt.date) -> Evaluation:
        findings = tuple(rule(subject, params, on) for rule in rules)
        return _plain(findings)

    return run


def _plain(findings: tuple[Finding, ...], fields: Mapping[str, object] | None = None,
           extra: Iterable[str] = (), summary: tuple[str, str] | None = None,
           **kwargs: Any) -> Evaluation:
    covered = frozenset({f.rule_id for f in findings if f.outcome is not Outcome.NOT_APPLICABLE}
                        | set(extra))
    if summary is None:
        problems = list(dict.fromkeys(f.rule_id for f in findings
                                      if f.status is FindingStatus.PROBLEM))
        summary = ("问题：" + ("、".join(problems) if problems else "无"),
                   "problems: " + (", ".join(problems) if problems else "none"))
    return Evaluation(findings, {k: _norm(v) for k, v in (fields or {}).items()}, covered,
                      summary_zh=summary[0], summary_en=summary[1], **kwargs)


def _rules_adapter(registry: RuleRegistry, kind: str, area: str, label_zh: str, label_en: str,
                   model: type[Any], rule_ids: tuple[str, ...],
                   parameter_areas: tuple[str, ...]) -> Adapter:
    return Adapter(kind, area, label_zh, label_en, model, _model_builder(model),
                   _findings_eval(registry, rule_ids), rule_ids, (), parameter_areas)


# --------------------------------------------------------------------------- household


_HOUSEHOLD_FIELDS: Final = (
    FieldSpec("in_range", "纳入监测范围", "in the monitoring range", "bool", nullable=True),
    FieldSpec("category", "监测对象类别", "category", "enum", _values(MonitoringCategory),
              nullable=True),
    FieldSpec("risks", "风险", "risks", "enums", _values(RiskType)),
    FieldSpec("measures", "帮扶措施", "measures", "enums", _values(MeasureType)),
    FieldSpec("plan", "帮扶方式", "plan kind", "enum", _values(ast.PlanKind), nullable=True),
    FieldSpec("dynamic_monitoring", "低收入人口动态监测", "low-income dynamic monitoring",
              "bool", nullable=True),
    FieldSpec("insufficient", "数据不足的规则", "rules with insufficient data", "texts"),
    FieldSpec("referrals", "行业部门跟进（未纳入监测对象）", "sector referrals (not a subject)",
              "enums", _values(MeasureType)),
)

#: Rules that also encode a second catalog entry (see their docstrings).
_ALSO_ENCODES: Final[Mapping[str, tuple[str, ...]]] = {
    "GUA-02": ("GUA-07",),  # compulsory-education dropout check: GUA-02 / GUA-07
    "GUA-05": ("GUA-09",),  # unsafe-housing check: GUA-05 / GUA-09
}


def _household(h: Household, params: ParameterSet, on: dt.date) -> Evaluation:
    a = monitoring.assess_household(h, params, on)
    d = a.decision
    extra: set[str] = set()
    for f in a.findings:
        if f.outcome is not Outcome.NOT_APPLICABLE:
            extra.update(_ALSO_ENCODES.get(f.rule_id, ()))
    if d.category is not None:
        extra.add("MON-01")
    if d.plan is not None:
        extra.add("AST-02")
    for m in (*d.measures, *d.referrals):
        extra.update(m.rules)
        extra.update(m.type.catalog)
        extra.add("AST-12")  # every planned measure carries its timing and funding
    fields = {"in_range": d.in_range, "category": d.category, "risks": d.risks,
              "measures": tuple(m.type for m in d.measures), "plan": d.plan,
              "dynamic_monitoring": d.dynamic_monitoring,
              "insufficient": tuple(dict.fromkeys(r for r, _ in d.insufficient_data)),
              "referrals": tuple(m.type for m in d.referrals)}
    return _plain(a.findings, fields, extra, (d.summary("zh"), d.summary("en")))


# --------------------------------------------------------------------------- cases


_CASE_RULES: Final = ("MON-07.date", "MON-07.verification", "MON-07.notice_due",
                      "MON-07.inclusion", "MON-07.measure", "MON-07.assistance", "MON-09")
_FILE_RULES: Final = ("MON-07.qualifies", "MON-07.exit", "MON-07.include_all",
                      "MON-07.assist_all", "MON-07.eliminate_all", "MON-08", "AST-10")


def _case_adapter(registry: RuleRegistry) -> Adapter:
    case_rules = tuple(registry.get(i) for i in _CASE_RULES)
    file_rules = tuple(registry.get(i) for i in _FILE_RULES)

    def run(file: cases.CaseFile, params: ParameterSet, on: dt.date) -> Evaluation:
        findings = (*(r(file.case, params, on) for r in case_rules),
                    *(r(file, params, on) for r in file_rules))
        due = cases.due_actions(file, params, on)
        lists = platform.channel_lists(file.case.entry_channel)
        extra = {"MON-06"} if lists else set()
        if due:
            extra.add("MON-11")  # every due action names its responsible level
        fields = {"due": tuple(a.kind for a in due),
                  "overdue": tuple(a.kind for a in due if a.overdue),
                  "levels": tuple(dict.fromkeys(a.level for a in due)),
                  "channel_lists": lists}
        summary = ("待办：" + ("、".join(a.kind.label_zh for a in due) or "无"),
                   "due: " + (", ".join(a.kind.label_en for a in due) or "none"))
        return _plain(findings, fields, extra, summary)

    return Adapter(
        "case", "monitoring", "监测对象案卷", "monitoring case file", cases.CaseFile,
        _model_builder(cases.CaseFile), run, _CASE_RULES + _FILE_RULES,
        (FieldSpec("due", "待办事项", "due actions", "enums", _values(cases.ActionKind)),
         FieldSpec("overdue", "已逾期事项", "overdue actions", "enums", _values(cases.ActionKind)),
         FieldSpec("levels", "责任层级", "responsible levels", "enums", _values(Level)),
         FieldSpec("channel_lists", "列明该渠道的规划段落", "plan lists naming the channel",
                   "texts")),
        ("cases", "monitoring", "assistance", "guarantees"))


# --------------------------------------------------------------------------- clues


@attrs.frozen
class ClueInput:
    """A department record and the place of its household (MON-10 discovery, MON-11)."""

    record: DepartmentRecord
    town: str
    village: str


def _clue(subject: ClueInput, params: ParameterSet, on: dt.date) -> Evaluation:
    finding = platform.clue_finding(subject.record, params, on)
    found = list(platform.discover_clues((subject.record,), params, on))
    levels: tuple[Level, ...] = ()
    extra: set[str] = set()
    if found:
        places: dict[str, tuple[str, str]] = {
            str(subject.record.household_id): (subject.town, subject.village)}
        d = platform.dispatch(found[0].clue, places, params)
        levels = tuple(dict.fromkeys(s.level for s in d.steps))
        extra.add("MON-11")
    fields = {"clue": bool(found), "risk": found[0].risk if found else None, "levels": levels}
    summary = (("发现预警线索" if found else "无预警线索"),
               ("a warning clue" if found else "no clue"))
    return _plain((finding,), fields, extra, summary)


# --------------------------------------------------------------------------- medical bill


@attrs.frozen
class MedicalBill:
    """A member's medical bill (GUA-03 subsidy, GUA-04 preference, GUA-08 three layers)."""

    household: Household
    member: str
    cost: Decimal
    assistance: bool = False
    newly_poor: bool = False


def _medical(bill: MedicalBill, params: ParameterSet, on: dt.date) -> Evaluation:
    members = {str(m.id): m for m in bill.household.members}
    if bill.member not in members:
        raise UnknownNameError("member", bill.member, members)
    member = members[bill.member]
    preferential = guarantees.serious_illness_preference(member, bill.household,
                                                         newly_poor=bill.newly_poor)
    pay = guarantees.three_layer_payment(bill.cost, params, on, preferential=preferential,
                                         assistance=bill.assistance)
    subsidy = guarantees.insurance_subsidy(member, bill.household, params, on)
    fields = {"preferential": preferential, "basic_insurance": pay.basic_insurance,
              "serious_illness_insurance": pay.serious_illness_insurance,
              "medical_assistance": pay.medical_assistance, "out_of_pocket": pay.out_of_pocket,
              "subsidy_basis": subsidy.basis, "subsidy": subsidy.amount}
    details = (
        (f"大病保险倾斜支付：{render_value(preferential, 'zh')}",
         f"preferential serious-illness insurance: {render_value(preferential, 'en')}"),
        (f"费用 {format_yuan(pay.cost)} 元：基本医保 {format_yuan(pay.basic_insurance)}，大病保险 "
         f"{format_yuan(pay.serious_illness_insurance)}，医疗救助 "
         f"{format_yuan(pay.medical_assistance)}，个人自付 {format_yuan(pay.out_of_pocket)}",
         f"cost {format_yuan(pay.cost)}: basic {format_yuan(pay.basic_insurance)}, serious "
         f"illness {format_yuan(pay.serious_illness_insurance)}, assistance "
         f"{format_yuan(pay.medical_assistance)}, out of pocket {format_yuan(pay.out_of_pocket)}"),
        (f"参保资助：{subsidy.basis.label_zh} {format_yuan(subsidy.amount)} 元"
         if subsidy.amount is not None else
         f"参保资助：数据不足，{'、'.join(subsidy.missing)} 未评估",
         f"contribution subsidy: {subsidy.basis.label_en} {format_yuan(subsidy.amount)}"
         if subsidy.amount is not None else
         f"contribution subsidy: insufficient data, {', '.join(subsidy.missing)} not assessed"),
        *((f"提示：{n.message_zh}", f"warning: {n.message_en}") for n in subsidy.notices),
    )
    cites = tuple((i, c) for i, c in guarantees.CITATIONS if i in ("GUA-04", "GUA-08"))
    return _plain((), fields, ("GUA-03", "GUA-04", "GUA-08"),
                  (f"个人自付 {format_yuan(pay.out_of_pocket)} 元",
                   f"out of pocket {format_yuan(pay.out_of_pocket)}"),
                  details=details, citations=cites, used=(*pay.used, *subsidy.used))


_MONEY_FIELDS: Final = ("basic_insurance", "serious_illness_insurance", "medical_assistance",
                        "out_of_pocket", "subsidy")


# --------------------------------------------------------------------------- places


@attrs.frozen
class PlaceInput:
    """A place of the plan's registry and, optionally, the passage a priority is asked for."""

    place: PlaceRef
    use: PriorityUse | None = None
    weak_branch_villages: tuple[PlaceRef, ...] = ()


def _places_eval(registry: RuleRegistry) -> Evaluate:
    run = _findings_eval(registry, _PLACE_RULES)

    def evaluate_place(p: PlaceInput, params: ParameterSet, on: dt.date) -> Evaluation:
        query = PlaceQuery(wansheng_registry(), p.place, p.use, frozenset(p.weak_branch_villages))
        return run(query, params, on)

    return evaluate_place


_PLACE_RULES: Final = tuple(f"PLACE-0{i}" for i in range(1, 8))


@attrs.frozen
class PlanCheckInput:
    """The plan-consistency check runs on the packaged place registry: no input."""


@attrs.frozen
class DayInput:
    """A date whose plan phase is asked for (TRN-02)."""

    day: dt.date


@attrs.frozen
class VillagesInput:
    """Several villages' facilities (BLD-02.share: the share that meet the service area)."""

    villages: tuple[VillageFacilities, ...]


def _governance_eval(registry: RuleRegistry) -> Evaluate:
    run = _findings_eval(registry, _GOV_RULES)

    def evaluate_governance(records: GovernanceRecords, params: ParameterSet,
                            on: dt.date) -> Evaluation:
        return run(GovernanceCase(records, wansheng_registry()), params, on)

    return evaluate_governance


_GOV_RULES: Final = tuple(f"GOV-{i:02d}" for i in range(1, 11))


def _subject_eval(registry: RuleRegistry, rule_ids: tuple[str, ...],
                  subject: Callable[[Any], Any]) -> Evaluate:
    run = _findings_eval(registry, rule_ids)

    def evaluate_subject(raw: Any, params: ParameterSet, on: dt.date) -> Evaluation:
        return run(subject(raw), params, on)

    return evaluate_subject


# --------------------------------------------------------------------------- indicators


def _build_observations(raw: Any) -> ObservationSet:
    return parse_observations(raw)


def _indicators(obs: ObservationSet, params: ParameterSet, on: dt.date) -> Evaluation:
    report = evaluate(obs, params=params, on=on)
    statuses = {i.indicator.id: i.status.value for i in report.items}
    observed = [i for i in report.items if i.status is not Status.NO_DATA]
    details = tuple((f"{i.indicator.id} {i.indicator.name_zh}：{i.status.label_zh}；"
                     f"{i.explain('zh')}",
                     f"{i.indicator.id} {i.indicator.name_en}: {i.status.label_en}; "
                     f"{i.explain('en')}") for i in observed)
    cites = tuple((i.indicator.id, c) for i in observed for c in i.indicator.citations)
    counts = report.counts()
    summary = ("；".join(f"{s.label_zh} {n}" for s, n in counts.items() if n and
                        s is not Status.NO_DATA) or "无观测值",
               "; ".join(f"{s.label_en} {n}" for s, n in counts.items() if n and
                         s is not Status.NO_DATA) or "no observation")
    return Evaluation((), {}, frozenset(i.indicator.id for i in observed), statuses, details,
                      cites, summary[0], summary[1])


# --------------------------------------------------------------------------- the table


def adapters(registry: RuleRegistry | None = None) -> tuple[Adapter, ...]:
    """Every adapter, by area (the explicit table: nothing is discovered)."""
    reg = registry if registry is not None else default_registry()

    def rules(kind: str, area: str, zh: str, en: str, model: type[Any], ids: tuple[str, ...],
              params: tuple[str, ...]) -> Adapter:
        return _rules_adapter(reg, kind, area, zh, en, model, ids, params)

    household_rules = (*(r.id for m in (monitoring, guarantees, ast) for r in m.RULES
                         if r.id != "GUA-10"), "MON-02")
    return (
        Adapter("household", "monitoring", "农户", "household", Household,
                _model_builder(Household), _household, household_rules, _HOUSEHOLD_FIELDS,
                ("monitoring", "guarantees", "assistance")),
        _case_adapter(reg),
        rules("notice", "monitoring", "民主评议公示", "public notice", cases.NoticePeriod,
              ("MON-07.notice",), ("cases",)),
        rules("visit", "assistance", "“三留守”定期探访", "left-behind visit",
              cases.LeftBehindVisit, ("AST-09",), ("cases", "assistance")),
        rules("area", "monitoring", "区域性规模性返贫风险", "area warning", platform.AreaCount,
              ("MON-05",), ("platform",)),
        Adapter("clue", "monitoring", "部门数据预警线索", "department record clue", ClueInput,
                _model_builder(ClueInput), _clue,
                ("MON-10.amount", "MON-10.event", "MON-10.housing", "MON-10.water"),
                (FieldSpec("clue", "发现线索", "clue found", "bool"),
                 FieldSpec("risk", "线索风险", "risk of the clue", "enum", _values(RiskType),
                           nullable=True),
                 FieldSpec("levels", "分派层级", "dispatch levels", "enums", _values(Level))),
                ("platform", "cases")),
        Adapter("medical_bill", "guarantees", "医疗费用三重保障", "medical bill", MedicalBill,
                _model_builder(MedicalBill), _medical, (),
                (FieldSpec("preferential", "大病保险倾斜支付", "preferential payment", "bool"),
                 *(FieldSpec(n, z, n.replace("_", " "), "money", nullable=n == "subsidy")
                   for n, z in zip(_MONEY_FIELDS, ("基本医保支付", "大病保险支付", "医疗救助支付",
                                                   "个人自付", "参保资助"), strict=True)),
                 FieldSpec("subsidy_basis", "参保资助依据", "subsidy basis", "enum",
                           _values(guarantees.SubsidyBasis))),
                ("guarantees",)),
        rules("water_work", "guarantees", "供水工程", "water supply work", guarantees.WaterWork,
              ("GUA-10",), ("guarantees",)),
        rules("worker", "employment", "劳动者", "worker", Worker, ("EMP-01",), ("employment",)),
        rules("hiring", "employment", "公益岗位招聘", "public-welfare hiring round",
              HiringRound, ("EMP-02",), ("employment",)),
        rules("placement", "employment", "公益岗位安置", "public-welfare placement",
              PublicWelfarePlacement, ("EMP-02.subsidy", "EMP-07"), ("employment",)),
        rules("relief_project", "employment", "以工代赈项目", "work-for-relief project",
              WorkForReliefProject, ("EMP-03", "EMP-03.hiring", "EMP-03.remuneration", "EMP-08"),
              ("employment",)),
        rules("labor_cohort", "employment", "劳动力群体", "labor cohort", LaborCohort,
              ("EMP-04", "EMP-05"), ("employment",)),
        rules("workshop", "employment", "帮扶车间", "assistance workshop", AssistanceWorkshop,
              ("EMP-06", "EMP-06.hiring"), ("employment",)),
        rules("settlement", "industry", "利益联结分红", "linkage settlement",
              industry.LinkageSettlement, ("IND-01", "IND-01.profit"), ("industry",)),
        rules("linkage", "industry", "利益联结机制", "linkage record", LinkageRecord,
              ("IND-02",), ("industry",)),
        rules("enterprise", "industry", "龙头企业", "leading enterprise", LeadingEnterprise,
              ("IND-03",), ("industry",)),
        rules("park", "industry", "产业园区申报", "park application", ParkApplication,
              ("IND-04",), ("industry", "places")),
        rules("collective", "industry", "村集体经济组织", "village collective",
              VillageCollective, ("IND-05",), ("industry",)),
        rules("produce", "industry", "农产品滞销", "produce record", ProduceRecord,
              ("IND-06",), ("industry",)),
        Adapter("asset", "assets", "扶贫项目资产", "project asset", ProjectAsset,
                _model_builder(ProjectAsset), _asset,
                tuple(f"ASSET-{i:02d}" for i in range(1, 12)),
                (FieldSpec("in_scope", "在摸底范围内", "in scope", "bool", nullable=True),
                 FieldSpec("refused", "不合规规则", "refused rules", "texts"),
                 FieldSpec("insufficient", "数据不足的规则", "rules with insufficient data",
                           "texts")),
                ("assets",)),
        Adapter("place", "places", "镇村", "place", PlaceInput, _model_builder(PlaceInput),
                _places_eval(reg), _PLACE_RULES, (), ("places",)),
        Adapter("plan_check", "places", "规划一致性检查", "plan consistency check",
                PlanCheckInput, _model_builder(PlanCheckInput),
                _subject_eval(reg, ("PLAN-01",), lambda _: wansheng_registry()), ("PLAN-01",),
                (), ("places",)),
        Adapter("governance", "governance", "乡村治理年度记录", "governance records",
                GovernanceRecords, _model_builder(GovernanceRecords), _governance_eval(reg),
                _GOV_RULES, (), ("governance",)),
        rules("withdrawal", "transition", "政策退出", "withdrawal", Withdrawal, ("TRN-01",),
              ("transition",)),
        Adapter("phase", "transition", "规划阶段", "plan phase", DayInput,
                _model_builder(DayInput), _subject_eval(reg, ("TRN-02",), _day), ("TRN-02",),
                (), ("transition",)),
        rules("policy", "transition", "帮扶政策", "policy", Policy, ("TRN-03", "TRN-04"),
              ("transition",)),
        rules("fund", "transition", "财政衔接资金", "fund allocation", FundAllocation,
              ("TRN-05",), ("transition",)),
        rules("settlement_sewage", "construction", "农村聚居点", "settlement", Settlement,
              ("BLD-01", "BLD-01.missing"), ("construction",)),
        rules("village_facilities", "construction", "村级设施", "village facilities",
              VillageFacilities, ("BLD-02", "BLD-05"), ("construction",)),
        Adapter("villages", "construction", "多村服务设施", "villages' facilities",
                VillagesInput, _model_builder(VillagesInput),
                _subject_eval(reg, ("BLD-02.share",), _villages), ("BLD-02.share",), (),
                ("construction",)),
        rules("health_centre", "construction", "镇卫生院", "town health centre",
              TownHealthCentre, ("BLD-03", "BLD-05.tcm_hall"), ("construction",)),
        rules("clinic", "construction", "村卫生室", "village clinic", VillageClinic,
              ("BLD-03.clinic",), ("construction",)),
        rules("chronic", "construction", "慢病管理", "chronic-disease management",
              ChronicDiseaseManagement, ("BLD-04", "BLD-04.serious_illness"), ("construction",)),
        rules("toilet", "construction", "厕所", "toilet site", ToiletSite, ("BLD-06",),
              ("construction",)),
        Adapter("indicators", "indicators", "规划指标观测值", "indicator observations", None,
                _build_observations, _indicators, (), (), ("indicators",), indicators=True),
    )


def _day(d: DayInput) -> dt.date:
    return d.day


def _villages(v: VillagesInput) -> Sequence[VillageFacilities]:
    return v.villages


def _asset(asset: ProjectAsset, params: ParameterSet, on: dt.date) -> Evaluation:
    a = assess_asset(asset, params, on)
    d = a.decision
    fields = {"in_scope": d.in_scope, "refused": d.refused, "insufficient": d.insufficient}
    return _plain(a.findings, fields, (), (d.summary("zh"), d.summary("en")))


def adapter(kind: str, table: Sequence[Adapter] | None = None) -> Adapter:
    """The adapter of ``kind`` (unknown kinds suggest close matches)."""
    known = table if table is not None else adapters()
    for a in known:
        if a.kind == kind:
            return a
    raise UnknownNameError("scenario kind", kind, [a.kind for a in known])
