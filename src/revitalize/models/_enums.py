"""The base of every enum in the library: an English value and the plan's Chinese label."""

from __future__ import annotations

import enum
from typing import Self

from ..errors import UnknownNameError

__all__ = ["LabelledEnum"]


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry the plan's Chinese label.

    The value is the English identifier used in JSON; ``label_zh`` is the
    plan's own term, shown to Chinese-speaking staff. Members are declared as
    ``NAME = "value", "中文"``.
    """

    label_zh: str

    def __new__(cls, value: str, label_zh: str) -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label_zh = label_zh
        return obj

    @property
    def label_en(self) -> str:
        """The English label: the value with spaces (``not_assessed`` → ``not assessed``)."""
        return self.value.replace("_", " ")

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``zh`` or ``en``)."""
        return self.label_zh if lang == "zh" else self.label_en

    @classmethod
    def parse(cls, value: str) -> Self:
        """The member whose value is ``value``; an unknown value names the close matches."""
        member = cls._value2member_map_.get(value)
        if member is None:
            raise UnknownNameError(cls.__name__, value, cls._value2member_map_)
        return member  # type: ignore[return-value]
