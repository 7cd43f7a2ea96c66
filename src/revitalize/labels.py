"""The Chinese and English label of every input field: one table for headers and docs.

``data/labels.toml`` names each field of each input model by class and field
(``[Member] birth_date = ["出生日期", "birth date"]``). Everything that shows
a field to a person reads it from here, so reading and writing use the same
names:

- the spreadsheet reader and writer (:mod:`revitalize.excel`) accept the
  Chinese label as a column header in place of the field name, and write it;
- the JSON Schemas (:mod:`revitalize.schema`) carry it as ``x-label-zh`` and
  ``x-label-en`` on every property;
- the input reference pages show it in their field tables.

``tests/test_labels.py`` checks that every field of every input model has a
label and that no label names a field that does not exist.

>>> field_label("Member", "birth_date")
'出生日期'
>>> field_label("Member", "birth_date", "en")
'birth date'
>>> field_label("Member", "no_such_field") is None
True
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

__all__ = ["field_label", "field_labels", "labelled_classes"]


@functools.cache
def _table() -> Mapping[str, Mapping[str, tuple[str, str]]]:
    text = (resources.files("revitalize") / "data" / "labels.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    out: dict[str, Mapping[str, tuple[str, str]]] = {}
    for cls, fields in raw.items():
        out[cls] = MappingProxyType({name: (str(pair[0]), str(pair[1]))
                                     for name, pair in fields.items()})
    return MappingProxyType(out)


def labelled_classes() -> tuple[str, ...]:
    """The class names the table labels."""
    return tuple(_table())


def field_labels(cls: str) -> Mapping[str, tuple[str, str]]:
    """``{field: (中文, English)}`` of the class named ``cls`` (empty when unknown)."""
    return _table().get(cls, MappingProxyType({}))


def field_label(cls: str, field: str, lang: str = "zh") -> str | None:
    """The label of ``cls.field`` in ``lang`` (``zh`` or ``en``); None when it has none."""
    pair = field_labels(cls).get(field)
    if pair is None:
        return None
    return pair[0] if lang == "zh" else pair[1]
