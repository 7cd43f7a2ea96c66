"""Every registered rule gives the status its input calls for: a problem-making input is a
``problem``, an ok-making input is ``ok``, and a classification is ``info``.

The inputs are the packaged scenario cases, named by what they are (their names say, in
the plan's words, what the case is: "收入低于监测线", "公益岗位先招了全劳动力，违反优先顺序"),
and, where the packaged set has no such case, a packaged case changed in one field, with
the reason in a comment. The expected status comes from that description, never from the
rule's declared polarity, so a polarity declared the wrong way round fails here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from revitalize.models import (
    AssetClass,
    AuditKind,
    ContractKind,
    EmploymentStatus,
    HousingGrade,
    LaborCapacity,
    NoCapacityReason,
    OwnerType,
    PolicyType,
    SafetyNetStatus,
    WaterQuality,
)
from revitalize.policy.engine import Polarity, Status
from revitalize.policy.parameters import default_parameters
from revitalize.policy.registry import default_registry
from revitalize.scenarios import ScenarioCase, packaged_scenarios

P, OK, INFO = Status.PROBLEM, Status.OK, Status.INFO


@attrs.frozen
class Example:
    """A packaged case (file stem, case name), optionally changed, and the status it calls for."""

    file: str
    case: str
    status: Status
    change: Callable[[Any], Any] | None = None
    on: dt.date | None = None
    reform: dict[str, object] = attrs.field(factory=dict)


def _ev(**changes: Any) -> Callable[[Any], Any]:
    return lambda subject: attrs.evolve(subject, **changes)


# --------------------------------------------------------------------------- changes

def _late_payment(p: Any) -> Any:
    """A subsidy payment for a period before the appointment: outside the time in post."""
    first = p.payments[0]
    early = attrs.evolve(first, period_start=p.appointed_on - dt.timedelta(days=31),
                         period_end=p.appointed_on - dt.timedelta(days=1),
                         paid_on=p.appointed_on - dt.timedelta(days=1))
    return attrs.evolve(p, payments=(early, *p.payments[1:]))


def _passed_over(project_or_workshop: Any) -> Any:
    """The round hires the lowest-priority candidate and passes over a priority one."""
    round_ = project_or_workshop.hiring
    priority = [w.id for w in round_.candidates if w.lifted or w.at_risk or w.low_income]
    others = [w.id for w in round_.candidates if w.id not in priority]
    assert priority and others, "the base case needs a priority and another candidate"
    return attrs.evolve(project_or_workshop,
                        hiring=attrs.evolve(round_, hired=(others[0],)))


def _at_risk_passed_over(workshop: Any) -> Any:
    """The candidate not hired is from an at-risk household: passed over for one who is not."""
    round_ = workshop.hiring
    waiting = [w for w in round_.candidates if w.id not in round_.hired]
    assert waiting and not any(w.at_risk for w in round_.candidates if w.id in round_.hired)
    candidates = tuple(attrs.evolve(w, at_risk=True) if w is waiting[0] else w
                       for w in round_.candidates)
    return attrs.evolve(workshop, hiring=attrs.evolve(round_, candidates=candidates))


def _all_transferred_and_trained(cohort: Any) -> Any:
    """Everyone able and willing is in transfer employment and trained."""
    from revitalize.models import TrainingRecord

    workers = tuple(attrs.evolve(w, employment_status=EmploymentStatus.TRANSFER_EMPLOYMENT)
                    for w in cohort.workers)
    trainings = tuple(TrainingRecord(worker_id=w.id, completed_on=dt.date(cohort.year, 3, 1))
                      for w in workers)
    return attrs.evolve(cohort, workers=workers, trainings=trainings)


def _asset_management(**changes: Any) -> Callable[[Any], Any]:
    return lambda a: attrs.evolve(a, management=attrs.evolve(a.management, **changes))


def _income(**changes: Any) -> Callable[[Any], Any]:
    def change(a: Any) -> Any:
        return attrs.evolve(a, income=tuple(attrs.evolve(i, **changes) for i in a.income))
    return change


def _disposal_outside_procedure(a: Any) -> Any:
    """The collective sold the shed without the regulated procedure."""
    from revitalize.models.assets import DisposalKind, DisposalRecord

    d = DisposalRecord(id="D-1", kind=DisposalKind.SALE, on=dt.date(2023, 1, 10),
                       clearance_done=True, procedure_followed=False)
    return attrs.evolve(a, disposals=(d,))


def _pledge_for_consumption(a: Any) -> Any:
    """The shed is pledged to finance consumption, not expanded production."""
    from revitalize.models.assets import PledgePurpose

    return attrs.evolve(a, pledges=tuple(attrs.evolve(p, purpose=PledgePurpose.CONSUMPTION)
                                         for p in a.pledges))


def _provident_off_focus(a: Any) -> Any:
    """The provident fund is spent on other things, not on upkeep or village welfare."""
    from revitalize.models.assets import ProvidentFundPurpose

    def off(r: Any) -> Any:
        return attrs.evolve(r, provident_fund_uses=tuple(
            attrs.evolve(u, purpose=ProvidentFundPurpose.OTHER) for u in r.provident_fund_uses))
    return attrs.evolve(a, income=tuple(off(r) for r in a.income))


def _lost_capacity_uncovered(file: Any) -> Any:
    """The household's member lost capacity (elderly) and has no safety net."""
    h = file.household
    m = attrs.evolve(h.members[0], labor_capacity=LaborCapacity.NONE,
                     no_capacity_reason=NoCapacityReason.ELDERLY,
                     employment_status=EmploymentStatus.NOT_EMPLOYED,
                     safety_net=SafetyNetStatus.NONE)
    return attrs.evolve(file, household=attrs.evolve(h, members=(m, *h.members[1:]),
                                                     social_assistance=()))


def _record(**changes: Any) -> Callable[[Any], Any]:
    return lambda clue: attrs.evolve(clue, record=attrs.evolve(clue.record, **changes))


def _short_training(records: Any) -> Any:
    """The party secretary trained one day less than the minimum (7 days in the base case)."""
    first, *rest = records.trainings
    return attrs.evolve(records, trainings=(attrs.evolve(first, days=first.days - 1), *rest))


def _not_up_to_standard(records: Any) -> Any:
    """No village meets the three-governance standard."""
    return attrs.evolve(records, three_governance=tuple(
        attrs.evolve(t, up_to_standard=False) for t in records.three_governance))


# --------------------------------------------------------------------------- the examples

H_LOW = ("monitoring", "人均纯收入低于监测线 0.01 元的脱贫户纳入监测，属脱贫不稳定户")
H_MANY = ("monitoring", "多重风险：住房 C 级、失学、未参保、饮水不达标、就业转失业，综合帮扶")
H_WATER_OK = ("guarantees", "未通自来水，实测往返恰 20 分钟、水平 1000 米、垂直 100 米：用水方便")
C_CLUE = ("cases", "线索已 15 天，核实到期")
C_LATE = ("cases", "线索超过 15 天未核实，已逾期")
C_VERIFIED = ("cases", "已核实待公示与审批")
C_INCLUDED = ("cases", "纳入后无帮扶措施，应扶尽扶")
C_ELIMINATE = ("cases", "帮扶中且风险已消除满观察期，应消尽消")
C_ON_TIME = ("cases", "核实后第 15 天纳入、纳入后第 30 天落实帮扶、无风险且帮扶恰满 6 个月："
                      "均未超时，应消尽消")
CLUE_MEDICAL = ("cases", "医疗自付超 1 万元的部门数据发出预警线索并分派到镇村")
A_SHED = ("assets", "鱼子村食用菌大棚")
A_ROAD = ("assets", "鱼子村村组公路")
G_QUOTAS = ("governance",
            "海孔村 2023 年各项配额恰好达到（走访1次、每半年联席会议1次、本土人才1名、后备力量2名、"
            "书记培训7天、每镇“三支一扶”岗位1个）")
G_STRUCTURE = ("governance", "联系与帮扶结构恰好符合“一对一/二对一”“1+N”和 8 个帮扶集团")
E_RANGER = ("employment", "护林员岗位补贴按月发放、签订协议并投保")
B_CENTRE = ("construction", "镇卫生院有全科医生和中医馆")


def ex(where: tuple[str, str], status: Status, change: Callable[[Any], Any] | None = None,
       **kw: Any) -> Example:
    return Example(where[0], where[1], status, change, **kw)


EXAMPLES: dict[str, tuple[Example, ...]] = {
    "MON-02": (ex(H_LOW, P), ex(H_WATER_OK, OK)),
    "MON-02.near_line": (ex(H_WATER_OK, INFO),),
    "MON-03": (ex(("monitoring", "从未建档户扣除医疗自付后人均纯收入低于监测线 0.01 元，"
                                 "属突发严重困难户"), P),
               ex(H_WATER_OK, OK)),
    "MON-03.income_fall": (ex(("monitoring", "收入较上年下降三成以上、降后人均低于监测线附近上限 "
                                             "0.01 元：突发严重困难户"), P),
                           ex(H_WATER_OK, OK)),
    "MON-04": (ex(H_WATER_OK, INFO),),
    "MON-05.unemployment": (ex(H_MANY, P), ex(H_WATER_OK, OK)),
    # assessed on a day before the case's last step: the dates are out of order
    "MON-07.date": (ex(C_CLUE, P, on=dt.date(2023, 2, 28)), ex(C_CLUE, OK)),
    "MON-07.verification": (ex(C_LATE, P), ex(C_CLUE, OK)),
    # the same verified case on the day after verification: the notice can still run in time
    "MON-07.notice_due": (ex(C_VERIFIED, P), ex(C_VERIFIED, OK, on=dt.date(2023, 3, 11))),
    "MON-07.notice": (ex(("cases", "公示期不足 5 天"), P), ex(("cases", "公示期满 5 天"), OK)),
    "MON-07.qualifies": (ex(C_VERIFIED, INFO), ex(C_ELIMINATE, INFO)),
    "MON-07.inclusion": (ex(C_VERIFIED, P), ex(C_INCLUDED, OK)),
    "MON-07.measure": (ex(C_CLUE, INFO), ex(C_ELIMINATE, INFO)),
    "MON-07.assistance": (ex(C_INCLUDED, P), ex(C_ON_TIME, OK)),
    "MON-07.exit": (ex(("cases", "风险消除当天的评估发现风险：不能退出"), P),
                    ex(("cases", "风险消除前一天的评估有风险：不影响退出"), OK)),
    # the day after verification the inclusion deadline has not passed: no 应纳尽纳 breach
    "MON-07.include_all": (ex(C_VERIFIED, P), ex(C_VERIFIED, OK, on=dt.date(2023, 3, 11))),
    "MON-07.assist_all": (ex(C_INCLUDED, P), ex(C_ON_TIME, OK)),
    "MON-07.eliminate_all": (ex(C_ELIMINATE, P), ex(C_INCLUDED, OK)),
    "MON-08": (ex(C_INCLUDED, P), ex(C_ELIMINATE, OK)),
    # last verified 2023-03-20, a quarterly cycle: overdue from 2023-06-21
    "MON-09": (ex(C_INCLUDED, P, on=dt.date(2023, 6, 21)), ex(C_INCLUDED, OK)),
    "AST-09": (ex(("cases", "留守儿童（重点对象，每月探访）上次探访在三个月前：已逾期"), P),
               ex(("cases", "空巢老人一个月未探访"), OK)),
    "AST-10": (ex(C_INCLUDED, P, _lost_capacity_uncovered), ex(C_INCLUDED, OK)),
    "MON-05": (ex(("cases", "村内新增风险户达 5%，区域性返贫风险预警"), P),
               ex(("cases", "村内新增风险户不足预警线"), OK)),
    # one fen below the 10,000-yuan threshold raises no clue
    "MON-10.amount": (ex(CLUE_MEDICAL, P),
                      ex(CLUE_MEDICAL, OK, _record(amount=Decimal("9999.99")))),
    "MON-10.event": (ex(("cases", "失业登记发出事件线索"), P),),
    "MON-10.housing": (ex(("cases", "房屋鉴定为 C 级发出住房线索"), P),
                       ex(("cases", "房屋鉴定为 C 级发出住房线索"), OK,
                          _record(housing_grade=HousingGrade.B))),
    "MON-10.water": (ex(("cases", "水质检测不合格发出饮水线索"), P),
                     ex(("cases", "水质检测不合格发出饮水线索"), OK,
                        _record(water_quality=WaterQuality.PASSED))),
    "AST-04": (ex(H_MANY, P), ex(H_WATER_OK, OK)),
    "AST-05": (ex(("monitoring", "无劳动能力、无法定赡养扶养人的单人户：特困人员救助供养"), P),
               ex(H_WATER_OK, OK)),
    "AST-06": (ex(H_MANY, P), ex(H_WATER_OK, OK)),
    "AST-08": (ex(H_WATER_OK, INFO),),
    "GUA-01": (ex(H_MANY, P), ex(H_WATER_OK, OK)),
    "GUA-02": (ex(("guarantees", "九年级最后一天（2023-06-30）辍学：失学"), P),
               ex(("guarantees", "九年级结束后次日（2023-07-01）不再上学：已完成义务教育"), OK)),
    "GUA-03": (ex(H_MANY, P), ex(H_WATER_OK, OK)),
    "GUA-05": (ex(("guarantees", "房屋鉴定为 C 级、尚未改造：住房不安全"), P), ex(H_WATER_OK, OK)),
    "GUA-06.quantity": (ex(H_MANY, P),
                        ex(("guarantees", "缺水镇（改革：丛林镇列为缺水地区）人均日用水恰 20 升："
                                          "水量达标"),
                           OK, reform={"guarantees.water_scarce_towns": ["丛林镇"]})),
    "GUA-06.quality": (ex(H_MANY, P), ex(H_WATER_OK, OK)),
    "GUA-06.access": (ex(H_MANY, P), ex(H_WATER_OK, OK)),
    "GUA-06.reliability": (ex(H_MANY, P), ex(H_WATER_OK, OK)),
    "GUA-10": (ex(("guarantees", "供水工程缺管护经费"), P),
               ex(("guarantees", "供水工程“四有”齐全"), OK)),
    "EMP-01": (ex(("employment", "就业转失业的脱贫劳动力获得就业服务"), P),
               ex(("employment", "就业转失业的脱贫劳动力获得就业服务"), OK,
                  _ev(employment_status=EmploymentStatus.EMPLOYED_LOCALLY))),
    "EMP-02": (ex(("employment", "公益岗位先招了全劳动力，违反优先顺序"), P),
               ex(("employment", "公益岗位优先安置弱劳动力"), OK)),
    "EMP-02.subsidy": (ex(E_RANGER, P, _late_payment), ex(E_RANGER, OK)),
    "EMP-03": (ex(("employment", "以工代赈项目投资超过上限，不宜采用"), P),
               ex(("employment", "以工代赈项目：劳务报酬按时足额发放"), OK)),
    "EMP-03.hiring": (ex(("employment", "以工代赈项目：劳务报酬按时足额发放"), P, _passed_over),
                      ex(("employment", "以工代赈项目：劳务报酬按时足额发放"), OK)),
    # a reform sets a floor of 30% (the packaged floor is 0): 20% of the funds is below it
    "EMP-03.remuneration": (
        ex(("employment", "以工代赈项目：劳务报酬按时足额发放"), P,
           reform={"employment.labor_remuneration_share_floor": "30"}),
        ex(("employment", "以工代赈项目：劳务报酬按时足额发放"), OK)),
    "EMP-04": (ex(("employment", "劳动力转移就业与培训覆盖"), P),
               ex(("employment", "劳动力转移就业与培训覆盖"), OK, _all_transferred_and_trained)),
    "EMP-05": (ex(("employment", "劳动力转移就业与培训覆盖"), P),
               ex(("employment", "劳动力转移就业与培训覆盖"), OK, _all_transferred_and_trained)),
    "EMP-06": (ex(("employment", "帮扶车间吸纳人数不足需整改"), P),
               ex(("employment", "帮扶车间吸纳就业达标"), OK)),
    "EMP-06.hiring": (ex(("employment", "帮扶车间吸纳就业达标"), P, _at_risk_passed_over),
                      ex(("employment", "帮扶车间吸纳就业达标"), OK)),
    "EMP-07": (ex(E_RANGER, P, _ev(contract=ContractKind.NONE)), ex(E_RANGER, OK)),
    "EMP-08": (ex(("employment", "以工代赈项目：劳务报酬按时足额发放"), INFO),
               ex(("employment", "以工代赈项目投资超过上限，不宜采用"), INFO)),
    "IND-01": (ex(("industry", "利润比约定分红少 0.01 元：照常按保底、固定分红结算"), INFO),),
    # the reading "the profit must cover the dividends", switched on by the case's reform
    "IND-01.profit": (ex(("industry", "按“利润须足以支付分红”的解读：利润少 0.01 元即有缺口"), P),
                      ex(("industry", "按“利润须足以支付分红”的解读：利润恰好足以支付"), OK)),
    "IND-02": (ex(("industry", "合作社与脱贫户建立利益联结"), P, _ev(lifted_households=0)),
               ex(("industry", "合作社与脱贫户建立利益联结"), OK)),
    "IND-03": (ex(("industry", "龙头企业带动脱贫人口 10 人、连续增收 2 年"), INFO),
               ex(("industry", "龙头企业带动不足 10 人"), INFO)),
    "IND-04": (ex(("industry", "黑山镇申报食用菌产业园：属乡村振兴重点帮扶镇，优先支持"), INFO),
               ex(("industry", "万东镇申报茶叶产业园：不属乡村振兴重点帮扶镇"), INFO)),
    "IND-05": (ex(("industry", "村集体经济组织制度健全"), P,
                  lambda s: attrs.evolve(s, institutions=s.institutions[:-1])),
               ex(("industry", "村集体经济组织制度健全"), OK)),
    "IND-06": (ex(("industry", "库存达到销量两倍，农产品滞销预警"), P),
               ex(("industry", "库存不足销量两倍、销量未大降"), OK)),
    # an operating shed declared public-welfare: the class contradicts the project kind
    "ASSET-01": (ex(A_SHED, P, _ev(asset_class=AssetClass.PUBLIC_WELFARE)), ex(A_SHED, OK)),
    "ASSET-02": (ex(A_SHED, INFO),),
    # a builder may not hold an operating asset
    "ASSET-03": (ex(A_SHED, P, lambda a: attrs.evolve(a, owner=attrs.evolve(
                     a.owner, type=OwnerType.BUILDER))), ex(A_SHED, OK)),
    "ASSET-04": (ex(A_SHED, P, _asset_management(operating_plan=False)), ex(A_SHED, OK)),
    "ASSET-05": (ex(A_SHED, P, _pledge_for_consumption), ex(A_SHED, OK)),
    "ASSET-06": (ex(A_SHED, P, _income(democratic_decision=False, covered_by_rules=False)),
                 ex(A_SHED, OK)),
    "ASSET-07": (ex(A_SHED, P, _provident_off_focus), ex(A_SHED, OK)),
    "ASSET-08": (ex(A_SHED, P, lambda a: attrs.evolve(a, beneficiary_changes=())),
                 ex(A_SHED, OK)),
    "ASSET-09": (ex(A_SHED, P, _disposal_outside_procedure), ex(A_SHED, OK)),
    "ASSET-10": (ex(A_SHED, P, _ev(specialised=True, audit=AuditKind.NONE)), ex(A_SHED, OK)),
    "ASSET-11": (ex(A_ROAD, P, lambda a: attrs.evolve(a, ledger=attrs.evolve(
                     a.ledger, ledger_class=AssetClass.OPERATING))), ex(A_ROAD, OK)),
    "PLACE-01": (ex(("places", "丛林镇的镇类别"), INFO),),
    "PLACE-02": (ex(("places", "黑山镇鱼子村的镇村类别与重点帮扶"), INFO),),
    "PLACE-03": (ex(("places", "黑山镇鱼子村的镇村类别与重点帮扶"), INFO),),
    "PLACE-04": (ex(("places", "丛林镇的镇类别"), INFO),),
    "PLACE-05": (ex(("places", "丛林镇的镇类别"), INFO),),
    "PLACE-06": (ex(("places", "黑山镇鱼子村的镇村类别与重点帮扶"), INFO),),
    "PLACE-07": (ex(("places", "黑山镇鱼子村的镇村类别与重点帮扶"), INFO),),
    "PLAN-01": (ex(("places", "规划文本前后不一致之处"), P),),
    "GOV-01": (ex(("governance", "联系两处的区领导只走访其中一处两次：按每个联系镇村计，"
                                 "未达标"), P),
               ex(G_QUOTAS, OK)),
    "GOV-02": (ex(G_STRUCTURE, P), ex(G_QUOTAS, OK)),
    "GOV-03": (ex(("governance", "只有村名单、没有任何记录的一年"), P), ex(G_QUOTAS, OK)),
    "GOV-04": (ex(("governance", "只有村名单、没有任何记录的一年"), P), ex(G_QUOTAS, OK)),
    "GOV-05": (ex(G_QUOTAS, P, _short_training), ex(G_QUOTAS, OK)),
    "GOV-06": (ex(("governance", "规划期末（2025 年）检查文明村镇创建"), P),
               ex(("governance", "2025 年底文明村恰 60%、文明乡镇恰 75%"), OK)),
    "GOV-07": (ex(G_QUOTAS, P, _not_up_to_standard), ex(G_QUOTAS, OK)),
    "GOV-08": (ex(("governance", "只有村名单、没有任何记录的一年"), P), ex(G_QUOTAS, OK)),
    "GOV-09": (ex(G_QUOTAS, P), ex(G_STRUCTURE, OK)),
    "GOV-10": (ex(("governance", "只有村名单、没有任何记录的一年"), P), ex(G_QUOTAS, OK)),
    # a village never lifted out of poverty is not protected: the withdrawal is not refused
    "TRN-01": (ex(("transition", "过渡期内不得摘帮扶"), P),
               ex(("transition", "过渡期内不得摘帮扶"), OK, _ev(lifted=False))),
    "TRN-02": (ex(("transition", "2025-12-31 仍在规划期内"), INFO),
               ex(("transition", "2026-01-01 已过规划期"), INFO)),
    "TRN-03": (ex(("transition", "兜底救助类政策继续执行"), OK),),
    # a development policy is to be optimised; continuing it unchanged is not the direction
    "TRN-04": (ex(("transition", "兜底救助类政策继续执行"), P,
                  _ev(policy_type=PolicyType.DEVELOPMENT)),
               ex(("transition", "兜底救助类政策继续执行"), OK)),
    "TRN-05": (ex(("transition", "规划期内仍用“财政专项扶贫资金”名称"), P),
               ex(("transition", "2021-01-01 起用“衔接推进乡村振兴补助资金”名称"), OK)),
    "BLD-01": (ex(("construction", "200 户聚居点应建污水处理设施，尚未建设：缺设施"), INFO),
               ex(("construction", "199 户、499 人聚居点不要求"), INFO)),
    "BLD-01.missing": (ex(("construction", "200 户聚居点应建污水处理设施，尚未建设：缺设施"), P),
                       ex(("construction", "200 户聚居点已建污水处理设施：不缺设施"), OK)),
    "BLD-02": (ex(("construction", "村级服务设施面积每百户 30 平方米"), P,
                  _ev(service_facility_area_m2=Decimal("29.99"))),
               ex(("construction", "村级服务设施面积每百户 30 平方米"), OK)),
    "BLD-02.share": (ex(("construction", "九成村达到服务设施面积"), P, lambda v: attrs.evolve(
                         v, villages=tuple(attrs.evolve(x, service_facility_area_m2=Decimal("1"))
                                           for x in v.villages))),
                     ex(("construction", "九成村达到服务设施面积"), OK)),
    "BLD-03": (ex(("construction", "镇卫生院有全科医生和中医馆"), P, _ev(general_practitioners=0)),
               ex(("construction", "镇卫生院有全科医生和中医馆"), OK)),
    "BLD-03.clinic": (ex(("construction", "村卫生室没有村医"), P),
                      ex(("construction", "村卫生室没有村医"), OK, _ev(village_doctors=1))),
    "BLD-04": (ex(("construction", "慢病规范管理率 90%"), P, lambda c: attrs.evolve(
                   c, conditions=tuple(attrs.evolve(x, managed=x.managed - 1)
                                       for x in c.conditions))),
               ex(("construction", "慢病规范管理率 90%"), OK)),
    "BLD-04.serious_illness": (ex(("construction", "慢病规范管理率 90%"), P, lambda c: attrs.evolve(
                                   c, serious_illness_diseases=c.serious_illness_diseases - 1)),
                               ex(("construction", "慢病规范管理率 90%"), OK)),
    "BLD-05": (ex(("construction", "村级服务设施面积每百户 30 平方米"), P, _ev(clinics=())),
               ex(("construction", "村级服务设施面积每百户 30 平方米"), OK)),
    "BLD-05.tcm_hall": (ex(B_CENTRE, P, _ev(has_tcm_hall=False)), ex(B_CENTRE, OK)),
    "BLD-06": (ex(("construction", "新建农房配套卫生厕所"), P, _ev(has_sanitary_toilet=False)),
               ex(("construction", "新建农房配套卫生厕所"), OK)),
}

#: Rules with no input of one of the two statuses, and why.
NO_INPUT: dict[str, str] = {
    "MON-10.event": "an event record (illness, unemployment ...) is always a clue: no ok input",
    "PLAN-01": "the plan's text is fixed and disagrees with itself: no ok input",
    "TRN-03": "a policy with a disposition is ok; without one the rule is undecided, never a "
              "problem",
}


_CASES: dict[tuple[str, str], ScenarioCase] = {
    (f.path.rsplit("/", 1)[-1].split(".")[0], c.name): c
    for f in packaged_scenarios() for c in f.cases}
_BASE = default_parameters()


def _status(rule_id: str, e: Example) -> Status:
    case = _CASES[(e.file, e.case)]
    params = case.parameters(_BASE)
    if e.reform:
        params = params.reform(e.reform, name="status test")
    subject = e.change(case.subject) if e.change else case.subject
    evaluation = case.adapter.evaluate(subject, params, e.on or case.on)
    return evaluation.rule_statuses()[rule_id]


@pytest.mark.parametrize(("rule_id", "example"), [
    pytest.param(r, e, id=f"{r}-{e.status.value}-{i}")
    for r, examples in EXAMPLES.items() for i, e in enumerate(examples)])
def test_the_input_gives_the_status_it_calls_for(rule_id: str, example: Example) -> None:
    """A problem-making input is a problem, an ok-making one ok, a classification info."""
    assert _status(rule_id, example) is example.status


def test_every_registered_rule_has_its_examples() -> None:
    """Every registered rule has a problem and an ok example (info for a classification),
    or says why there is none."""
    missing = []
    for rule in default_registry():
        have = {e.status for e in EXAMPLES.get(rule.id, ())}
        need = {INFO} if rule.spec.polarity is Polarity.INFO else {P, OK}
        if not need <= have and rule.id not in NO_INPUT:
            missing.append((rule.id, sorted(s.value for s in need - have)))
        if rule.id in NO_INPUT:
            assert have and not need <= have, f"{rule.id}: NO_INPUT but has every example"
    assert missing == []
    assert set(EXAMPLES) <= {r.id for r in default_registry()}


def test_statuses_are_the_polarity_applied_to_the_outcome() -> None:
    """A YES_IS_PROBLEM rule's yes is a problem and its no ok, the other way round for
    YES_IS_OK; insufficient data is undecided whatever the polarity."""
    from revitalize.policy.engine import Outcome

    for rule in default_registry():
        spec = rule.spec
        yes = spec.finding(Outcome.YES).status
        no = spec.finding(Outcome.NO).status
        assert spec.insufficient("x").status is Status.UNDECIDED
        assert spec.finding(Outcome.NOT_APPLICABLE).status is Status.NOT_APPLICABLE
        assert (yes, no) == {Polarity.YES_IS_PROBLEM: (P, OK), Polarity.YES_IS_OK: (OK, P),
                             Polarity.INFO: (INFO, INFO)}[spec.polarity]
