"""Rural construction inputs (Ch8, Box 6): settlements, village facilities, health, toilets.

- :class:`Settlement`: a rural settlement with its resident households and
  residents, and whether it has a sewage treatment facility (BLD-01);
- :class:`VillageFacilities`: a village's households, service-facility area
  and clinics (BLD-02, BLD-05);
- :class:`TownHealthCentre` and :class:`VillageClinic`: staffing and the
  traditional-Chinese-medicine hall (BLD-03, BLD-05);
- :class:`ChronicDiseaseManagement`: the standardised-management counts of
  the four conditions and the serious-illness disease count (BLD-04);
- :class:`ToiletSite`: a site that needs a sanitary or a public toilet (BLD-06).

Counts are non-negative integers; None means "not assessed".
"""

from __future__ import annotations

from typing import Any

import attrs

from ..errors import InvalidInputError
from ._enums import LabelledEnum
from ._fields import (
    Identifier,
    Name,
    Quantity,
    enum_member,
    identifier,
    instance_of,
    int_between,
    name,
    optional,
    quantity,
    strict_bool,
    tuple_of,
    unique,
)

__all__ = [
    "ChronicCondition",
    "ChronicDiseaseManagement",
    "ConditionCount",
    "Settlement",
    "SiteType",
    "ToiletKind",
    "ToiletSite",
    "TownHealthCentre",
    "VillageClinic",
    "VillageFacilities",
]


def _count() -> Any:
    return attrs.field(default=None, validator=optional(int_between(0, None)))


def _optional_bool() -> Any:
    return attrs.field(default=None, validator=optional(strict_bool))


@attrs.frozen
class Settlement:
    """A rural settlement (农村聚居点): resident households and residents (BLD-01)."""

    id: Identifier = attrs.field(validator=identifier)
    name: Name = attrs.field(validator=name)
    #: Resident households (常住户数); None = not counted.
    resident_households: int | None = _count()
    #: Resident population (常住人口); None = not counted.
    residents: int | None = _count()
    #: Whether a sewage treatment facility serves the settlement.
    has_sewage_facility: bool | None = _optional_bool()


@attrs.frozen
class VillageClinic:
    """A village clinic (村卫生室) and its village doctors (BLD-03)."""

    id: Identifier = attrs.field(validator=identifier)
    village_doctors: int | None = _count()


@attrs.frozen
class VillageFacilities:
    """An administrative village's households, service-facility area and clinics.

    ``service_facility_area_m2`` is the floor area of the village's
    comprehensive service facilities (综合服务设施) in square metres (BLD-02);
    ``clinics`` is None when not surveyed (BLD-05).
    """

    village: Name = attrs.field(validator=name)
    town: Name = attrs.field(validator=name)
    households: int | None = _count()
    service_facility_area_m2: Quantity | None = attrs.field(
        default=None, validator=optional(quantity)
    )
    clinics: tuple[VillageClinic, ...] | None = attrs.field(
        default=None,
        validator=[optional(tuple_of(instance_of(VillageClinic))),
                   optional(unique(lambda c: c.id, "clinic id"))],
    )


@attrs.frozen
class TownHealthCentre:
    """A town health centre (镇卫生院): general practitioners and the TCM hall (BLD-03, 05)."""

    id: Identifier = attrs.field(validator=identifier)
    town: Name = attrs.field(validator=name)
    general_practitioners: int | None = _count()
    #: Whether the centre has a traditional-Chinese-medicine hall (中医馆).
    has_tcm_hall: bool | None = _optional_bool()


class ChronicCondition(LabelledEnum):
    """The four conditions of standardised management (BLD-04)."""

    HYPERTENSION = "hypertension", "高血压"
    DIABETES = "diabetes", "糖尿病"
    TUBERCULOSIS = "tuberculosis", "结核病"
    SEVERE_MENTAL_DISORDER = "severe_mental_disorder", "严重精神障碍"


def _managed_not_above_patients(inst: ConditionCount, attribute: attrs.Attribute[Any],
                                value: Any) -> None:
    if value is not None and inst.patients is not None and value > inst.patients:
        raise InvalidInputError.one(
            f"$.{attribute.name}",
            f"{value} managed patients but only {inst.patients} patients; expected at most "
            f"{inst.patients}",
        )


@attrs.frozen
class ConditionCount:
    """For one condition: patients in the denominator and those under standardised management.

    The denominator is the rural low-income people with a family-doctor
    contract (签约家庭医生的农村低收入人口) who have the condition.
    """

    condition: ChronicCondition = attrs.field(validator=enum_member(ChronicCondition))
    patients: int | None = _count()
    managed: int | None = attrs.field(
        default=None, validator=[optional(int_between(0, None)), _managed_not_above_patients]
    )


@attrs.frozen
class ChronicDiseaseManagement:
    """A year's chronic-condition management counts and the serious-illness disease count."""

    area: Name = attrs.field(validator=name)
    year: int = attrs.field(validator=int_between(2000, 2100))
    conditions: tuple[ConditionCount, ...] = attrs.field(
        default=(),
        validator=[tuple_of(instance_of(ConditionCount)),
                   unique(lambda c: c.condition, "condition")],
    )
    #: Diseases covered by serious-illness special treatment (大病专项救治病种).
    serious_illness_diseases: int | None = _count()

    def count(self, condition: ChronicCondition) -> ConditionCount | None:
        """The counts for ``condition``, or None when not reported."""
        for c in self.conditions:
            if c.condition is condition:
                return c
        return None


class SiteType(LabelledEnum):
    """Sites with a toilet requirement (BLD-06, Ch8 §4)."""

    NEW_RURAL_HOUSE = "new_rural_house", "农村新建住房"
    LARGE_VILLAGE = "large_village", "人口规模较大村庄"
    TOURIST_PUBLIC_AREA = "tourist_public_area", "游客聚集公共区域"
    RURAL_TOURISM_SITE = "rural_tourism_site", "主要乡村旅游点"
    A_GRADE_SCENIC_AREA = "a_grade_scenic_area", "主要A级旅游景区"
    #: Any other site: the plan sets no toilet requirement.
    OTHER = "other", "其他场所"


class ToiletKind(LabelledEnum):
    """The kind of toilet a site needs (BLD-06)."""

    SANITARY = "sanitary", "卫生厕所"
    PUBLIC = "public", "公共厕所"


@attrs.frozen
class ToiletSite:
    """A site and the toilets it has (None = not surveyed)."""

    id: Identifier = attrs.field(validator=identifier)
    site_type: SiteType = attrs.field(validator=enum_member(SiteType))
    has_sanitary_toilet: bool | None = _optional_bool()
    has_public_toilet: bool | None = _optional_bool()

    def has(self, kind: ToiletKind) -> bool | None:
        """Whether the site has a toilet of ``kind`` (None = not surveyed)."""
        return self.has_sanitary_toilet if kind is ToiletKind.SANITARY else self.has_public_toilet
