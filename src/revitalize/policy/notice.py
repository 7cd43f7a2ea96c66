"""MON-07: the village public-notice list for cases under appraisal (村级民主评议公示).

The procedure (local practice in county rules): after home verification the
village holds a democratic appraisal and posts a public notice for at least
``cases.notice_days`` days before the town reviews and the district approves.
A notice must not publish ID numbers, phone numbers, bank accounts or health
details (one county's rules, and a plain privacy duty).

The list is built from an explicit **allow-list**: each entry copies only the
case fields named in :data:`CASE_FIELDS` and derives the rest
(:data:`PUBLIC_FIELDS`) — it never copies an input object and deletes
fields, so a personal field added to a model later cannot leak into it. Risks
that would reveal a health detail (:data:`HEALTH_RISKS`: illness, disability,
medical costs) are not named; the entry says only that there is another
hardship whose details are not published (a documented choice).

Under appraisal are the cases at ``verified`` (proposed for inclusion) and
the cases at ``assisted`` that the caller proposes for risk elimination.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from ..citations import Citation
from ..models._enums import LabelledEnum
from ..models.household import Household
from ..models.monitoring import CaseStatus, MonitoringCase, MonitoringCategory, RiskType
from .engine import Rule
from .parameters import ParameterSet
from .tables import DecisionTable

__all__ = [
    "CASE_FIELDS",
    "CITATIONS",
    "HEALTH_RISKS",
    "PUBLIC_FIELDS",
    "RULES",
    "TABLES",
    "NoticeEntry",
    "Proposal",
    "VillageNotice",
    "village_notice",
]

_NOTICE = Citation("Ch5 §3", "制定严格、规范、透明的进入和退出标准、程序、核查办法")

#: Risks not named on a public notice: they would reveal a health detail.
HEALTH_RISKS: Final = frozenset(
    {RiskType.ILLNESS, RiskType.DISABILITY, RiskType.EXPENDITURE_MEDICAL}
)

#: The only case fields a notice entry copies.
CASE_FIELDS: Final = ("household_id", "category")
#: Every field of a notice entry (the allow-list of public output).
PUBLIC_FIELDS: Final = ("number", "household_id", "members", "category", "proposal", "risks",
                        "other_hardship")


class Proposal(LabelledEnum):
    """What the notice proposes for a household."""

    INCLUSION = "inclusion", "拟纳入监测对象"
    RISK_ELIMINATION = "risk_elimination", "拟标注风险消除"


@attrs.frozen
class NoticeEntry:
    """One line of a public notice: only the fields in :data:`PUBLIC_FIELDS`.

    ``members`` is the household size (None when the household is not given);
    ``other_hardship`` is True when a health-related risk is withheld.
    """

    number: int
    household_id: str
    members: int | None
    category: MonitoringCategory | None
    proposal: Proposal
    risks: tuple[RiskType, ...]
    other_hardship: bool

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON (labels in both languages)."""
        return {
            "number": self.number,
            "household_id": self.household_id,
            "members": self.members,
            "category": self.category.value if self.category else None,
            "category_zh": self.category.label_zh if self.category else None,
            "proposal": self.proposal.value,
            "proposal_zh": self.proposal.label_zh,
            "risks": [r.value for r in self.risks],
            "risks_zh": [r.label_zh for r in self.risks],
            "other_hardship": self.other_hardship,
        }

    def render(self, lang: str = "zh") -> str:
        """One line of text."""
        zh = lang == "zh"
        risks = [r.label(lang) for r in self.risks]
        if self.other_hardship:
            risks.append("其他困难（不公开细节）" if zh else "other hardship (details withheld)")
        none = "—"
        category = self.category.label(lang) if self.category else none
        members = str(self.members) if self.members is not None else none
        sep = "、" if zh else ", "
        return (f"{self.number}  {self.household_id}  {members}{'人' if zh else ' persons'}  "
                f"{category}  {self.proposal.label(lang)}  {sep.join(risks) or none}")


@attrs.frozen
class VillageNotice:
    """A village's public-notice list: the period and the entries."""

    town: str
    village: str
    posted_on: dt.date
    ends_on: dt.date
    days: int
    entries: tuple[NoticeEntry, ...]

    def to_json(self) -> dict[str, Any]:
        """The notice as JSON."""
        return {
            "town": self.town,
            "village": self.village,
            "posted_on": self.posted_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "days": self.days,
            "entries": [e.to_json() for e in self.entries],
            "citation": _NOTICE.to_json(),
        }

    def render(self, lang: str = "zh") -> str:
        """The notice as text to post."""
        zh = lang == "zh"
        if zh:
            head = [f"{self.town}{self.village} 防止返贫监测对象评议结果公示",
                    f"公示期：{self.posted_on.isoformat()} 至 {self.ends_on.isoformat()}"
                    f"（{self.days} 天）",
                    "序号  户编号  人数  类别  拟办事项  风险"]
            tail = ["如有异议，请在公示期内向村民委员会或镇人民政府反映。",
                    f"依据 {_NOTICE.render('zh')}"]
        else:
            head = [f"{self.town} {self.village}: public notice of the appraisal of monitoring "
                    "subjects",
                    f"notice period: {self.posted_on.isoformat()} to {self.ends_on.isoformat()} "
                    f"({self.days} days)",
                    "no.  household  size  category  proposal  risks"]
            tail = ["Objections may be raised with the village committee or the town government "
                    "during the notice period.", f"per {_NOTICE.render('en')}"]
        body = [e.render(lang) for e in self.entries] or ["（无）" if zh else "(none)"]
        return "\n".join([*head, *body, *tail])


def _entry(number: int, case: MonitoringCase, proposal: Proposal,
           household: Household | None) -> NoticeEntry:
    picked = {name: getattr(case, name) for name in CASE_FIELDS}
    shown = tuple(r for r in case.risks if r not in HEALTH_RISKS)
    return NoticeEntry(
        number=number,
        members=len(household.members) if household is not None else None,
        proposal=proposal,
        risks=shown,
        other_hardship=len(shown) < len(case.risks),
        **picked,
    )


def village_notice(
    cases: Iterable[MonitoringCase],
    village: str,
    posted_on: dt.date,
    params: ParameterSet,
    *,
    town: str | None = None,
    households: Mapping[str, Household] | None = None,
    proposed_elimination: Collection[str] = (),
) -> VillageNotice:
    """The public-notice list of ``village`` (in ``town``, when given) posted on ``posted_on``.

    Entries: the village's cases at ``verified`` (proposed for inclusion) and
    those at ``assisted`` whose id is in ``proposed_elimination``, ordered by
    household id. The period runs ``cases.notice_days`` days from
    ``posted_on``, both ends included. ``households`` (by id) gives the
    household sizes.
    """
    days = params.get("cases.notice_days", posted_on).value
    assert isinstance(days, int)
    chosen: list[tuple[MonitoringCase, Proposal]] = []
    seen_town = town
    for c in cases:
        if c.village != village or (town is not None and c.town != town):
            continue
        if c.status is CaseStatus.VERIFIED:
            chosen.append((c, Proposal.INCLUSION))
        elif c.status is CaseStatus.ASSISTED and c.id in proposed_elimination:
            chosen.append((c, Proposal.RISK_ELIMINATION))
        else:
            continue
        seen_town = seen_town or c.town
    chosen.sort(key=lambda cp: (cp[0].household_id, cp[0].id))
    entries = tuple(
        _entry(i, c, p, (households or {}).get(c.household_id))
        for i, (c, p) in enumerate(chosen, start=1)
    )
    return VillageNotice(seen_town or "", village, posted_on,
                         posted_on + relativedelta(days=days - 1), days, entries)


RULES: tuple[Rule[Any], ...] = ()
TABLES: tuple[DecisionTable[Any], ...] = ()
CITATIONS: tuple[tuple[str, Citation], ...] = (("MON-07", _NOTICE),)
