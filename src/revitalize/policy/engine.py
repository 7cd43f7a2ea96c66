"""The rule engine: cited rules, findings with reasons, and assessments.

A rule is a pure function ``(subject, params, on) -> Finding`` paired with a
:class:`RuleSpec`: its catalog ID, titles, citations, the parameters it reads,
its effective period, the templates of its reasons, the input fields it reads
(``reads``) and the decision tables it feeds (``tables``). A rule reads only its
arguments.

::

    INCOME_SCREEN = RuleSpec(
        id="MON-02", title_zh="收入低于监测线", title_en="Income below the monitoring line",
        citations=(Citation("Ch5 §2", "以脱贫攻坚期国家扶贫标准的1.5倍为底线"),),
        parameters=("monitoring.poverty_standard",),
        reasons={Outcome.YES: Reason("人均 {income:yuan} 元，低于 {line:yuan} 元",
                                     "per capita {income:yuan} yuan, below {line:yuan} yuan")},
        polarity=Polarity.YES_IS_PROBLEM,  # required: what YES means for the subject
    )

    def income_screen(h: Household, params: ParameterSet, on: date) -> Finding:
        ...
        return INCOME_SCREEN.finding(Outcome.YES, values={...}, used=(line_value,))

    RULES = (Rule(INCOME_SCREEN, income_screen),)

Every finding has a :attr:`Finding.status` (:class:`Status`) derived from its
outcome and the rule's declared :class:`Polarity`, so that generic code lists
the problems of any area the same way (:attr:`Assessment.problems`).

A :class:`Finding` holds the values the rule compared and the parameter values
it used (with their sources); its reasons are rendered from them on demand, in
Chinese or English. Findings and assessments are built by trusted code and run
no validators: a finding is an immutable named tuple (the rule modules build it
with :func:`finding`, equal to ``Finding(...)`` and a little faster, or, on the
household assessment's path, with its one line ``tuple.__new__(Finding, (...))`` written
in place), the
assessment, its provenance and the decision are frozen attrs classes built by
their own ``__init__``, written to set each slot directly (:func:`slot_setters`).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from types import MappingProxyType, MemberDescriptorType
from typing import Any, Final, Generic, NamedTuple, Protocol, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from .._version import __version__
from ..citations import Citation
from ..errors import RevitalizeError, UnknownNameError
from ..i18n import used_value_line
from ..models._enums import LabelledEnum
from ..money import format_number, format_yuan
from .ids import catalog_id_of, resolve
from .parameters import ParameterSet, ParameterValue

__all__ = [
    "PLAN_START",
    "STATUS_BY_OUTCOME",
    "STATUS_ORDER",
    "Assessment",
    "Decision",
    "Finding",
    "NotInEffect",
    "Notice",
    "Outcome",
    "Polarity",
    "Provenance",
    "Reason",
    "Rule",
    "RuleRegistry",
    "RuleSpec",
    "Status",
    "born_by",
    "evaluate_rules",
    "finding",
    "group_by_status",
    "render_findings",
    "render_value",
    "slot_setters",
    "stale_parameter_notices",
    "stale_value_notices",
]

S = TypeVar("S")
D = TypeVar("D", bound="Decision")

#: The first day of the plan period (TRN-02): rules take effect from it by default.
PLAN_START: Final = dt.date(2021, 1, 1)


class Outcome(LabelledEnum):
    """What a rule found. A rule's title is a statement; YES means it holds."""

    YES = "yes", "是"
    NO = "no", "否"
    INSUFFICIENT_DATA = "insufficient_data", "数据不足"
    NOT_APPLICABLE = "not_applicable", "不适用"


class Status(LabelledEnum):
    """What a finding means for its subject, the same way for every rule.

    Generic code reads the status and needs no knowledge of the rule: a
    ``problem`` is a risk, a violation, a refusal or a gap; ``ok`` is the
    opposite; ``info`` is a classification or a computed value; ``undecided``
    means insufficient data (the finding names the fields); ``not_applicable``
    means the rule does not apply to the subject or on the date.
    """

    PROBLEM = "problem", "问题"
    OK = "ok", "正常"
    INFO = "info", "信息"
    UNDECIDED = "undecided", "待定"
    NOT_APPLICABLE = "not_applicable", "不适用"

    @property
    def rank(self) -> int:
        """The position in :data:`STATUS_ORDER` (problems first)."""
        return _STATUS_RANK[self]


class Polarity(LabelledEnum):
    """What a rule's YES means: the rule's title is a statement that may point either way.

    ``YES_IS_PROBLEM``: the statement names a problem (a risk holds, a quota is
    missed, an action is refused). ``YES_IS_OK``: the statement names compliance
    (a guarantee is met, an action is allowed). ``INFO``: the rule classifies or
    computes; neither answer is a problem.
    """

    YES_IS_PROBLEM = "yes_is_problem", "“是”为问题"
    YES_IS_OK = "yes_is_ok", "“是”为正常"
    INFO = "info", "信息"


#: The order text output lists findings in: problems first, then undecided, ok, info and
#: not applicable.
STATUS_ORDER: Final = (Status.PROBLEM, Status.UNDECIDED, Status.OK, Status.INFO,
                       Status.NOT_APPLICABLE)
_STATUS_RANK: Final = MappingProxyType({s: i for i, s in enumerate(STATUS_ORDER)})

_STATUS_OF: Final = MappingProxyType({
    (Polarity.YES_IS_PROBLEM, True): Status.PROBLEM,
    (Polarity.YES_IS_PROBLEM, False): Status.OK,
    (Polarity.YES_IS_OK, True): Status.OK,
    (Polarity.YES_IS_OK, False): Status.PROBLEM,
    (Polarity.INFO, True): Status.INFO,
    (Polarity.INFO, False): Status.INFO,
})
#: :attr:`Finding.status` as one table: the status of each ``(polarity, outcome)``
#: (insufficient data is ``undecided`` and not applicable ``not_applicable`` whatever the
#: polarity; YES and NO follow the polarity). A record lists 18 statuses per household:
#: one look-up each instead of the branches.
STATUS_BY_OUTCOME: Final[Mapping[tuple[Polarity, Outcome], Status]] = MappingProxyType({
    (p, o): (Status.UNDECIDED if o is Outcome.INSUFFICIENT_DATA
             else Status.NOT_APPLICABLE if o is Outcome.NOT_APPLICABLE
             else _STATUS_OF[(p, o is Outcome.YES)])
    for p in Polarity for o in Outcome})
_STATUS_BY: Final = dict(STATUS_BY_OUTCOME)  # a plain dict: the property's look-up


@attrs.frozen
class Reason:
    """A reason template in Chinese and English.

    Templates are :meth:`str.format` strings over the finding's values; the
    format spec ``yuan`` renders money to the fen with separators, ``pct``
    appends a percent sign; enums render as their label in the language.
    """

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The template in ``lang``."""
        return self.zh if lang == "zh" else self.en


_DEFAULT_REASONS: Final = MappingProxyType({
    Outcome.INSUFFICIENT_DATA: Reason("数据不足：{missing} 未评估，无法判断",
                                      "insufficient data: {missing} not assessed"),
    Outcome.NOT_APPLICABLE: Reason("不适用", "not applicable"),
})


#: The reason of a rule's finding on a date outside its effective period (not the rule's own
#: NOT_APPLICABLE template, which may read values only the rule's function sets).
_NOT_IN_EFFECT: Final = Reason("不适用：评估日期 {on} 不在规则施行期内",
                               "not applicable: {on} is outside the rule's effective period")


def render_value(value: object, lang: str, spec: str = "") -> str:
    """Render one compared value for a reason, in ``lang``.

    >>> render_value(Decimal("5999"), "zh", "yuan")
    '5,999.00'
    >>> render_value(None, "en")
    'not assessed'
    >>> render_value(("a", "b"), "zh")
    'a、b'
    >>> render_value(True, "zh")
    '是'
    """
    if value is None:
        return "未评估" if lang == "zh" else "not assessed"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, LabelledEnum):
        return value.label(lang)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        if spec == "yuan":
            return format_yuan(value)
        if spec == "pct":
            return f"{format_number(value)}%"
        if spec.isdigit():
            return format_number(value, int(spec))
        return format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        items = sorted(value, key=str) if isinstance(value, frozenset | set) else value
        return ("、" if lang == "zh" else ", ").join(render_value(v, lang) for v in items)
    return format(value, spec) if spec else str(value)


class _ReasonFormatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        return render_value(value, self.lang, format_spec)


_FORMATTERS: Final = {"zh": _ReasonFormatter("zh"), "en": _ReasonFormatter("en")}


def _json_value(value: object) -> Any:
    """A compared value as JSON (decimals as strings, keeping their exponent)."""
    if value is None or (isinstance(value, bool | int | str) and not isinstance(value, Enum)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | dt.date):
        return str(value)
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted((_json_value(v) for v in value), key=str)
    return str(value)


def _param_json(v: ParameterValue) -> dict[str, Any]:
    out: dict[str, Any] = {"name": v.name, "value": _json_value(v.value),
                           "start": v.start.isoformat(), "source": v.source}
    if v.assumption is not None:
        out["assumption"] = v.assumption
    return out


@attrs.frozen
class RuleSpec:
    """A rule's metadata: what it is, where the plan says it, what it reads."""

    id: str
    title_zh: str
    title_en: str
    citations: tuple[Citation, ...]
    parameters: tuple[str, ...] = ()
    reasons: Mapping[Outcome, Reason] = attrs.field(factory=dict)
    effective_from: dt.date = PLAN_START
    effective_to: dt.date | None = None
    #: What YES means for the subject (see :class:`Polarity`); required, keyword only.
    polarity: Polarity = attrs.field(kw_only=True,
                                     validator=attrs.validators.instance_of(Polarity))
    #: The paths of the subject's fields the rule reads (``annual_net_income``,
    #: ``members[].labor_capacity``; ``$``: the subject itself); with :attr:`parameters`,
    #: everything the rule reads. ``tests/test_explain.py`` records what each rule reads
    #: on the packaged scenarios and checks that it is declared here.
    reads: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    #: The IDs of the decision tables the rule's finding feeds or consults (``MON-01``).
    tables: tuple[str, ...] = attrs.field(default=(), kw_only=True)

    def title(self, lang: str) -> str:
        """The title in ``lang``."""
        return self.title_zh if lang == "zh" else self.title_en

    def in_effect(self, on: dt.date) -> bool:
        """Whether the rule applies on ``on``."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def finding(
        self,
        outcome: Outcome,
        values: Mapping[str, object] | None = None,
        used: Sequence[ParameterValue] = (),
        missing: Sequence[str] = (),
        subject: str = "",
    ) -> Finding:
        """Build a finding of this rule."""
        return finding(self, outcome, values or {}, tuple(used), tuple(missing), subject)

    def insufficient(self, *missing: str, subject: str = "",
                     values: Mapping[str, object] | None = None) -> Finding:
        """A finding that names the fields that were not assessed."""
        return finding(self, Outcome.INSUFFICIENT_DATA, values or {}, (), missing, subject)

    def to_json(self) -> dict[str, Any]:
        """The spec as JSON (what ``revitalize rules --json`` prints)."""
        return {
            "id": self.id,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "citation": [c.to_json() for c in self.citations],
            "effective": {"from": self.effective_from.isoformat(),
                          "to": self.effective_to.isoformat() if self.effective_to else None},
            "parameters": list(self.parameters),
            "polarity": self.polarity.value,
            "reads": list(self.reads),
            "tables": list(self.tables),
        }


class Finding(NamedTuple):
    """What one rule found for one subject, with everything needed to explain it.

    ``values`` are the values the rule compared (named as in its reason
    templates), ``used`` the parameter values it read, ``missing`` the paths of
    fields that were not assessed, ``subject`` a sub-subject (a member id) when
    the finding is about part of the input.

    A finding is immutable and cheap to build (every rule builds one per subject):
    a named tuple of its six fields, built by ``Finding(...)`` or, on the hot path, by
    :func:`finding`. Equality is by rule ID, outcome, values, parameter values used,
    missing fields and subject (not by tuple position: two specs of one ID are one
    rule); findings are not ordered. Change a field with ``f._replace(subject=...)``.
    """

    spec: RuleSpec
    outcome: Outcome
    values: Mapping[str, object]
    used: tuple[ParameterValue, ...]
    missing: tuple[str, ...]
    subject: str = ""

    @property
    def rule_id(self) -> str:
        """The catalog ID of the rule."""
        return self.spec.id

    @property
    def holds(self) -> bool:
        """Whether the rule's statement holds (outcome YES)."""
        return self.outcome is Outcome.YES

    @property
    def status(self) -> Status:
        """What the finding means for its subject (:class:`Status`), from the rule's polarity."""
        return _STATUS_BY[(self.spec.polarity, self.outcome)]

    def reason(self, lang: str = "zh") -> str:
        """The reason in ``lang``, rendered from the compared values."""
        if self.values.get("why") is NotInEffect.NOT_IN_EFFECT:  # Rule.__call__ out of period
            template: Reason | None = _NOT_IN_EFFECT
        else:
            template = self.spec.reasons.get(self.outcome) or _DEFAULT_REASONS.get(self.outcome)
        if template is None:
            return f"{self.spec.title(lang)}：{self.outcome.label(lang)}" if lang == "zh" else (
                f"{self.spec.title(lang)}: {self.outcome.label(lang)}")
        fields = dict(self.values)
        fields.setdefault("missing", self.missing)
        fields.setdefault("subject", self.subject)
        return _FORMATTERS["zh" if lang == "zh" else "en"].format(template.get(lang), **fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            # A plain tuple of the same fields is not a finding (tuple equality would say so).
            return False if isinstance(other, tuple) else NotImplemented
        return (self.spec.id, self.outcome, dict(self.values), self.used, self.missing,
                self.subject) == (other.spec.id, other.outcome, dict(other.values), other.used,
                                  other.missing, other.subject)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash((self.spec.id, self.outcome, self.missing, self.subject))

    # Not ordered (a tuple would compare field by field).
    def __lt__(self, other: object) -> bool:
        return NotImplemented

    def __le__(self, other: object) -> bool:
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        return NotImplemented

    def to_json(self) -> dict[str, Any]:
        """Every value of the finding, with its reasons in both languages."""
        out: dict[str, Any] = {
            "rule": self.spec.id,
            "title_zh": self.spec.title_zh,
            "title_en": self.spec.title_en,
            "outcome": self.outcome.value,
            "status": self.status.value,
            "values": {k: _json_value(v) for k, v in self.values.items()},
            "parameters": [_param_json(v) for v in self.used],
            "citation": [c.to_json() for c in self.spec.citations],
            "reason_zh": self.reason("zh"),
            "reason_en": self.reason("en"),
        }
        if self.missing:
            out["missing"] = list(self.missing)
        if self.subject:
            out["subject"] = self.subject
        return out


#: ``tuple.__new__``: ``_new_tuple(Finding, (spec, outcome, values, used, missing, subject))``
#: is what ``Finding(...)`` and :func:`finding` do, without a call. The checks on the
#: household assessment's path (the income, guarantees, assistance and monitoring modules)
#: build their findings with it in line (18 findings a household: about 0.7 µs of an
#: assessment).
_new_tuple: Final = tuple.__new__


def finding(spec: RuleSpec, outcome: Outcome, values: Mapping[str, object],
            used: tuple[ParameterValue, ...], missing: tuple[str, ...],
            subject: str = "") -> Finding:
    """Build a :class:`Finding`: what ``Finding(...)`` does (``tuple.__new__`` of the
    fields), called as a plain function, which is cheaper than calling the class. The
    checks on the household assessment's path write this one line in place (18 findings
    a household: the calls were about 0.7 µs of an assessment);
    ``tests/test_assessment_paths.py`` checks that their findings equal ``Finding(...)``'s."""
    return _new_tuple(Finding, (spec, outcome, values, used, missing, subject))


def born_by(on: dt.date, years: int) -> dt.date | None:
    """The latest birth date of someone at least ``years`` whole years old on ``on``, or
    None when no date is that early.

    The age is ``on.year - born.year``, less one before the birthday (a person born on
    29 February turns a year older on 1 March in other years); for every birth date,
    ``born <= born_by(on, n)`` exactly when that age is at least ``n``: one comparison
    per member instead of an age computed per member.

    >>> born_by(dt.date(2024, 2, 29), 18), born_by(dt.date(2021, 6, 1), 18)
    (datetime.date(2006, 2, 28), datetime.date(2003, 6, 1))
    """
    year = on.year - years
    if year < dt.MINYEAR:
        return None
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return on.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 2, 28)


class NotInEffect(LabelledEnum):
    """Why a rule does not apply: the date is outside its effective period (the ``why`` value
    of the NOT_APPLICABLE finding :class:`Rule` gives then; its reason is a template of its
    own, since a rule's NOT_APPLICABLE template may read values only the rule sets)."""

    NOT_IN_EFFECT = "not_in_effect_on_this_date", "评估日期不在规则施行期内"


@attrs.frozen
class Rule(Generic[S]):
    """A rule: its spec and the pure function that evaluates it."""

    spec: RuleSpec
    function: Callable[[S, ParameterSet, dt.date], Finding]

    @property
    def id(self) -> str:
        """The catalog ID."""
        return self.spec.id

    def __call__(self, subject: S, params: ParameterSet, on: dt.date) -> Finding:
        """Evaluate the rule; outside its effective period the finding is NOT_APPLICABLE."""
        if not self.spec.in_effect(on):
            return self.spec.finding(Outcome.NOT_APPLICABLE,
                                     {"on": on, "why": NotInEffect.NOT_IN_EFFECT})
        return self.function(subject, params, on)


@attrs.frozen
class RuleRegistry:
    """An ordered, immutable collection of rules, looked up by catalog ID."""

    rules: tuple[Rule[Any], ...]
    _by_id: Mapping[str, Rule[Any]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, Rule[Any]] = {}
        for rule in self.rules:
            if rule.id in by_id:
                raise RevitalizeError(f"rule {rule.id!r} is registered twice")
            if not isinstance(rule.spec.polarity, Polarity):
                raise RevitalizeError(f"rule {rule.id!r} declares no polarity; expected one of "
                                      f"{', '.join(p.name for p in Polarity)}")
            by_id[rule.id] = rule
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def __iter__(self) -> Iterator[Rule[Any]]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id

    def get(self, rule_id: str) -> Rule[Any]:
        """The rule with ID ``rule_id`` (a retired ID warns and names the new one; an
        unknown ID suggests close matches and, for a catalog ID, its parts)."""
        try:
            return self._by_id[rule_id]
        except KeyError:
            pass
        try:
            return self._by_id[resolve(rule_id)]
        except KeyError:
            raise UnknownNameError("rule", rule_id, self._by_id) from None

    def parts(self, catalog_id: str) -> tuple[Rule[Any], ...]:
        """The rules that encode ``catalog_id``: the rule of that ID and its parts
        (``GUA-06`` gives ``GUA-06.quantity`` … ``GUA-06.reliability``)."""
        return tuple(r for r in self.rules if catalog_id_of(r.id) == catalog_id)


def group_by_status(findings: Iterable[Finding]) -> dict[Status, tuple[Finding, ...]]:
    """``findings`` by status, in :data:`STATUS_ORDER` (problems first); each group keeps
    the findings' order and only statuses that occur are keys."""
    groups: dict[Status, list[Finding]] = {s: [] for s in STATUS_ORDER}
    for f in findings:
        groups[f.status].append(f)
    return {s: tuple(fs) for s, fs in groups.items() if fs}


def render_findings(findings: Iterable[Finding], lang: str, *,
                    skip: Iterable[Status] = (Status.NOT_APPLICABLE,),
                    details: bool = True) -> list[str]:
    """Text lines for ``findings`` grouped by status (problems first): a heading per status,
    each finding's ID, title, subject and outcome, then (with ``details``) its reason,
    parameters and citations. Statuses in ``skip`` are left out."""
    zh = lang == "zh"
    skipped = frozenset(skip)
    lines: list[str] = []
    for status, group in group_by_status(findings).items():
        if status in skipped:
            continue
        lines.append(f"{status.label(lang)} ({len(group)})" if not zh else
                     f"{status.label(lang)}（{len(group)}）")
        for f in group:
            who = f" [{f.subject}]" if f.subject else ""
            lines.append(f"  {f.spec.id} {f.spec.title(lang)}{who}: {f.outcome.label(lang)}")
            if not details:
                continue
            lines.append(f"      {f.reason(lang)}")
            for v in f.used:
                lines.append("      " + used_value_line(v.name, v.value, v.start,
                                                        v.is_assumption, lang))
            for c in f.spec.citations:
                lines.append(f"      {'依据' if zh else 'per'} {c.render(lang)}")
    return lines


def evaluate_rules(rules: Iterable[Rule[S]], subject: S, params: ParameterSet,
                   on: dt.date) -> tuple[Finding, ...]:
    """Evaluate ``rules`` on ``subject`` in order."""
    return tuple(rule(subject, params, on) for rule in rules)


# --------------------------------------------------------------------------- assessments


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of a frozen slotted attrs class's fields, in field order: the ``__set__``
    of each slot's descriptor.

    The classes an assessment builds for every household (:class:`Provenance`,
    :class:`Assessment`, the monitoring decision, the capacity profile, the planned
    measures) are frozen attrs classes whose ``__init__`` is written by hand with these:
    attrs' generated frozen ``__init__`` sets each field through ``object.__setattr__``,
    which looks the slot up again for every field (about a fifth slower). Their
    ``__init__`` sets every field and runs no validator (the generated one runs none
    either: these are built by trusted code); ``tests/test_assessment_paths.py`` checks
    that each sets every field.
    """
    setters = []
    for a in attrs.fields(cls):
        slot = cls.__dict__.get(a.name)
        if not isinstance(slot, MemberDescriptorType):
            raise TypeError(f"{cls.__qualname__}.{a.name} is not a slot")
        setters.append(slot.__set__)
    return tuple(setters)


@attrs.frozen
class Notice:
    """A warning attached to an assessment (e.g. a stale parameter value)."""

    code: str
    message_zh: str
    message_en: str

    def message(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.message_zh if lang == "zh" else self.message_en


def stale_parameter_notices(findings: Iterable[Finding], params: ParameterSet,
                            on: dt.date) -> tuple[Notice, ...]:
    """Warnings for parameter values used by ``findings`` that are older than allowed.

    A parameter with ``stale_after_months`` (the monitoring line: set yearly)
    warns when the value used started more than that many months before ``on``.
    """
    return stale_value_notices((v for f in findings for v in f.used), params, on)


def stale_value_notices(values: Iterable[ParameterValue], params: ParameterSet,
                        on: dt.date) -> tuple[Notice, ...]:
    """:func:`stale_parameter_notices` for parameter values used outside a finding (a
    computed amount, such as GUA-03's contribution subsidy)."""
    seen: set[tuple[str, dt.date]] = set()
    out: list[Notice] = []
    for v in values:
        key = (v.name, v.start)
        if key in seen:
            continue
        seen.add(key)
        months = params.parameter(v.name).stale_after_months if v.name in params else None
        if months is not None and v.start + relativedelta(months=months) < on:
            out.append(Notice(
                "stale_parameter",
                f"所用参数 {v.name} 的取值设于 {v.start.isoformat()}，已超过 {months} 个月；"
                "请设置当年取值。",
                f"parameter {v.name} uses a value set on {v.start.isoformat()}, more than "
                f"{months} months before {on.isoformat()}; set this year's value.",
            ))
    return tuple(out)


def _digest_key(value: str | Callable[[], str]) -> str:
    return value() if callable(value) else value


@attrs.frozen(init=False)
class Provenance:
    """What it takes to reproduce an assessment.

    ``input_sha256`` may be given as a function that computes the digest: it
    is then called on first access only (and its result kept), so a caller
    that never prints the provenance never pays for hashing the input.
    """

    library_version: str
    parameter_fingerprint: str
    parameter_set: str
    reform: str | None
    evaluated_on: dt.date
    _input_sha256: str | Callable[[], str] = attrs.field(
        alias="input_sha256", eq=_digest_key,
        repr=False)

    def __init__(self, library_version: str, parameter_fingerprint: str, parameter_set: str,
                 reform: str | None, evaluated_on: dt.date,
                 input_sha256: str | Callable[[], str]) -> None:
        (set_version, set_fingerprint, set_name, set_reform, set_on,
         set_digest) = _PROVENANCE_SETTERS
        set_version(self, library_version)
        set_fingerprint(self, parameter_fingerprint)
        set_name(self, parameter_set)
        set_reform(self, reform)
        set_on(self, evaluated_on)
        set_digest(self, input_sha256)

    @classmethod
    def of(cls, params: ParameterSet, on: dt.date,
           input_sha256: str | Callable[[], str]) -> Provenance:
        """The provenance of an evaluation with ``params`` on ``on`` (the digest may be lazy)."""
        reform = params.name if params.reform_of is not None else None
        return cls(__version__, params.fingerprint, params.name, reform, on, input_sha256)

    @property
    def input_sha256(self) -> str:
        """The SHA-256 of the input (computed now if it was given as a function)."""
        value = self._input_sha256
        if callable(value):
            value = value()
            object.__setattr__(self, "_input_sha256", value)
        return value

    def to_json(self) -> dict[str, Any]:
        """The provenance as JSON."""
        return {
            "library_version": self.library_version,
            "parameter_fingerprint": self.parameter_fingerprint,
            "parameter_set": self.parameter_set,
            "reform": self.reform,
            "evaluated_on": self.evaluated_on.isoformat(),
            "input_sha256": self.input_sha256,
        }

    def render(self, lang: str) -> str:
        """One line of text."""
        reform = self.reform or ("无" if lang == "zh" else "none")
        if lang == "zh":
            return (f"可复现  revitalize {self.library_version} · 参数集 "
                    f"{self.parameter_fingerprint} · 改革 {reform} · 评估日期 "
                    f"{self.evaluated_on} · 输入 sha256 {self.input_sha256[:12]}")
        return (f"reproduce  revitalize {self.library_version} · parameters "
                f"{self.parameter_fingerprint} · reform {reform} · on {self.evaluated_on} · "
                f"input sha256 {self.input_sha256[:12]}")


_PROVENANCE_SETTERS: Final = slot_setters(Provenance)


class Decision(Protocol):
    """The decision an area derives from its findings (e.g. a monitoring decision).

    ``aspects`` names the parts of the decision that an impact diff compares
    (``{"in_range": True, "category": ..., "measures": frozenset(...)}``).
    """

    def aspects(self) -> Mapping[str, object]:
        """The comparable parts of the decision."""
        ...

    def to_json(self) -> dict[str, Any]:
        """The decision as JSON."""
        ...

    def summary(self, lang: str) -> str:
        """One line saying what was decided."""
        ...


@attrs.frozen(eq=False, init=False)
class Assessment(Generic[D]):
    """The ordered findings for one subject on one date, and the decision from them."""

    subject_id: str
    on: dt.date
    findings: tuple[Finding, ...]
    decision: D
    notices: tuple[Notice, ...]
    provenance: Provenance

    def __init__(self, subject_id: str, on: dt.date, findings: tuple[Finding, ...], decision: D,
                 notices: tuple[Notice, ...], provenance: Provenance) -> None:
        set_subject, set_on, set_findings, set_decision, set_notices, set_provenance = (
            _ASSESSMENT_SETTERS)
        set_subject(self, subject_id)
        set_on(self, on)
        set_findings(self, findings)
        set_decision(self, decision)
        set_notices(self, notices)
        set_provenance(self, provenance)

    def finding(self, rule_id: str) -> Finding:
        """The first finding of ``rule_id``.

        A retired ID warns and names the new one. A catalog ID encoded by parts
        (``GUA-06``) raises, naming the parts; :meth:`findings_for` returns them.
        """
        for f in self.findings:
            if f.spec.id == rule_id:
                return f
        new = resolve(rule_id)
        for f in self.findings:
            if f.spec.id == new:
                return f
        raise UnknownNameError("finding", rule_id, {f.spec.id for f in self.findings})

    def findings_for(self, catalog_id: str) -> tuple[Finding, ...]:
        """Every finding of ``catalog_id`` and of its parts (``GUA-06`` gives the four
        ``GUA-06.*`` findings), in order; an ID with none raises with suggestions."""
        catalog_id = resolve(catalog_id)
        out = tuple(f for f in self.findings
                    if f.spec.id == catalog_id or catalog_id_of(f.spec.id) == catalog_id)
        if not out:
            raise UnknownNameError("finding", catalog_id, {f.spec.id for f in self.findings})
        return out

    @property
    def problems(self) -> tuple[Finding, ...]:
        """The findings whose status is ``problem``, in order."""
        return tuple(f for f in self.findings if f.status is Status.PROBLEM)

    def to_json(self) -> dict[str, Any]:
        """The assessment as JSON: decision, findings, notices, provenance."""
        return {
            "subject": self.subject_id,
            "on": self.on.isoformat(),
            "decision": self.decision.to_json(),
            "findings": [f.to_json() for f in self.findings],
            "notices": [{"code": n.code, "message_zh": n.message_zh,
                         "message_en": n.message_en} for n in self.notices],
            "provenance": self.provenance.to_json(),
        }

    def render(self, lang: str = "zh") -> str:
        """The assessment as text in ``lang``: decision, then the findings grouped by status
        (problems first) with their reasons, parameters and citations, then notices."""
        zh = lang == "zh"
        lines = [f"{self.subject_id}  {'评估日期' if zh else 'on'} {self.on.isoformat()}  "
                 f"{'结论' if zh else 'decision'}: {self.decision.summary(lang)}"]
        lines.extend(render_findings(self.findings, lang))
        if self.notices:
            lines.append("提示" if zh else "warnings")
            lines.extend(f"  - {n.message(lang)}" for n in self.notices)
        lines.append(self.provenance.render(lang))
        return "\n".join(lines)


_ASSESSMENT_SETTERS: Final = slot_setters(Assessment)
