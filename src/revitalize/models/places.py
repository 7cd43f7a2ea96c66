"""Towns, villages and the plan's lists of them: the place registry (PLACE-01..04, PLACE-06).

The registry is an immutable value. :func:`wansheng_registry` builds the
plan's own from the packaged ``revitalize/data/places.toml``; another
district builds its own from its own text with :func:`load_place_registry`
(the file format is documented at the top of the packaged file).

Every list the plan gives (a class of towns, a list of villages, Box 1's key
towns, the linkage pilot) is a :class:`PlaceList` with its citation. A town's
:class:`TownClass` comes from Ch11 §2's class lists (PLACE-01); Box 1's key
towns for resident work teams (PLACE-04) are a separate list and never change
a town's class. A village's classes are the union of the village lists it is
on (PLACE-02, PLACE-03).

>>> reg = wansheng_registry()
>>> reg.town("黑山镇").town_class.label_zh
'先行示范类'
>>> [t.name for t in reg.key_towns()]
['黑山镇', '青年镇', '丛林镇']
>>> sorted(c.value for c in reg.village("关坝镇", "凉风村").classes)
['key_support', 'lifted']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

import attrs

from ..citations import Citation
from ..errors import InvalidInputError, Problem, UnknownNameError
from ..reading import parse_toml
from ._enums import LabelledEnum
from ._fields import name, optional

__all__ = [
    "ListRole",
    "ListSource",
    "PlaceCount",
    "PlaceList",
    "PlaceRef",
    "PlaceRegistry",
    "Town",
    "TownClass",
    "Village",
    "VillageClass",
    "load_place_registry",
    "wansheng_registry",
]


class TownClass(LabelledEnum):
    """PLACE-01: the revitalization class of a town (Ch11 §2's 镇级分类)."""

    DEMONSTRATION = "demonstration", "先行示范类"
    KEY_SUPPORT = "key_support", "重点帮扶类"
    ACTIVE_ADVANCEMENT = "active_advancement", "积极推进类"


class VillageClass(LabelledEnum):
    """PLACE-02, PLACE-03: the lists a village can be on (a village can be on several)."""

    DEMONSTRATION = "demonstration", "乡村振兴示范村"
    KEY_SUPPORT = "key_support", "乡村振兴重点帮扶村"
    LIFTED = "lifted", "脱贫村"


class ListRole(LabelledEnum):
    """What a list of places means."""

    TOWN_CLASS = "town_class", "镇级分类"
    VILLAGE_CLASS = "village_class", "村级分类"
    KEY_TOWNS = "key_towns", "驻村行动重点帮扶镇"
    LINKAGE_PILOT = "linkage_pilot", "衔接试点村"


class ListSource(LabelledEnum):
    """The part of the plan a list comes from (the plan's lists disagree: PLAN-01)."""

    CH11 = "ch11", "第十一章第二节"
    BOX1 = "box1", "专栏1"
    CH3 = "ch3", "第三章"


@attrs.frozen
class PlaceRef:
    """A reference to a town (``village`` None) or to a village of a town, by Chinese name.

    >>> str(PlaceRef("丛林镇", "绿水村")), str(PlaceRef("丛林镇"))
    ('丛林镇绿水村', '丛林镇')
    """

    town: str = attrs.field(validator=name)
    village: str | None = attrs.field(default=None, validator=optional(name))

    @property
    def is_town(self) -> bool:
        """Whether the reference names a town rather than a village."""
        return self.village is None

    def __str__(self) -> str:
        return self.town + (self.village or "")


@attrs.frozen
class Town:
    """A town (镇) with its revitalization class (PLACE-01)."""

    id: str
    name: str
    name_en: str
    town_class: TownClass

    @property
    def ref(self) -> PlaceRef:
        """The town as a :class:`PlaceRef`."""
        return PlaceRef(self.name)

    def label(self, lang: str) -> str:
        """The name in ``lang``."""
        return self.name if lang == "zh" else self.name_en


@attrs.frozen
class Village:
    """A village (村) of a town, with the village lists it is on (PLACE-02, PLACE-03).

    ``classes`` are in :class:`VillageClass` order, without repeats.
    """

    id: str
    name: str
    name_en: str
    town: str
    classes: tuple[VillageClass, ...] = ()

    @property
    def ref(self) -> PlaceRef:
        """The village as a :class:`PlaceRef`."""
        return PlaceRef(self.town, self.name)

    @property
    def full_name(self) -> str:
        """The name as the plan writes it, town first (``丛林镇绿水村``)."""
        return self.town + self.name

    def label(self, lang: str) -> str:
        """The name in ``lang``."""
        return self.full_name if lang == "zh" else f"{self.name_en} ({self.town})"


@attrs.frozen
class PlaceList:
    """One list of places the plan gives, with its citation and catalog ID."""

    id: str
    catalog: str
    source: ListSource
    role: ListRole
    label_zh: str
    label_en: str
    members: tuple[PlaceRef, ...]
    citation: Citation
    town_class: TownClass | None = None
    village_class: VillageClass | None = None

    def label(self, lang: str) -> str:
        """The list's name in ``lang``."""
        return self.label_zh if lang == "zh" else self.label_en

    def __contains__(self, ref: object) -> bool:
        return ref in self.members


@attrs.frozen
class PlaceCount:
    """A number the plan states about its own places (``8个重点帮扶村``), with its citation."""

    id: str
    value: int
    citation: Citation


def _frozen_map(m: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(m))


@attrs.frozen
class PlaceRegistry:
    """The towns, villages and place lists of a district: an immutable value.

    Satisfies the place-registry protocol of model validation
    (:meth:`has_town`, :meth:`has_village`).
    """

    district: str
    district_en: str
    towns: tuple[Town, ...]
    villages: tuple[Village, ...]
    lists: tuple[PlaceList, ...]
    counts: tuple[PlaceCount, ...] = ()
    villages_exhaustive: bool = True
    _towns: Mapping[str, Town] = attrs.field(init=False, repr=False, eq=False)
    _villages: Mapping[tuple[str, str], Village] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_towns", _frozen_map({t.name: t for t in self.towns}))
        object.__setattr__(self, "_villages", MappingProxyType(
            {(v.town, v.name): v for v in self.villages}))

    # -- lookup

    def town(self, name: str) -> Town:
        """The town called ``name``; an unknown name lists the known ones and the closest."""
        try:
            return self._towns[name]
        except KeyError:
            raise UnknownNameError("town", name, self._towns) from None

    def village(self, town: str, name: str) -> Village:
        """The village ``name`` of ``town``; unknown names list the known ones."""
        self.town(town)
        try:
            return self._villages[(town, name)]
        except KeyError:
            known = [v.name for v in self.villages if v.town == town]
            raise UnknownNameError(f"village of {town}", name, known) from None

    def place(self, ref: PlaceRef) -> Town | Village:
        """The town or village ``ref`` names."""
        return self.town(ref.town) if ref.village is None else self.village(ref.town, ref.village)

    def has_town(self, name: str) -> bool:
        """Whether ``name`` is a town of this registry."""
        return name in self._towns

    def is_listed_village(self, town: str, village: str) -> bool:
        """Whether the registry lists the village ``village`` of ``town``."""
        return (town, village) in self._villages

    def has_village(self, town: str, village: str) -> bool:
        """Whether ``village`` of ``town`` can name a village of this district.

        A listed village always can. When the registry's village list is not
        exhaustive (the packaged Wansheng registry lists only the 12 villages
        the plan names, of the district's 66), any village of a known town can
        (its name cannot be checked); use :meth:`is_listed_village` for the
        strict question.
        """
        # is_listed_village and has_town in line: every assessment asks this once
        if (town, village) in self._villages:
            return True
        return not self.villages_exhaustive and town in self._towns

    def villages_of(self, town: str) -> tuple[Village, ...]:
        """The listed villages of ``town``."""
        self.town(town)
        return tuple(v for v in self.villages if v.town == town)

    # -- lists

    def place_list(self, list_id: str) -> PlaceList:
        """The list with id ``list_id``."""
        for lst in self.lists:
            if lst.id == list_id:
                return lst
        raise UnknownNameError("place list", list_id, [lst.id for lst in self.lists])

    def count(self, count_id: str) -> PlaceCount:
        """The count the plan states under ``count_id``."""
        for c in self.counts:
            if c.id == count_id:
                return c
        raise UnknownNameError("place count", count_id, [c.id for c in self.counts])

    def lists_with(self, role: ListRole, source: ListSource | None = None) -> tuple[PlaceList, ...]:
        """The lists of ``role`` (from ``source`` when given), in file order."""
        return tuple(lst for lst in self.lists
                     if lst.role is role and (source is None or lst.source is source))

    def lists_of(self, ref: PlaceRef) -> tuple[PlaceList, ...]:
        """Every list ``ref`` is on."""
        return tuple(lst for lst in self.lists if ref in lst.members)

    def towns_of_class(self, town_class: TownClass) -> tuple[Town, ...]:
        """PLACE-01: the towns of ``town_class``, in registry order."""
        return tuple(t for t in self.towns if t.town_class is town_class)

    def villages_of_class(self, village_class: VillageClass) -> tuple[Village, ...]:
        """PLACE-02/03: the villages on a list of ``village_class``, in registry order."""
        return tuple(v for v in self.villages if village_class in v.classes)

    def key_towns(self) -> tuple[Town, ...]:
        """PLACE-04: Box 1's key towns for resident work teams (not a class), in registry order."""
        refs = {m for lst in self.lists_with(ListRole.KEY_TOWNS) for m in lst.members}
        return tuple(t for t in self.towns if t.ref in refs)

    def linkage_pilots(self) -> tuple[Village, ...]:
        """The linkage pilot village(s) (Ch3 §4)."""
        refs = {m for lst in self.lists_with(ListRole.LINKAGE_PILOT) for m in lst.members}
        return tuple(v for v in self.villages if v.ref in refs)

    def __iter__(self) -> Iterator[Town]:
        return iter(self.towns)

    def citations(self) -> Iterator[tuple[str, Citation]]:
        """Every list's and count's citation, with the catalog ID or count id."""
        for lst in self.lists:
            yield f"{lst.catalog} {lst.id}", lst.citation
        for c in self.counts:
            yield f"PLAN-01 {c.id}", c.citation

    def to_json(self) -> dict[str, Any]:
        """The registry as JSON (what ``revitalize places --json`` prints)."""
        return {
            "district": self.district,
            "district_en": self.district_en,
            "villages_exhaustive": self.villages_exhaustive,
            "towns": [{"id": t.id, "name": t.name, "name_en": t.name_en,
                       "class": t.town_class.value, "class_zh": t.town_class.label_zh}
                      for t in self.towns],
            "villages": [{"id": v.id, "name": v.name, "name_en": v.name_en, "town": v.town,
                          "classes": sorted(c.value for c in v.classes)}
                         for v in self.villages],
            "lists": [{"id": lst.id, "catalog": lst.catalog, "source": lst.source.value,
                       "role": lst.role.value, "label_zh": lst.label_zh,
                       "label_en": lst.label_en,
                       "members": [_ref_json(m) for m in lst.members],
                       "citation": lst.citation.to_json()} for lst in self.lists],
            "counts": [{"id": c.id, "value": c.value, "citation": c.citation.to_json()}
                       for c in self.counts],
        }


def _ref_json(ref: PlaceRef) -> dict[str, str] | str:
    return ref.town if ref.village is None else {"town": ref.town, "village": ref.village}


# --------------------------------------------------------------------------- loading

_TOP_KEYS: Final = frozenset({"district", "district_en", "villages_exhaustive", "town",
                              "village", "list", "count"})
_LIST_KEYS: Final = frozenset({"id", "catalog", "source", "role", "town_class",
                               "village_class", "label_zh", "label_en", "members", "ref",
                               "quote"})


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, path: str, message: str) -> None:
        self.problems.append(Problem(f"{self.source}: {path}", message))

    def text(self, table: Mapping[str, Any], key: str, path: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip() or value != value.strip():
            self.bad(f"{path}.{key}", f"expected a non-empty string, got {value!r}")
            return ""
        return value

    def enum(self, cls: type[LabelledEnum], raw: object, path: str) -> Any:
        if not isinstance(raw, str):
            self.bad(path, f"expected one of {', '.join(m.value for m in cls)}, got {raw!r}")
            return None
        try:
            return cls.parse(raw)
        except UnknownNameError as exc:
            self.bad(path, exc.message)
            return None


def _tables(r: _Reader, doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    raw = doc.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        r.bad(key, f"expected [[{key}]] tables")
        return []
    return raw


def load_place_registry(text: str, source: str = "<string>") -> PlaceRegistry:
    """Build a :class:`PlaceRegistry` from TOML text; every problem is reported at once.

    The checks: unique town names and ids, every village's town known, unique
    villages per town, every list member known, every town on exactly one
    town-class list.
    """
    doc = parse_toml(text, source)  # bounded: depth, number length, size
    r = _Reader(source)
    for key in sorted(set(doc) - _TOP_KEYS):
        r.bad(key, f"unknown key (expected one of {', '.join(sorted(_TOP_KEYS))})")
    district = r.text(doc, "district", "$")
    district_en = r.text(doc, "district_en", "$")
    exhaustive = doc.get("villages_exhaustive", True)
    if not isinstance(exhaustive, bool):
        r.bad("villages_exhaustive", f"expected true or false, got {exhaustive!r}")
        exhaustive = True

    towns_raw: list[tuple[str, str, str]] = []
    for i, t in enumerate(_tables(r, doc, "town")):
        path = f"town[{i}]"
        towns_raw.append((r.text(t, "id", path), r.text(t, "name", path),
                          r.text(t, "name_en", path)))
    town_names = [t[1] for t in towns_raw]
    _duplicates(r, "town", town_names)
    _duplicates(r, "town id", [t[0] for t in towns_raw])

    villages_raw: list[tuple[str, str, str, str]] = []
    for i, v in enumerate(_tables(r, doc, "village")):
        path = f"village[{i}]"
        town = r.text(v, "town", path)
        if town and town not in town_names:
            r.bad(f"{path}.town", UnknownNameError("town", town, town_names).message)
        villages_raw.append((r.text(v, "id", path), r.text(v, "name", path),
                             r.text(v, "name_en", path), town))
    _duplicates(r, "village", [f"{v[3]}{v[1]}" for v in villages_raw])
    _duplicates(r, "village id", [v[0] for v in villages_raw])
    village_keys = {(v[3], v[1]) for v in villages_raw}

    lists: list[PlaceList] = []
    for i, t in enumerate(_tables(r, doc, "list")):
        lst = _read_list(r, t, f"list[{i}]", set(town_names), village_keys)
        if lst is not None:
            lists.append(lst)
    _duplicates(r, "list id", [lst.id for lst in lists])

    counts: list[PlaceCount] = []
    for i, c in enumerate(_tables(r, doc, "count")):
        path = f"count[{i}]"
        value = c.get("value")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            r.bad(f"{path}.value", f"expected a non-negative integer, got {value!r}")
            continue
        counts.append(PlaceCount(r.text(c, "id", path), value,
                                 Citation(r.text(c, "ref", path), r.text(c, "quote", path))))

    classes: dict[str, list[TownClass]] = {n: [] for n in town_names}
    for lst in lists:
        if lst.town_class is not None:
            for m in lst.members:
                classes.setdefault(m.town, []).append(lst.town_class)
    for town_name, found in classes.items():
        if len(found) != 1:
            r.bad(f"town {town_name!r}", f"expected exactly one town_class list, found {len(found)}"
                  + (f" ({', '.join(c.value for c in found)})" if found else ""))
    if r.problems:
        raise InvalidInputError(r.problems, source=source)

    towns = tuple(Town(i, n, e, classes[n][0]) for i, n, e in towns_raw)
    vclasses: dict[tuple[str, str], set[VillageClass]] = {k: set() for k in village_keys}
    for lst in lists:
        if lst.village_class is not None:
            for m in lst.members:
                assert m.village is not None
                vclasses[(m.town, m.village)].add(lst.village_class)
    villages = tuple(Village(i, n, e, t, tuple(c for c in VillageClass if c in vclasses[(t, n)]))
                     for i, n, e, t in villages_raw)
    return PlaceRegistry(district, district_en, towns, villages, tuple(lists), tuple(counts),
                         exhaustive)


def _duplicates(r: _Reader, what: str, names: Iterable[str]) -> None:
    seen: set[str] = set()
    for n in names:
        if n and n in seen:
            r.bad(what, f"duplicate {what} {n!r}")
        seen.add(n)


def _read_list(r: _Reader, t: Mapping[str, Any], path: str, towns: set[str],
               villages: set[tuple[str, str]]) -> PlaceList | None:
    start = len(r.problems)
    for key in sorted(set(t) - _LIST_KEYS):
        r.bad(f"{path}.{key}", f"unknown key (expected one of {', '.join(sorted(_LIST_KEYS))})")
    source = r.enum(ListSource, t.get("source"), f"{path}.source")
    role = r.enum(ListRole, t.get("role"), f"{path}.role")
    town_class = (r.enum(TownClass, t.get("town_class"), f"{path}.town_class")
                  if role is ListRole.TOWN_CLASS else None)
    village_class = (r.enum(VillageClass, t.get("village_class"), f"{path}.village_class")
                     if role is ListRole.VILLAGE_CLASS else None)
    town_level = role in (ListRole.TOWN_CLASS, ListRole.KEY_TOWNS)
    members: list[PlaceRef] = []
    raw_members = t.get("members")
    if not isinstance(raw_members, list) or not raw_members:
        r.bad(f"{path}.members", "expected a non-empty array")
        raw_members = []
    for j, m in enumerate(raw_members):
        mpath = f"{path}.members[{j}]"
        if town_level:
            if not isinstance(m, str):
                r.bad(mpath, f"expected a town name, got {m!r}")
            elif m not in towns:
                r.bad(mpath, UnknownNameError("town", m, towns).message)
            else:
                members.append(PlaceRef(m))
            continue
        if not isinstance(m, dict) or set(m) != {"town", "village"}:
            r.bad(mpath, f"expected a table {{town = ..., village = ...}}, got {m!r}")
            continue
        pair = (str(m["town"]), str(m["village"]))
        if pair not in villages:
            known = [f"{a}{b}" for a, b in sorted(villages)]
            r.bad(mpath, UnknownNameError("village", f"{pair[0]}{pair[1]}", known).message)
            continue
        members.append(PlaceRef(*pair))
    citation = Citation(r.text(t, "ref", path), r.text(t, "quote", path))
    list_id = r.text(t, "id", path)
    catalog = r.text(t, "catalog", path)
    label_zh = r.text(t, "label_zh", path)
    label_en = r.text(t, "label_en", path)
    if len(r.problems) > start or source is None or role is None:
        return None
    return PlaceList(list_id, catalog, source, role, label_zh, label_en, tuple(members),
                     citation, town_class, village_class)


@functools.cache
def wansheng_registry() -> PlaceRegistry:
    """The plan's own registry, from the packaged ``places.toml`` (cached: an immutable value)."""
    text = (resources.files("revitalize") / "data" / "places.toml").read_text(encoding="utf-8")
    return load_place_registry(text, "revitalize/data/places.toml")
