"""JSON Schema (draft 2020-12) for the JSON the library reads and writes.

:func:`json_schema` walks an attrs class's fields and type hints, so every
model class is described with no change to this module. The schema follows
the converter's rules (:mod:`revitalize.serialization`):

- money (:data:`~revitalize.models.Money`) is a decimal string such as
  ``"1.50"`` (no sign, no exponent, at most 2 decimal places) or a
  non-negative integer; other decimals (:data:`~revitalize.models.Quantity`,
  ``Decimal``) are decimal strings or integers;
- dates are ISO dates (``"2021-06-01"``, ``format: date``);
- enums are read by value; a :class:`~revitalize.models.LabelledEnum` lists
  its Chinese labels under ``x-labels-zh``;
- ``X | None`` is ``anyOf`` with ``null``; ``tuple[X, ...]`` is an array;
  ``Mapping[str, X]`` is an object; a nested attrs class is a ``$ref`` into
  ``$defs``;
- every object has ``additionalProperties: false``; the required fields are
  those without a default;
- personal fields (ID number, phone, bank account, health details) carry
  ``x-personal`` with their kind: they are accepted on input and left out of
  public output.

What a schema cannot say, the converter still checks: a JSON number written
with a fraction or exponent (``1.0``) is refused where an integer is
expected, duplicate keys are refused, and cross-field checks (a date after
another, a reason only with a given status) run when the object is built.

>>> from revitalize.models import Household
>>> s = json_schema(Household)
>>> s["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> s["additionalProperties"], "members" in s["required"]
(False, True)
>>> s["properties"]["members"]["items"]
{'$ref': '#/$defs/Member'}
>>> "Household" in input_models() and "MonitoringCase" in input_models()
True
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import inspect
import json
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from . import models
from .errors import UnknownNameError
from .labels import field_labels
from .models._enums import LabelledEnum
from .models._fields import (
    _CATALOG_ID,
    _IDENTIFIER,
    _MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    MONEY_MAX_INTEGER_DIGITS,
    MONEY_PLACES,
    CatalogId,
    Identifier,
    Money,
    Name,
    Quantity,
    Text,
    personal_kind,
)
from .policy.engine import Outcome, Status

__all__ = [
    "DRAFT",
    "OUTPUT_MODELS",
    "input_models",
    "input_names",
    "json_schema",
    "output_schema",
    "schema_for",
    "schema_names",
]

#: The JSON Schema dialect of every schema this module writes.
DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"

#: The end of the string in both Python's and ECMA-262's regex dialects
#: (``$`` in Python also matches before a final newline, which the converter refuses).
_END: Final = r"(?![\s\S])"

_MONEY_PATTERN: Final = (
    rf"^(?:0|[1-9][0-9]{{0,{MONEY_MAX_INTEGER_DIGITS - 1}}})(?:\.[0-9]{{1,{MONEY_PLACES}}})?{_END}"
)
_QUANTITY_PATTERN: Final = rf"^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?{_END}"
_DECIMAL_PATTERN: Final = rf"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?{_END}"
_DATE_PATTERN: Final = rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_END}"

# Classes in revitalize.models.__all__ that are not JSON inputs: the place registry is
# packaged data read from TOML (models.places.load_place_registry), not a JSON record.
_NOT_INPUTS: Final[frozenset[str]] = frozenset({"PlaceRegistry"})


def _file_inputs() -> dict[str, type[Any]]:
    """The whole-file inputs of commands whose classes live outside ``revitalize.models``:
    the case register (``cases``, ``notice``) and a year's governance records
    (``governance``)."""
    from .models.governance import GovernanceRecords
    from .policy.cases import CaseRegister

    return {"CaseRegister": CaseRegister, "GovernanceRecords": GovernanceRecords}


def _money_schema() -> dict[str, Any]:
    return {
        "description": (
            f"An amount in yuan: a decimal string such as \"1.50\" (no sign, no exponent, at "
            f"most {MONEY_PLACES} decimal places) or a non-negative integer."
        ),
        "anyOf": [
            {"type": "string", "pattern": _MONEY_PATTERN},
            {"type": "integer", "minimum": 0, "maximum": 10**MONEY_MAX_INTEGER_DIGITS - 1},
        ],
    }


def _decimal_schema(*, signed: bool) -> dict[str, Any]:
    if signed:
        return {
            "description": 'A number: a decimal string such as "-35.5" or an integer.',
            "anyOf": [{"type": "string", "pattern": _DECIMAL_PATTERN}, {"type": "integer"}],
        }
    return {
        "description": 'A quantity of 0 or more: a decimal string such as "35.5" or an integer.',
        "anyOf": [
            {"type": "string", "pattern": _QUANTITY_PATTERN},
            {"type": "integer", "minimum": 0},
        ],
    }


def _newtype_schemas() -> dict[object, dict[str, Any]]:
    """The schemas of the field types the converter dispatches on by name."""
    return {
        Money: _money_schema(),
        Quantity: _decimal_schema(signed=False),
        Identifier: {
            "type": "string",
            "description": "An identifier: 1-64 characters, no spaces or control characters.",
            "pattern": f"^{_IDENTIFIER.pattern}{_END}",
        },
        Name: {
            "type": "string",
            "description": "A name: non-empty, no surrounding spaces or control characters.",
            "minLength": 1,
            "maxLength": _MAX_NAME_LENGTH,
            # No surrounding whitespace; no control character but tab and CR (the converter's).
            "pattern": rf"^(?!\s)[^\x00-\x08\n\x0b\x0c\x0e-\x1f\x7f]*(?<!\s){_END}",
        },
        Text: {"type": "string", "maxLength": MAX_TEXT_LENGTH},
        CatalogId: {
            "type": "string",
            "description": "A catalog ID such as MON-02 or KPI-8a.",
            "pattern": f"^{_CATALOG_ID.pattern}{_END}",
        },
    }


def _first_paragraph(doc: str | None) -> str:
    if not doc:
        return ""
    return inspect.cleandoc(doc).split("\n\n")[0].replace("\n", " ").strip()


class _Builder:
    """Builds one schema document: the root class inline, nested classes in ``$defs``."""

    def __init__(self, root: type[Any]) -> None:
        self.root = root
        self.defs: dict[str, dict[str, Any]] = {}
        self.newtypes = _newtype_schemas()
        from .serialization import make_converter

        self.converter = make_converter()

    def ref(self, cls: type[Any]) -> dict[str, Any]:
        if cls is self.root:
            return {"$ref": "#"}
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: breaks cycles
            self.defs[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type[Any]) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for a in attrs.fields(cls):
            if not a.init:
                continue
            prop = dict(self.type_schema(hints.get(a.name, Any)))
            label = field_labels(cls.__name__).get(a.name)
            if label is not None:
                prop["x-label-zh"], prop["x-label-en"] = label
            kind = personal_kind(a)
            if kind is not None:
                prop["x-personal"] = kind.value
                prop["description"] = (
                    f"Personal data ({kind.value}): accepted on input, never shown in messages, "
                    "left out of public output."
                )
            if a.default is attrs.NOTHING:
                required.append(a.name)
            else:
                default = self.default_of(a)
                if default is not attrs.NOTHING:
                    prop["default"] = default
            properties[a.name] = prop
        out: dict[str, Any] = {"type": "object", "title": cls.__name__}
        doc = _first_paragraph(cls.__doc__)
        if doc:
            out["description"] = doc
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out

    def default_of(self, a: attrs.Attribute[Any]) -> Any:
        default: Any = a.default
        if isinstance(default, typing.cast(type, attrs.Factory)):
            factory: Any = default
            if factory.takes_self:
                return attrs.NOTHING
            default = factory.factory()
        try:
            value = self.converter.unstructure(default)
            if isinstance(value, frozenset | set):  # written as an array
                value = sorted(self.converter.unstructure(v) for v in value)
            json.dumps(value)
        except Exception:  # a default that has no JSON form: leave it out
            return attrs.NOTHING
        return value

    def type_schema(self, t: Any) -> dict[str, Any]:
        if t in self.newtypes:
            return dict(self.newtypes[t])
        if t is Any or t is object:
            return {}
        if t is type(None):
            return {"type": "null"}
        origin = typing.get_origin(t)
        args = typing.get_args(t)
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            schemas = [self.type_schema(a) for a in options]
            if len(options) < len(args):
                schemas.append({"type": "null"})
            return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
        if origin is typing.Literal:
            return {"enum": list(args)}
        if isinstance(t, type):
            return self.class_schema(t)
        if origin in (tuple, list, collections.abc.Sequence):
            return self.sequence_schema(args)
        if origin in (frozenset, set, collections.abc.Set):
            return {"type": "array", "uniqueItems": True,
                    "items": self.type_schema(args[0]) if args else {}}
        if origin in (dict, collections.abc.Mapping):
            value = self.type_schema(args[1]) if len(args) == 2 else {}
            return {"type": "object", "additionalProperties": value}
        supertype = getattr(t, "__supertype__", None)  # another NewType
        if supertype is not None:
            return self.type_schema(supertype)
        raise TypeError(f"no JSON Schema for the type {t!r}")

    def sequence_schema(self, args: tuple[Any, ...]) -> dict[str, Any]:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            return {"type": "array", "items": self.type_schema(args[0]) if args else {}}
        return {
            "type": "array",
            "prefixItems": [self.type_schema(a) for a in args],
            "items": False,
            "minItems": len(args),
            "maxItems": len(args),
        }

    def class_schema(self, t: type[Any]) -> dict[str, Any]:
        if attrs.has(t):
            return self.ref(t)
        if issubclass(t, enum.Enum):
            return _enum_schema(t)
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is str:
            return {"type": "string"}
        if t is Decimal:
            return _decimal_schema(signed=True)
        if t is dt.date:
            return {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
        if t in (tuple, list):
            return {"type": "array"}
        if t is dict:
            return {"type": "object"}
        raise TypeError(f"no JSON Schema for the type {t.__name__}")

    def document(self) -> dict[str, Any]:
        body = self.object_schema(self.root)
        out: dict[str, Any] = {"$schema": DRAFT, **body}
        if self.defs:
            out["$defs"] = dict(sorted(self.defs.items()))
        return out


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    values = [m.value for m in cls]
    kinds = {type(v) for v in values}
    out: dict[str, Any] = {}
    if kinds == {str} or issubclass(cls, str):
        out["type"] = "string"
    elif kinds == {int}:
        out["type"] = "integer"
    out["title"] = cls.__name__
    doc = _first_paragraph(cls.__doc__)
    if issubclass(cls, LabelledEnum):
        labels = {m.value: m.label_zh for m in cls}
        listing = "; ".join(f"{v} = {label}" for v, label in labels.items())
        out["description"] = f"{doc} ({listing})" if doc else listing
        out["enum"] = values
        out["x-labels-zh"] = labels
    else:
        if doc:
            out["description"] = doc
        out["enum"] = values
    return out


def json_schema(cls: Any) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON the converter reads as ``cls``.

    ``cls`` is an attrs class (the usual case) or any other type the converter
    reads (``Money``, ``dt.date``, an enum, ``tuple[Member, ...]`` ...).

    >>> json_schema(Money)["anyOf"][1]
    {'type': 'integer', 'minimum': 0, 'maximum': 999999999999999}
    >>> json_schema(dt.date)["format"]
    'date'
    """
    if isinstance(cls, type) and attrs.has(cls):
        return _Builder(cls).document()
    builder = _Builder(type(None))
    body = builder.type_schema(cls)
    out: dict[str, Any] = {"$schema": DRAFT, **body}
    if builder.defs:
        out["$defs"] = dict(sorted(builder.defs.items()))
    return out


def input_models() -> Mapping[str, type[Any]]:
    """The input model classes by name: every attrs class ``revitalize.models`` exports.

    A model another area adds to ``revitalize.models.__all__`` is listed with
    no change here.
    """
    found: dict[str, type[Any]] = {}
    for name in sorted(models.__all__):
        obj = getattr(models, name)
        if isinstance(obj, type) and attrs.has(obj) and name not in _NOT_INPUTS:
            found[name] = obj
    found.update(_file_inputs())
    return types.MappingProxyType(dict(sorted(found.items())))


def input_names() -> tuple[str, ...]:
    """Every input that has a schema: the model classes, then the observation file
    (``ObservationSet``, read by its own reader, so its schema is written here)."""
    return (*input_models(), *_CUSTOM_INPUTS)


def _labels(cls: str, name: str) -> dict[str, str]:
    zh, en = field_labels(cls)[name]
    return {"x-label-zh": zh, "x-label-en": en}


def _observations_schema() -> dict[str, Any]:
    """The schema of an observation file (:mod:`revitalize.indicators.observations`).

    Built from the reader's own limits and the indicator catalog: the IDs an
    observation may name (not those computed from another's observations), the
    IDs a reference may name (those with an "above the reference" target), the
    year range, the decimal form and, for ratio indicators, ``"a:b"``.
    """
    from .indicators import observations as obs
    from .indicators.catalog import IndicatorUnit, default_indicators
    from .indicators.targets import AboveReference

    catalog = default_indicators()
    ratio = sorted(i.id for i in catalog if i.unit is IndicatorUnit.RATIO)

    def item(ids: list[str], title: str, description: str) -> dict[str, Any]:
        return {
            "type": "object",
            "title": title,
            "description": description,
            "properties": {
                "indicator": {"type": "string", "enum": ids,
                              "description": "A catalog ID (revitalize indicators).",
                              **_labels("Observation", "indicator")},
                "year": {"type": "integer", "minimum": obs._MIN_YEAR,
                         "maximum": obs._MAX_YEAR, **_labels("Observation", "year")},
                "value": {
                    "description": (
                        'A decimal string such as "88.8", or a JSON number (read exactly); '
                        f'a ratio indicator ({", ".join(ratio)}) also takes "1.6:1".'),
                    "anyOf": [
                        {"type": "string", "pattern": obs._DECIMAL.pattern},
                        {"type": "number"},
                        {"type": "string",
                         "pattern": r"^\s*[0-9]+(?:\.[0-9]+)?\s*[:：︰]\s*[0-9]+(?:\.[0-9]+)?\s*$"},
                    ],
                    **_labels("Observation", "value"),
                },
                "source": {"type": "string", "description": "Where the number comes from.",
                           **_labels("Observation", "source")},
            },
            "required": ["indicator", "year", "value"],
            "additionalProperties": False,
        }

    observed = [i.id for i in catalog if i.observed_from is None]
    referenced = [i.id for i in catalog if isinstance(i.target, AboveReference)]
    return {
        "$schema": DRAFT,
        "type": "object",
        "title": "ObservationSet",
        "description": (
            "Observed indicator values (the input of revitalize indicators report), and the "
            "municipal averages that an \"above the reference\" target compares with. Each "
            "(indicator, year) appears at most once per list."),
        "properties": {
            "observations": {"type": "array", "items": {"$ref": "#/$defs/Observation"},
                             **_labels("ObservationSet", "observations")},
            "references": {"type": "array", "items": {"$ref": "#/$defs/Reference"},
                           **_labels("ObservationSet", "references")},
        },
        "additionalProperties": False,
        "$defs": {
            "Observation": item(observed, "Observation",
                                "The district's measured value of an indicator for a year."),
            "Reference": item(referenced, "Reference",
                              "The reference value (municipal average) of an indicator."),
        },
    }


_CUSTOM_INPUTS: Final = {"ObservationSet": _observations_schema}


# --------------------------------------------------------------------------- output

_CITATION: Final = {
    "type": "object",
    "title": "Citation",
    "description": "A place in the plan and the plan's own words there.",
    "properties": {
        "ref": {"type": "string", "description": "The reference, e.g. 'Ch5 §2'."},
        "ref_zh": {"type": "string", "description": "The reference in Chinese (第五章第二节)."},
        "quote": {"type": "string", "description": "Verbatim plan text (fragments joined by …)."},
    },
    "required": ["ref", "ref_zh", "quote"],
    "additionalProperties": False,
}

_DATE: Final = {"type": "string", "format": "date", "pattern": _DATE_PATTERN}

_JSON_VALUE: Final = {
    "description": (
        "A compared value: decimals and dates as strings, enums by value, "
        "collections as arrays."
    ),
    "anyOf": [
        {"type": ["string", "integer", "boolean", "null"]},
        {"type": "array", "items": {"$ref": "#/$defs/CompareValue"}},
    ],
}


_IDS: Final = {"type": "array", "items": {"type": "string"}}
#: ``MonitoringDecision.because`` (:class:`revitalize.policy.monitoring.Because`).
_BECAUSE: Final = {
    "type": "object",
    "title": "Because",
    "description": "The IDs of the findings behind a household's decision: those that put "
                   "it in range (or kept it out), chose its category (the row of MON-01's "
                   "table), and called for each measure and referral (lists aligned with "
                   "`measures` and `referrals`).",
    "properties": {
        "in_range": _IDS,
        "category": _IDS,
        "category_row": {"type": "string"},
        "measures": {"type": "array", "items": _IDS},
        "referrals": {"type": "array", "items": _IDS},
    },
    "required": ["in_range", "category", "category_row", "measures", "referrals"],
    "additionalProperties": False,
}


def _assessment_schema() -> dict[str, Any]:
    parameter_value = {
        "type": "object",
        "title": "ParameterValue",
        "description": "A parameter value a rule read, with its start date and source.",
        "properties": {
            "name": {"type": "string"},
            "value": {"$ref": "#/$defs/CompareValue"},
            "start": _DATE,
            "source": {"type": "string"},
            "assumption": {
                "type": "string",
                "description": "Present when the plan does not give the value: the reason.",
            },
        },
        "required": ["name", "value", "start", "source"],
        "additionalProperties": False,
    }
    finding = {
        "type": "object",
        "title": "Finding",
        "description": "What one rule found, with its reasons in both languages.",
        "properties": {
            "rule": {"type": "string", "description": "The catalog ID of the rule."},
            "title_zh": {"type": "string"},
            "title_en": {"type": "string"},
            "outcome": _enum_schema(Outcome),
            "status": {**_enum_schema(Status),
                       "description": "What the finding means for its subject: problem, ok, "
                                      "info, undecided or not_applicable."},
            "values": {"type": "object", "additionalProperties": {"$ref": "#/$defs/CompareValue"}},
            "parameters": {"type": "array", "items": {"$ref": "#/$defs/ParameterValue"}},
            "citation": {"type": "array", "items": {"$ref": "#/$defs/Citation"}},
            "reason_zh": {"type": "string"},
            "reason_en": {"type": "string"},
            "missing": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
                "description": "The fields that were not assessed (only when there are some).",
            },
            "subject": {
                "type": "string",
                "minLength": 1,
                "description": "The part of the input the finding is about (e.g. a member id).",
            },
        },
        "required": ["rule", "title_zh", "title_en", "outcome", "status", "values",
                     "parameters", "citation", "reason_zh", "reason_en"],
        "additionalProperties": False,
    }
    notice = {
        "type": "object",
        "title": "Notice",
        "description": "A warning attached to an assessment (e.g. a stale parameter value).",
        "properties": {
            "code": {"type": "string"},
            "message_zh": {"type": "string"},
            "message_en": {"type": "string"},
        },
        "required": ["code", "message_zh", "message_en"],
        "additionalProperties": False,
    }
    provenance = {
        "type": "object",
        "title": "Provenance",
        "description": "What it takes to reproduce the assessment.",
        "properties": {
            "library_version": {"type": "string"},
            "parameter_fingerprint": {"type": "string"},
            "parameter_set": {"type": "string"},
            "reform": {"type": ["string", "null"]},
            "evaluated_on": _DATE,
            "input_sha256": {"type": "string", "pattern": f"^[0-9a-f]{{64}}{_END}"},
        },
        "required": ["library_version", "parameter_fingerprint", "parameter_set", "reform",
                     "evaluated_on", "input_sha256"],
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "type": "object",
        "title": "Assessment",
        "description": (
            "The ordered findings for one subject on one date, the decision from them, "
            "warnings and provenance (Assessment.to_json)."
        ),
        "properties": {
            "subject": {"type": "string"},
            "on": _DATE,
            "decision": {
                "type": "object",
                "description": "The area's decision (its shape depends on the area); a "
                               "household's has `because`, the findings behind it.",
                "properties": {"because": {"$ref": "#/$defs/Because"}},
            },
            "findings": {"type": "array", "items": {"$ref": "#/$defs/Finding"}},
            "notices": {"type": "array", "items": {"$ref": "#/$defs/Notice"}},
            "provenance": {"$ref": "#/$defs/Provenance"},
        },
        "required": ["subject", "on", "decision", "findings", "notices", "provenance"],
        "additionalProperties": False,
        "$defs": {
            "Because": _BECAUSE,
            "Citation": dict(_CITATION),
            "CompareValue": dict(_JSON_VALUE),
            "Finding": finding,
            "Notice": notice,
            "ParameterValue": parameter_value,
            "Provenance": provenance,
        },
    }


#: The output documents with a schema, by name.
OUTPUT_MODELS: Final = ("Assessment", "Trace")


def output_schema(name: str) -> dict[str, Any]:
    """The schema of an output document (``"Assessment"``: ``Assessment.to_json()``;
    ``"Trace"``: ``Trace.to_json()``, what ``explain --json`` and ``POST /explain`` give)."""
    if name == "Assessment":
        return _assessment_schema()
    if name == "Trace":
        from .policy.explain import trace_schema

        return trace_schema()
    raise UnknownNameError("output model", name, OUTPUT_MODELS)


def schema_names() -> tuple[str, ...]:
    """Every name :func:`schema_for` knows: the inputs, then the outputs."""
    return (*input_names(), *OUTPUT_MODELS)


def schema_for(name: str) -> dict[str, Any]:
    """The schema of the input model or output document ``name``.

    An unknown name is an :class:`~revitalize.errors.UnknownNameError` with
    the close matches.

    >>> schema_for("Assessment")["title"]
    'Assessment'
    >>> schema_for("Houshold")
    Traceback (most recent call last):
    ...
    revitalize.errors.UnknownNameError: unknown model 'Houshold'; did you mean 'Household'? ...
    """
    inputs = input_models()
    if name in inputs:
        return json_schema(inputs[name])
    if name in _CUSTOM_INPUTS:
        return _CUSTOM_INPUTS[name]()
    if name in OUTPUT_MODELS:
        return output_schema(name)
    raise UnknownNameError("model", name, schema_names())
