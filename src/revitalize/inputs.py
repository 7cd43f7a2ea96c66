"""Every input a command reads: its model, its packaged sample, and a check that reads it.

Five kinds of file go into the commands; each has a model with a JSON Schema
(``revitalize schema MODEL``), a reference page and a packaged sample
(``revitalize sample KIND``):

- ``households`` (``Household``): ``assess``, ``diff``, ``explain``; json, jsonl, csv, xlsx;
- ``cases`` (``CaseRegister``): ``cases``, ``notice``; json, xlsx;
- ``assets`` (``AssetRegister``): ``assets``; json, xlsx;
- ``governance`` (``GovernanceRecords``): ``governance``; json;
- ``observations`` (``ObservationSet``): ``indicators report``; json.

:func:`check` reads a file's text (or a workbook) as a model without
assessing it and returns *every* problem with its position: ``file[3]`` for
an element of a JSON array, ``file:7`` for a JSONL or CSV line, the sheet, row
and column for a workbook; then the JSON path inside the record.

>>> [k.name for k in KINDS.values()]
['households', 'cases', 'assets', 'governance', 'observations']
>>> model_name("cases"), model_name("Household")
('CaseRegister', 'Household')
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any, Final

import attrs

from .errors import InvalidInputError, Problem, RevitalizeError, UnknownNameError

__all__ = [
    "FORMATS",
    "KINDS",
    "CheckResult",
    "InputKind",
    "check",
    "model_name",
    "sample_bytes",
    "sample_text",
]

#: The file formats the commands read.
FORMATS: Final = ("json", "jsonl", "csv", "xlsx", "toml")


@attrs.frozen
class InputKind:
    """One kind of input file: its model, packaged sample and the commands that read it."""

    name: str
    model: str
    label_zh: str
    label_en: str
    #: The packaged sample's file name under ``revitalize/data/samples``.
    sample: str
    commands: tuple[str, ...]
    #: The formats ``revitalize sample`` writes it in.
    formats: tuple[str, ...]

    def label(self, lang: str) -> str:
        """The kind's name in ``lang``."""
        return self.label_zh if lang == "zh" else self.label_en


#: The kinds of input, by name.
KINDS: Final = {k.name: k for k in (
    InputKind("households", "Household", "农户", "households", "households.jsonl",
              ("assess", "diff", "explain"), ("json", "jsonl", "csv", "xlsx")),
    InputKind("cases", "CaseRegister", "监测案件登记簿", "case register", "cases.json",
              ("cases", "notice"), ("json", "xlsx")),
    InputKind("assets", "AssetRegister", "项目资产登记簿", "asset register", "assets.json",
              ("assets",), ("json", "xlsx")),
    InputKind("governance", "GovernanceRecords", "乡村治理年度记录", "governance records",
              "governance.json", ("governance",), ("json",)),
    InputKind("observations", "ObservationSet", "指标观测值", "indicator observations",
              "observations.json", ("indicators report",), ("json",)),
)}


def model_name(name: str) -> str:
    """The model a ``--model`` value names: a kind (``cases``) or a schema name.

    An unknown name is an :class:`~revitalize.errors.UnknownNameError` with the
    close matches.
    """
    from .schema import input_names

    if name in KINDS:
        return KINDS[name].model
    names = input_names()
    if name in names:
        return name
    raise UnknownNameError("model", name, (*KINDS, *names))


def sample_text(kind: str) -> str:
    """The packaged sample of ``kind`` as text (JSONL for households, else JSON)."""
    k = KINDS[kind]
    return (resources.files("revitalize") / "data" / "samples" / k.sample).read_text(
        encoding="utf-8")


def _sample_value(kind: str) -> Any:
    text = sample_text(kind)
    if kind == "households":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


def sample_bytes(kind: str, fmt: str, lang: str = "zh") -> bytes:
    """The packaged sample of ``kind`` in ``fmt`` (one of the kind's formats).

    ``xlsx`` headers are Chinese labels with ``lang="zh"``, field names otherwise.
    """
    k = KINDS[kind]
    if fmt not in k.formats:
        raise ValueError(f"no {fmt} form of the {kind} sample; formats: {', '.join(k.formats)}")
    value = _sample_value(kind)
    if fmt == "json":
        return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "jsonl":
        return "".join(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + "\n"
                       for v in value).encode("utf-8")
    if fmt == "csv":
        import csv

        from .batch import CSV_HOUSEHOLD_COLUMNS, CSV_MEMBER_COLUMNS, csv_rows

        out = io.StringIO()
        writer = csv.DictWriter(out, [*CSV_HOUSEHOLD_COLUMNS, *CSV_MEMBER_COLUMNS],
                                lineterminator="\n")
        writer.writeheader()
        for h in value:
            writer.writerows(csv_rows(h))
        return out.getvalue().encode("utf-8-sig")
    from . import excel

    if kind == "households":
        return excel.households_workbook(value, lang)
    return excel.register_workbook(kind, value, lang)


# --------------------------------------------------------------------------- checking


@attrs.frozen
class CheckResult:
    """What :func:`check` found: how many records it read and every problem."""

    records: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems


def _model_class(model: str) -> type[Any] | None:
    from .schema import input_models

    return input_models().get(model)


def _context(obj: Any, on: dt.date | None) -> list[Problem]:
    """The checks that need a date and the place registry (only with ``on``)."""
    if on is None:
        return []
    from .models.places import wansheng_registry
    from .models.validation import validate

    return validate(obj, on=on, registry=wansheng_registry())


def _one(value: Any, model: str, on: dt.date | None) -> list[Problem]:
    """The problems of one parsed JSON value read as ``model`` (paths ``$...``)."""
    from .serialization import from_json_value

    if model == "ObservationSet":
        from .indicators.observations import parse_observations

        try:
            parse_observations(value)
        except InvalidInputError as exc:
            return list(exc.problems)
        except RevitalizeError as exc:
            return [Problem("$", str(exc))]
        return []
    cls = _model_class(model)
    assert cls is not None
    try:
        obj = from_json_value(value, cls)
    except InvalidInputError as exc:
        return list(exc.problems)
    problems = _context(obj, on)
    if model == "GovernanceRecords":
        from .models.governance import validate_records
        from .models.places import wansheng_registry

        try:
            validate_records(obj, wansheng_registry())
        except InvalidInputError as exc:
            problems += list(exc.problems)
    return problems


def _parse_json(text: str, where: str) -> Any:
    from .serialization import _parse

    return _parse(text, where)


def _at(where: str, problems: list[Problem]) -> Iterator[Problem]:
    for p in problems:
        yield Problem(f"{where}: {p.path}" if p.path.startswith("$") else p.path, p.message)


def check(data: bytes, model: str, fmt: str, where: str, *, on: dt.date | None = None
          ) -> CheckResult:
    """Read ``data`` (a file's bytes, format ``fmt``) as ``model``; every problem found.

    A JSON array holds records of the model, each checked on its own (unless the
    model is read whole); JSONL holds one a line; CSV is the flat household
    layout; a workbook is read by :mod:`revitalize.excel`; TOML is an
    observation file. With ``on``, the checks that need a date and the place
    registry run too (nothing dated after ``on``, known towns and villages).
    Raises :class:`ValueError` when ``model`` cannot be read from ``fmt``.
    """
    problems: list[Problem] = []
    records = 0
    if fmt == "toml":
        if model != "ObservationSet":
            raise ValueError("TOML is read for ObservationSet (indicator observations) only")
        from .indicators.observations import parse_observations_toml

        try:
            parse_observations_toml(data.decode("utf-8-sig"), source=where)
        except InvalidInputError as exc:
            problems += _at(where, list(exc.problems))
        except RevitalizeError as exc:
            problems.append(Problem(where, str(exc)))
        return CheckResult(1, tuple(problems))
    if fmt in ("csv", "xlsx") and model not in ("Household", "CaseRegister", "AssetRegister"):
        raise ValueError(f"{fmt} is read for households, cases and assets only")
    if fmt == "csv":
        if model != "Household":
            raise ValueError("CSV is read for households only (the flat layout)")
        from .batch import EncodingError, read_csv

        try:
            for item in read_csv(io.BytesIO(data), where):
                records += 1
                if item.error:
                    problems += [Problem(item.position, e) for e in item.error]
                else:
                    problems += _at(item.position, _one(item.household, model, on))
        except EncodingError as exc:
            problems.append(Problem(where, str(exc)))
        return CheckResult(records, tuple(problems))
    if fmt == "xlsx":
        from . import excel

        if model == "Household":
            try:
                for item in excel.read_households(io.BytesIO(data), where):
                    records += 1
                    if item.error:
                        problems += [_excel_problem(e) for e in item.error]
                    else:
                        problems += _at(item.position, _one(item.household, model, on))
            except InvalidInputError as exc:
                problems += list(exc.problems)
            return CheckResult(records, tuple(problems))
        kind = "cases" if model == "CaseRegister" else "assets"
        try:
            value = excel.read_register(io.BytesIO(data), kind, where)
        except InvalidInputError as exc:
            return CheckResult(1, exc.problems)
        return CheckResult(1, tuple(_at(where, _one(value, model, on))))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = data[:exc.start].count(b"\n") + 1
        return CheckResult(0, (Problem(f"{where}:{at}", f"cannot decode the file as UTF-8 "
                                                          f"(byte 0x{data[exc.start]:02x})"),))
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            records += 1
            try:
                value = _parse_json(line, f"{where}:{number}")
            except InvalidInputError as exc:
                problems += exc.problems
                continue
            problems += _at(f"{where}:{number}", _one(value, model, on))
        return CheckResult(records, tuple(problems))
    try:
        value = _parse_json(text, where)
    except InvalidInputError as exc:
        return CheckResult(0, exc.problems)
    if isinstance(value, list):
        for i, item in enumerate(value):
            problems += _at(f"{where}[{i}]", _one(item, model, on))
        return CheckResult(len(value), tuple(problems))
    return CheckResult(1, tuple(_at(where, _one(value, model, on))))


def _excel_problem(text: str) -> Problem:
    head, _, rest = text.partition(": ")
    if rest.startswith("sheet "):
        place, _, message = rest.partition(": ")
        return Problem(f"{head}: {place}", message)
    return Problem(head, rest)
