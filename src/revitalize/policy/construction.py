"""BLD-01..06: rural construction thresholds (Ch8, Box 6).

A catalog entry with more than one statement has one rule per statement;
the first keeps the catalog ID and the others are its parts, ``ID.part`` (``BLD-02.share``):

- BLD-01 :func:`sewage_required`: a settlement with at least
  ``construction.sewage_min_households`` resident households OR at least
  ``construction.sewage_min_residents`` residents needs a sewage facility
  (information); BLD-01.missing :func:`sewage_missing`: such a settlement
  without one is a problem (a gap against the plan's target);
- BLD-02 :func:`service_area`: a village's service-facility area per 100
  households is at least ``construction.service_area_per_100_households``;
  BLD-02.share :func:`service_area_share`: the share of villages that meet it
  reaches ``construction.service_area_village_share``;
- BLD-03 :func:`centre_staffing` (a general practitioner per town health
  centre) and BLD-03.clinic :func:`clinic_staffing` (a village doctor per clinic);
- BLD-04 :func:`chronic_management` (the standardised-management rate of
  the four conditions; denominator: contracted rural low-income patients)
  and BLD-04.serious_illness :func:`serious_illness_coverage` (at least 33 diseases);
- BLD-05 :func:`village_clinics` (一村一室) and BLD-05.tcm_hall :func:`tcm_hall`;
- BLD-06 :func:`toilet_requirement` with the :data:`TOILET_REQUIREMENTS`
  table (site type → toilet kind).

Comparisons are exact (cross-multiplied, no rounded quotient); rates in the
reasons are shown to two places.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..citations import Citation
from ..models._enums import LabelledEnum
from ..models.construction import (
    ChronicCondition,
    ChronicDiseaseManagement,
    Settlement,
    SiteType,
    ToiletKind,
    ToiletSite,
    TownHealthCentre,
    VillageClinic,
    VillageFacilities,
)
from ..money import CONTEXT, percent_of
from .engine import Finding, Outcome, Polarity, Reason, Rule, RuleSpec
from .parameters import ParameterSet, ParameterValue
from .tables import Column, DecisionTable, HitPolicy, Row, one_of

__all__ = [
    "CENTRE_STAFFING",
    "CHRONIC_MANAGEMENT",
    "CITATIONS",
    "CLINIC_STAFFING",
    "RULES",
    "SERIOUS_ILLNESS",
    "SERVICE_AREA",
    "SERVICE_AREA_SHARE",
    "SEWAGE",
    "SEWAGE_MISSING",
    "TABLES",
    "TCM_HALL",
    "TOILET",
    "TOILET_REQUIREMENTS",
    "VILLAGE_CLINICS",
    "RateBasis",
    "centre_staffing",
    "chronic_management",
    "clinic_staffing",
    "serious_illness_coverage",
    "service_area",
    "service_area_share",
    "sewage_missing",
    "sewage_required",
    "tcm_hall",
    "toilet_requirement",
    "village_clinics",
]

_HUNDRED = Decimal(100)




# --------------------------------------------------------------------------- BLD-01 sewage

SEWAGE = RuleSpec(
    polarity=Polarity.INFO,
    id="BLD-01",
    reads=("has_sewage_facility", "id", "name", "resident_households", "residents"),
    title_zh="农村聚居点须建设污水处理设施",
    title_en="The rural settlement needs a sewage treatment facility",
    citations=(Citation("Ch8 §4", "基本完成常住人口200户或500人以上的农村聚居点污水处理设施建设"),),
    parameters=("construction.sewage_min_households", "construction.sewage_min_residents"),
    reasons={
        Outcome.YES: Reason(
            "聚居点“{settlement}”常住 {households} 户、{residents} 人，达到 {min_households} 户"
            "或 {min_residents} 人，须建设污水处理设施（已有设施：{has_facility}）",
            "settlement {settlement} has {households} resident households and {residents} "
            "residents, at least {min_households} households or {min_residents} residents: it "
            "needs a sewage treatment facility (has one: {has_facility})"),
        Outcome.NO: Reason(
            "聚居点“{settlement}”常住 {households} 户、{residents} 人，均未达到 {min_households} "
            "户或 {min_residents} 人",
            "settlement {settlement} has {households} resident households and {residents} "
            "residents, below both {min_households} households and {min_residents} residents"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估；已知常住 {households} 户、{residents} 人，均未达到 "
            "{min_households} 户或 {min_residents} 人",
            "insufficient data: {missing} not assessed; known {households} households and "
            "{residents} residents are below {min_households} households and "
            "{min_residents} residents"),
    },
)


def sewage_required(s: Settlement, params: ParameterSet, on: dt.date) -> Finding:
    """BLD-01: YES when households ≥ the household threshold OR residents ≥ the resident one."""
    min_h = params.get("construction.sewage_min_households", on)
    min_p = params.get("construction.sewage_min_residents", on)
    h, p = s.resident_households, s.residents
    values = {"settlement": s.name, "households": h, "residents": p,
              "min_households": min_h.value, "min_residents": min_p.value,
              "has_facility": s.has_sewage_facility}
    used = (min_h, min_p)
    meets = ((h is not None and h >= params.integer(min_h.name, on))
             or (p is not None and p >= params.integer(min_p.name, on)))
    if meets:
        return SEWAGE.finding(Outcome.YES, values, used, subject=s.id)
    missing = tuple(n for n, v in (("resident_households", h), ("residents", p)) if v is None)
    if missing:
        return SEWAGE.finding(Outcome.INSUFFICIENT_DATA, values, used, missing, subject=s.id)
    return SEWAGE.finding(Outcome.NO, values, used, subject=s.id)


class _SewageState(LabelledEnum):
    """Why BLD-01.missing is no: the settlement needs no facility, or has one."""

    NOT_REQUIRED = ("below both thresholds: no facility is required",
                    "均未达到标准，不要求建设污水处理设施")
    HAS_FACILITY = "required, and a facility serves it", "须建设，已有污水处理设施"


SEWAGE_MISSING = RuleSpec(
    polarity=Polarity.YES_IS_PROBLEM,
    id="BLD-01.missing",
    reads=("has_sewage_facility", "id", "name", "resident_households", "residents"),
    title_zh="须建污水处理设施的农村聚居点尚无设施",
    title_en="A settlement that needs a sewage treatment facility has none",
    citations=SEWAGE.citations,
    parameters=SEWAGE.parameters,
    reasons={
        Outcome.YES: Reason(
            "聚居点“{settlement}”常住 {households} 户、{residents} 人，达到 {min_households} 户"
            "或 {min_residents} 人，须建设污水处理设施，但尚无设施",
            "settlement {settlement} has {households} resident households and {residents} "
            "residents, at least {min_households} households or {min_residents} residents: it "
            "needs a sewage treatment facility and has none"),
        Outcome.NO: Reason(
            "聚居点“{settlement}”常住 {households} 户、{residents} 人（标准 {min_households} 户"
            "或 {min_residents} 人）：{state}",
            "settlement {settlement} has {households} resident households and {residents} "
            "residents (thresholds {min_households} households or {min_residents} "
            "residents): {state}"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估，无法判断聚居点“{settlement}”是否缺少须建的污水处理设施",
            "insufficient data: {missing} not assessed; cannot tell whether settlement "
            "{settlement} lacks a sewage treatment facility it needs"),
    },
)


def sewage_missing(s: Settlement, params: ParameterSet, on: dt.date) -> Finding:
    """BLD-01.missing: YES when BLD-01 requires a sewage facility and the settlement has none
    (``has_sewage_facility`` false); no when none is required or one serves it."""
    required = sewage_required(s, params, on)
    values = dict(required.values)
    if required.outcome is Outcome.INSUFFICIENT_DATA:
        return SEWAGE_MISSING.finding(Outcome.INSUFFICIENT_DATA, values, required.used,
                                      required.missing, subject=s.id)
    if required.outcome is Outcome.NO:
        values["state"] = _SewageState.NOT_REQUIRED
        return SEWAGE_MISSING.finding(Outcome.NO, values, required.used, subject=s.id)
    if s.has_sewage_facility is None:
        return SEWAGE_MISSING.finding(Outcome.INSUFFICIENT_DATA, values, required.used,
                                      ("has_sewage_facility",), subject=s.id)
    if s.has_sewage_facility:
        values["state"] = _SewageState.HAS_FACILITY
        return SEWAGE_MISSING.finding(Outcome.NO, values, required.used, subject=s.id)
    return SEWAGE_MISSING.finding(Outcome.YES, values, required.used, subject=s.id)


# --------------------------------------------------------------------------- BLD-02 area

_SERVICE_AREA_CITE = Citation(
    "Box 6", "到2025年，90%的行政村每百户居民拥有综合服务设施面积不低于30平方米")

SERVICE_AREA = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="BLD-02",
    reads=("households", "service_facility_area_m2", "village"),
    title_zh="行政村每百户居民拥有综合服务设施面积达标",
    title_en="The village's service-facility area per 100 households meets the standard",
    citations=(_SERVICE_AREA_CITE,),
    parameters=("construction.service_area_per_100_households",),
    reasons={
        Outcome.YES: Reason(
            "“{village}”每百户综合服务设施面积 {per_100:2} 平方米（{area} 平方米 ÷ {households} 户"
            " × 100），不低于 {minimum} 平方米",
            "{village}: {per_100:2} m² of service facilities per 100 households ({area} m² ÷ "
            "{households} households × 100), not below {minimum} m²"),
        Outcome.NO: Reason(
            "“{village}”每百户综合服务设施面积 {per_100:2} 平方米（{area} 平方米 ÷ {households} 户"
            " × 100），低于 {minimum} 平方米",
            "{village}: {per_100:2} m² of service facilities per 100 households ({area} m² ÷ "
            "{households} households × 100), below {minimum} m²"),
        Outcome.NOT_APPLICABLE: Reason("“{village}”没有居民户", "{village} has no households"),
    },
)


def service_area(v: VillageFacilities, params: ParameterSet, on: dt.date) -> Finding:
    """BLD-02: YES when area × 100 ≥ the per-100-household minimum × households."""
    minimum = params.get("construction.service_area_per_100_households", on)
    values: dict[str, object] = {"village": v.village, "households": v.households,
                                 "area": v.service_facility_area_m2, "minimum": minimum.value}
    missing = tuple(n for n, x in (("households", v.households),
                                   ("service_facility_area_m2", v.service_facility_area_m2))
                    if x is None)
    if missing:
        return SERVICE_AREA.finding(Outcome.INSUFFICIENT_DATA, values, (minimum,), missing,
                                    subject=v.village)
    assert v.households is not None and v.service_facility_area_m2 is not None
    if v.households == 0:
        return SERVICE_AREA.finding(Outcome.NOT_APPLICABLE, values, (minimum,),
                                    subject=v.village)
    households = Decimal(v.households)
    values["per_100"] = percent_of(v.service_facility_area_m2, households)
    ok = (CONTEXT.multiply(v.service_facility_area_m2, _HUNDRED)
          >= CONTEXT.multiply(params.decimal(minimum.name, on), households))
    return SERVICE_AREA.finding(Outcome.YES if ok else Outcome.NO, values, (minimum,),
                                subject=v.village)


SERVICE_AREA_SHARE = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="BLD-02.share",
    reads=("[].households", "[].service_facility_area_m2", "[].village"),
    title_zh="综合服务设施面积达标的行政村比例达到目标",
    title_en="The share of villages meeting the service-facility area reaches the target",
    citations=(_SERVICE_AREA_CITE,),
    parameters=("construction.service_area_per_100_households",
                "construction.service_area_village_share", "construction.service_area_target_by"),
    reasons={
        Outcome.YES: Reason(
            "达标行政村 {meeting}/{villages} 个（{share:2}%），不低于目标 {target}%（期限 {by}）",
            "{meeting} of {villages} villages meet the area ({share:2}%), not below the "
            "target {target}% (due {by})"),
        Outcome.NO: Reason(
            "达标行政村 {meeting}/{villages} 个（{share:2}%），低于目标 {target}%（期限 {by}）；"
            "另有 {unassessed} 个未评估",
            "{meeting} of {villages} villages meet the area ({share:2}%), below the target "
            "{target}% (due {by}); {unassessed} more not assessed"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{unassessed} 个行政村未评估（{missing}）；已达标 {meeting}/{villages} 个，"
            "目标 {target}%",
            "insufficient data: {unassessed} villages not assessed ({missing}); {meeting} of "
            "{villages} meet the area, target {target}%"),
        Outcome.NOT_APPLICABLE: Reason("没有有居民户的行政村", "no village with households"),
    },
)


def service_area_share(villages: Sequence[VillageFacilities], params: ParameterSet,
                       on: dt.date) -> Finding:
    """BLD-02.share: YES when the share of villages meeting BLD-02 reaches the target.

    Villages without households are left out. Unassessed villages decide the
    outcome only if they could: YES when the target is met even if none of
    them meets the area, NO when it is missed even if all of them do, else
    INSUFFICIENT_DATA naming them.
    """
    target = params.get("construction.service_area_village_share", on)
    by = params.get("construction.service_area_target_by", on)
    findings = [service_area(v, params, on) for v in villages]
    counted = [f for f in findings if f.outcome is not Outcome.NOT_APPLICABLE]
    meeting = sum(1 for f in counted if f.outcome is Outcome.YES)
    unassessed = tuple(f.subject for f in counted if f.outcome is Outcome.INSUFFICIENT_DATA)
    total = len(counted)
    used = (*findings[0].used, target, by) if findings else (target, by)
    values: dict[str, object] = {"meeting": meeting, "villages": total,
                                 "unassessed": len(unassessed), "target": target.value,
                                 "by": by.value}
    if total == 0:
        return SERVICE_AREA_SHARE.finding(Outcome.NOT_APPLICABLE, values, used)
    t = params.decimal(target.name, on)
    values["share"] = percent_of(Decimal(meeting), Decimal(total))

    def reaches(n: int) -> bool:
        return CONTEXT.multiply(Decimal(n), _HUNDRED) >= CONTEXT.multiply(t, Decimal(total))

    if reaches(meeting):
        return SERVICE_AREA_SHARE.finding(Outcome.YES, values, used)
    if not reaches(meeting + len(unassessed)):
        return SERVICE_AREA_SHARE.finding(Outcome.NO, values, used)
    return SERVICE_AREA_SHARE.finding(Outcome.INSUFFICIENT_DATA, values, used,
                                      tuple(f"villages[{n}]" for n in unassessed))


# --------------------------------------------------------------------------- BLD-03 staffing

_STAFFING_CITE = Citation("Box 6", "每个镇卫生院配备1名全科医生，每个村卫生室配备1名乡村医生")

CENTRE_STAFFING = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="BLD-03",
    reads=("general_practitioners", "id", "town"),
    title_zh="镇卫生院配备全科医生",
    title_en="The town health centre has a general practitioner",
    citations=(_STAFFING_CITE,),
    parameters=("construction.gps_per_town_health_centre",),
    reasons={
        Outcome.YES: Reason("{town}卫生院配备全科医生 {count} 名，不少于 {minimum} 名",
                            "the {town} health centre has {count} general practitioners, at "
                            "least {minimum}"),
        Outcome.NO: Reason("{town}卫生院配备全科医生 {count} 名，少于 {minimum} 名",
                           "the {town} health centre has {count} general practitioners, fewer "
                           "than {minimum}"),
    },
)


def centre_staffing(c: TownHealthCentre, params: ParameterSet, on: dt.date) -> Finding:
    """BLD-03: YES when the town health centre has at least the required GPs."""
    minimum = params.get("construction.gps_per_town_health_centre", on)
    return _staffed(CENTRE_STAFFING, c.id, c.general_practitioners, "general_practitioners",
                    minimum, {"town": c.town})


def _staffed(spec: RuleSpec, subject: str, count: int | None, field: str,
             minimum: ParameterValue, values: dict[str, object]) -> Finding:
    """YES when ``count`` reaches the ``minimum`` parameter; unknown count: insufficient data."""
    assert isinstance(minimum.value, int)
    values = {**values, "count": count, "minimum": minimum.value}
    if count is None:
        return spec.finding(Outcome.INSUFFICIENT_DATA, values, (minimum,), (field,),
                            subject=subject)
    ok = count >= minimum.value
    return spec.finding(Outcome.YES if ok else Outcome.NO, values, (minimum,), subject=subject)


CLINIC_STAFFING = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="BLD-03.clinic",
    reads=("id", "village_doctors"),
    title_zh="村卫生室配备乡村医生",
    title_en="The village clinic has a village doctor",
    citations=(_STAFFING_CITE,),
    parameters=("construction.doctors_per_village_clinic",),
    reasons={
        Outcome.YES: Reason("村卫生室 {clinic} 配备乡村医生 {count} 名，不少于 {minimum} 名",
                            "village clinic {clinic} has {count} village doctors, at least "
                            "{minimum}"),
        Outcome.NO: Reason("村卫生室 {clinic} 配备乡村医生 {count} 名，少于 {minimum} 名",
                           "village clinic {clinic} has {count} village doctors, fewer than "
                           "{minimum}"),
    },
)


def clinic_staffing(c: VillageClinic, params: ParameterSet, on: dt.date) -> Finding:
    """BLD-03.clinic: YES when the village clinic has at least the required village doctors."""
    minimum = params.get("construction.doctors_per_village_clinic", on)
    return _staffed(CLINIC_STAFFING, c.id, c.village_doctors, "village_doctors", minimum,
                    {"clinic": c.id})


# --------------------------------------------------------------------------- BLD-04 chronic


class RateBasis(LabelledEnum):
    """How the management rate of the four conditions is read (a parameter)."""

    EACH_CONDITION = "each_condition", "每类病分别计算"
    POOLED = "pooled", "四类合计"


_CHRONIC_CITE = Citation(
    "Ch8 §3",
    "签约家庭医生的农村低收入人口高血压、糖尿病、结核病和严重精神障碍的规范管理率达到90%，"
    "大病专项救治病种达到33种以上")

CHRONIC_MANAGEMENT = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="BLD-04",
    reads=("area", "conditions[].condition", "conditions[].managed", "conditions[].patients"),
    title_zh="签约家庭医生的农村低收入人口慢病规范管理率达标",
    title_en="The standardised-management rate of contracted rural low-income patients meets "
             "the target",
    citations=(_CHRONIC_CITE,),
    parameters=("construction.chronic_management_rate", "construction.chronic_rate_basis"),
    reasons={
        Outcome.YES: Reason(
            "规范管理率 {rate:2}%（{basis}，{rate_of}：{managed}/{patients} 人），不低于 "
            "{minimum}%",
            "standardised-management rate {rate:2}% ({basis}, {rate_of}: {managed} of "
            "{patients} patients), not below {minimum}%"),
        Outcome.NO: Reason(
            "规范管理率 {rate:2}%（{basis}，{rate_of}：{managed}/{patients} 人），低于 "
            "{minimum}%；未达标：{failing}",
            "standardised-management rate {rate:2}% ({basis}, {rate_of}: {managed} of "
            "{patients} patients), below {minimum}%; below target: {failing}"),
        Outcome.NOT_APPLICABLE: Reason("四类慢病均无签约患者",
                                       "no contracted patient with any of the four conditions"),
    },
)


def chronic_management(m: ChronicDiseaseManagement, params: ParameterSet,
                       on: dt.date) -> Finding:
    """BLD-04: YES when the management rate reaches the minimum (per condition, or pooled).

    The denominator of each rate is the rural low-income people with a
    family-doctor contract who have the condition; a condition with no such
    patient has no rate.
    """
    minimum = params.get("construction.chronic_management_rate", on)
    basis_v = params.get("construction.chronic_rate_basis", on)
    basis = RateBasis.parse(params.choice(basis_v.name, on))
    used = (minimum, basis_v)
    t = params.decimal(minimum.name, on)
    missing: list[str] = []
    counts: list[tuple[ChronicCondition, int, int]] = []
    for cond in ChronicCondition:
        c = m.count(cond)
        if c is None or c.patients is None or c.managed is None:
            missing.append(f"conditions[{cond.value}]")
        elif c.patients > 0:
            counts.append((cond, c.managed, c.patients))

    def below(managed: int, patients: int) -> bool:
        return CONTEXT.multiply(Decimal(managed), _HUNDRED) < CONTEXT.multiply(
            t, Decimal(patients))

    failing = tuple(cond for cond, mg, pt in counts if below(mg, pt))
    values: dict[str, object] = {"basis": basis, "minimum": minimum.value, "failing": failing}
    if basis is RateBasis.POOLED:
        if missing:
            return CHRONIC_MANAGEMENT.finding(Outcome.INSUFFICIENT_DATA, values, used,
                                              tuple(missing), subject=m.area)
        managed = sum(mg for _, mg, _ in counts)
        patients = sum(pt for _, _, pt in counts)
        values.update(rate_of=basis, managed=managed, patients=patients)
        if patients == 0:
            return CHRONIC_MANAGEMENT.finding(Outcome.NOT_APPLICABLE, values, used,
                                              subject=m.area)
        values["rate"] = percent_of(Decimal(managed), Decimal(patients))
        outcome = Outcome.NO if below(managed, patients) else Outcome.YES
        return CHRONIC_MANAGEMENT.finding(outcome, values, used, subject=m.area)
    if counts:
        lowest = min(counts, key=lambda x: percent_of(Decimal(x[1]), Decimal(x[2])))
        values.update(rate_of=lowest[0], managed=lowest[1], patients=lowest[2],
                      rate=percent_of(Decimal(lowest[1]), Decimal(lowest[2])))
    if failing:
        return CHRONIC_MANAGEMENT.finding(Outcome.NO, values, used, tuple(missing),
                                          subject=m.area)
    if missing:
        return CHRONIC_MANAGEMENT.finding(Outcome.INSUFFICIENT_DATA, values, used,
                                          tuple(missing), subject=m.area)
    if not counts:
        return CHRONIC_MANAGEMENT.finding(Outcome.NOT_APPLICABLE, values, used, subject=m.area)
    return CHRONIC_MANAGEMENT.finding(Outcome.YES, values, used, subject=m.area)


SERIOUS_ILLNESS = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="BLD-04.serious_illness",
    reads=("area", "serious_illness_diseases"),
    title_zh="大病专项救治病种数达标",
    title_en="Serious-illness special treatment covers enough diseases",
    citations=(_CHRONIC_CITE,),
    parameters=("construction.serious_illness_diseases",),
    reasons={
        Outcome.YES: Reason("大病专项救治病种 {count} 种，不少于 {minimum} 种",
                            "serious-illness special treatment covers {count} diseases, at "
                            "least {minimum}"),
        Outcome.NO: Reason("大病专项救治病种 {count} 种，少于 {minimum} 种",
                           "serious-illness special treatment covers {count} diseases, fewer "
                           "than {minimum}"),
    },
)


def serious_illness_coverage(m: ChronicDiseaseManagement, params: ParameterSet,
                             on: dt.date) -> Finding:
    """BLD-04.serious_illness: YES when at least the required number of diseases are covered."""
    minimum = params.get("construction.serious_illness_diseases", on)
    values = {"count": m.serious_illness_diseases, "minimum": minimum.value}
    if m.serious_illness_diseases is None:
        return SERIOUS_ILLNESS.finding(Outcome.INSUFFICIENT_DATA, values, (minimum,),
                                       ("serious_illness_diseases",), subject=m.area)
    ok = m.serious_illness_diseases >= params.integer(minimum.name, on)
    return SERIOUS_ILLNESS.finding(Outcome.YES if ok else Outcome.NO, values, (minimum,),
                                   subject=m.area)


# --------------------------------------------------------------------------- BLD-05 clinics, TCM

_CLINIC_TCM_CITE = Citation(
    "Ch8 §3, Box 6", "按照“一村一室”优化村卫生室设置 … 镇卫生院中医馆设置实现全覆盖")

VILLAGE_CLINICS = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="BLD-05",
    reads=("clinics", "village"),
    title_zh="一村一室：行政村设有村卫生室",
    title_en="One village, one clinic: the village has its clinic",
    citations=(_CLINIC_TCM_CITE,),
    parameters=("construction.clinics_per_village", "construction.clinic_count_exact"),
    reasons={
        Outcome.YES: Reason("“{village}”有村卫生室 {clinics} 个"
                            "（要求 {required} 个，恰好：{exact}）",
                            "{village} has {clinics} village clinics (required {required}, "
                            "exactly: {exact})"),
        Outcome.NO: Reason("“{village}”有村卫生室 {clinics} 个，不符合 {required} 个"
                           "（恰好：{exact}）",
                           "{village} has {clinics} village clinics, not the required "
                           "{required} (exactly: {exact})"),
    },
)


def village_clinics(v: VillageFacilities, params: ParameterSet, on: dt.date) -> Finding:
    """BLD-05: YES when the village has the required clinic (at least, or exactly, one)."""
    required = params.get("construction.clinics_per_village", on)
    exact = params.get("construction.clinic_count_exact", on)
    n = None if v.clinics is None else len(v.clinics)
    values = {"village": v.village, "clinics": n, "required": required.value,
              "exact": exact.value}
    if n is None:
        return VILLAGE_CLINICS.finding(Outcome.INSUFFICIENT_DATA, values, (required, exact),
                                       ("clinics",), subject=v.village)
    r = params.integer(required.name, on)
    ok = n == r if params.flag(exact.name, on) else n >= r
    return VILLAGE_CLINICS.finding(Outcome.YES if ok else Outcome.NO, values,
                                   (required, exact), subject=v.village)


TCM_HALL = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="BLD-05.tcm_hall",
    reads=("has_tcm_hall", "id", "town"),
    title_zh="镇卫生院设有中医馆",
    title_en="The town health centre has a traditional-Chinese-medicine hall",
    citations=(_CLINIC_TCM_CITE,),
    reasons={
        Outcome.YES: Reason("{town}卫生院设有中医馆", "the {town} health centre has a TCM hall"),
        Outcome.NO: Reason("{town}卫生院未设中医馆（要求全覆盖）",
                           "the {town} health centre has no TCM hall (full coverage required)"),
    },
)


def tcm_hall(c: TownHealthCentre, params: ParameterSet, on: dt.date) -> Finding:
    """BLD-05.tcm_hall: YES when the town health centre has a TCM hall."""
    values = {"town": c.town}
    if c.has_tcm_hall is None:
        return TCM_HALL.insufficient("has_tcm_hall", subject=c.id, values=values)
    return TCM_HALL.finding(Outcome.YES if c.has_tcm_hall else Outcome.NO, values,
                            subject=c.id)


# --------------------------------------------------------------------------- BLD-06 toilets

_TOILET_CITE = Citation(
    "Ch8 §4",
    "引导农村新建住房配套建设卫生厕所，推进人口规模较大村庄、游客聚集公共区域、主要乡村旅游点、"
    "主要A级旅游景区配套建设公共厕所")

_PUBLIC_TOILET_SITES = (SiteType.LARGE_VILLAGE, SiteType.TOURIST_PUBLIC_AREA,
                        SiteType.RURAL_TOURISM_SITE, SiteType.A_GRADE_SCENIC_AREA)

#: BLD-06: site type → the toilet it needs (None: no requirement); ``unique`` hit policy.
TOILET_REQUIREMENTS: DecisionTable[ToiletKind | None] = DecisionTable(
    id="BLD-06.toilets",
    title_zh="场所类型与厕所配套要求",
    title_en="Site type and the toilet it needs",
    hit_policy=HitPolicy.UNIQUE,
    columns=(Column.enum("site_type", SiteType),),
    rows=(
        Row("BLD-06/new_rural_house", {"site_type": one_of(SiteType.NEW_RURAL_HOUSE)},
            ToiletKind.SANITARY),
        Row("BLD-06/public", {"site_type": one_of(*_PUBLIC_TOILET_SITES)}, ToiletKind.PUBLIC),
        Row("BLD-06/other", {"site_type": one_of(SiteType.OTHER)}, None),
    ),
    citations=(_TOILET_CITE,),
)

TOILET = RuleSpec(
    polarity=Polarity.YES_IS_OK,
    id="BLD-06",
    reads=("has_sanitary_toilet", "id", "site_type"),
    tables=("BLD-06.toilets",),
    title_zh="场所配套建设所需厕所",
    title_en="The site has the toilet it needs",
    citations=(_TOILET_CITE,),
    reasons={
        Outcome.YES: Reason("{site_type}“{site}”已配套{toilet}", "{site_type} {site} has a "
                            "{toilet} toilet"),
        Outcome.NO: Reason("{site_type}“{site}”应配套建设{toilet}，尚未配套",
                           "{site_type} {site} needs a {toilet} toilet and has none"),
        Outcome.NOT_APPLICABLE: Reason("{site_type}“{site}”无厕所配套要求",
                                       "{site_type} {site}: no toilet requirement"),
        Outcome.INSUFFICIENT_DATA: Reason(
            "数据不足：{missing} 未评估；{site_type}“{site}”应配套{toilet}",
            "insufficient data: {missing} not assessed; {site_type} {site} needs a {toilet} "
            "toilet"),
    },
)


def toilet_requirement(site: ToiletSite, params: ParameterSet, on: dt.date) -> Finding:
    """BLD-06: YES when the site has the toilet its type needs (table TOILET_REQUIREMENTS)."""
    (needed,) = TOILET_REQUIREMENTS.evaluate({"site_type": site.site_type})
    values = {"site": site.id, "site_type": site.site_type, "toilet": needed}
    if needed is None:
        return TOILET.finding(Outcome.NOT_APPLICABLE, values, subject=site.id)
    has = site.has(needed)
    if has is None:
        return TOILET.finding(Outcome.INSUFFICIENT_DATA, values,
                              missing=(f"has_{needed.value}_toilet",), subject=site.id)
    return TOILET.finding(Outcome.YES if has else Outcome.NO, values, subject=site.id)


RULES: tuple[Rule[Any], ...] = (
    Rule(SEWAGE, sewage_required),
    Rule(SEWAGE_MISSING, sewage_missing),
    Rule(SERVICE_AREA, service_area),
    Rule(SERVICE_AREA_SHARE, service_area_share),
    Rule(CENTRE_STAFFING, centre_staffing),
    Rule(CLINIC_STAFFING, clinic_staffing),
    Rule(CHRONIC_MANAGEMENT, chronic_management),
    Rule(SERIOUS_ILLNESS, serious_illness_coverage),
    Rule(VILLAGE_CLINICS, village_clinics),
    Rule(TCM_HALL, tcm_hall),
    Rule(TOILET, toilet_requirement),
)
TABLES: tuple[DecisionTable[Any], ...] = (TOILET_REQUIREMENTS,)
CITATIONS: tuple[tuple[str, Citation], ...] = (
    ("BLD-05", Citation("Ch8 §3", "实现镇卫生院中医馆全覆盖")),
)
