"""Streaming batches: assess, diff and count households over iterables, in constant memory.

Everything here is lazy: a file of a million households is read a line at a
time, assessed in chunks and written as it goes, so memory does not grow with
the number of households (``tests/test_batch.py`` checks it with
``tracemalloc``). The same pure functions run serially, in worker processes
(:func:`assess_records` with ``workers > 1``, input order kept), on a Dask bag
(:mod:`revitalize.integrations.dask`) or in Spark's ``mapPartitions``
(:func:`assess_partition`; see the how-to "Assess millions of households").

Inputs
    :func:`read_jsonl` (one household a line) and :func:`read_csv` (the flat
    CSV layout below) yield :class:`Numbered` items: the line number and the
    household's JSON text or value. Bytes are decoded one line at a time with
    the given encoding (``utf-8`` by default, with or without a byte-order
    mark; ``gbk`` for files from older office software). A line that does not
    decode raises :class:`EncodingError`, naming the file, the line and the
    encoding — never a bare ``UnicodeDecodeError``.

Records
    Each household becomes one JSON-ready record, in input order:
    ``{"line": 3, "subject": "H-3", "on": ..., "decision": {...}, "outcomes":
    {"MON-02": "no", ...}, "notices": [...], "provenance": {...}}``
    (``detail="full"`` gives the complete :meth:`Assessment.to_json
    <revitalize.policy.engine.Assessment.to_json>` instead of ``outcomes``), or,
    for a line that could not be read or assessed, ``{"line": 2, "error":
    {"position": "in.jsonl:2", "problems": [...]}}``. The run goes on.

Outputs
    :func:`write_atomic` writes records as JSONL or CSV to a temporary file in
    the output's directory and renames it over the output only when every
    record was written (``os.replace``): a reader never sees half a file.

**The flat CSV layout** (:data:`CSV_HOUSEHOLD_COLUMNS`, :data:`CSV_MEMBER_COLUMNS`):
one row per *member*; the household's columns are repeated on each of its
members' rows, and a household's rows are consecutive (a new
``household.id`` starts the next household). Column names are the JSON field
paths: ``household.id``, ``household.town``, ``household.annual_net_income``,
``household.rigid_expenditure.medical_out_of_pocket``,
``household.housing.grade``, ``household.water.quality`` …, and
``member.id``, ``member.birth_date``, ``member.labor_capacity`` …. Cells hold
the JSON value as text: an empty cell is a field not given (not assessed),
``true`` / ``false`` for yes/no, ISO dates, money as ``1234.50``, enum
values as in JSON, and a list (``household.social_assistance``) as values
separated by ``;`` with ``-`` for the empty list. Columns may come in any
order; unknown columns are errors. The output CSV has one row per household:
:data:`CSV_OUTPUT_COLUMNS`, UTF-8 with a byte-order mark (so spreadsheet
software reads the Chinese text).
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import functools
import json
import multiprocessing
import multiprocessing.context
import os
import tempfile
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any, Final, TypeVar

import attrs

from . import _codec
from .errors import InvalidInputError, RevitalizeError
from .models.household import DrinkingWater, Household, Housing, Member, RigidExpenditure
from .policy.diff import ImpactDiff, impact_diff
from .policy.engine import STATUS_ORDER, Assessment
from .policy.monitoring import MonitoringAssessor, MonitoringDecision
from .policy.parameters import ParameterSet
from .serialization import (
    _read,
    _read_hashed,
    _value_sha256,
    from_json_value,
    make_converter,
)

__all__ = [
    "CSV_HOUSEHOLD_COLUMNS",
    "CSV_MEMBER_COLUMNS",
    "CSV_OUTPUT_COLUMNS",
    "BatchStatistics",
    "BatchTask",
    "EncodingError",
    "Numbered",
    "assess_partition",
    "assess_records",
    "assess_stream",
    "csv_rows",
    "diff_stream",
    "read_csv",
    "read_jsonl",
    "stream",
    "summary_record",
    "write_atomic",
]

#: Households per chunk handed to a worker (each chunk builds its assessor once).
DEFAULT_CHUNK: Final = 500


class EncodingError(RevitalizeError, UnicodeError):
    """A line of an input file does not decode with the encoding given."""


@attrs.frozen
class Numbered:
    """One input item: its line number, its household (JSON text or value), or its error."""

    line: int
    source: str
    #: The household as JSON text (JSONL) or a parsed JSON value (CSV); None with ``error``.
    household: str | Mapping[str, Any] | None
    #: Problems found while reading (a CSV cell that is not a number ...).
    error: tuple[str, ...] = ()

    @property
    def position(self) -> str:
        """``file:line``."""
        return f"{self.source}:{self.line}"


@attrs.frozen
class BatchTask:
    """What a worker needs to assess records: parameters, date, level of detail.

    Everything in it pickles (a :class:`ParameterSet` pickles without its memo),
    so it can go to worker processes, Dask or Spark executors.
    """

    params: ParameterSet
    on: dt.date
    #: ``summary`` (decision, each rule's outcome, notices, provenance) or ``full``.
    detail: str = "summary"


# --------------------------------------------------------------------------- reading


def _decoded_lines(stream: IO[bytes], source: str, encoding: str) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of each line, decoded one at a time (errors name the line)."""
    codec = "utf-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") \
        else encoding
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf") and codec == "utf-8":
            raw = raw[3:]
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as exc:
            hint = ("; a file saved by older office software is often GBK: try --encoding gbk"
                    if codec == "utf-8" else "; check the file's encoding")
            raise EncodingError(
                f"{source}:{number}: cannot decode the line as {encoding} "
                f"(byte 0x{raw[exc.start]:02x} at column {exc.start + 1}){hint}") from None
        except LookupError:
            raise EncodingError(f"unknown encoding {encoding!r} (try utf-8 or gbk)") from None
        yield number, text


def read_jsonl(stream: IO[bytes], source: str = "<input>", *,
               encoding: str = "utf-8") -> Iterator[Numbered]:
    """The households of JSONL bytes, one a line (blank lines are skipped), lazily."""
    for number, text in _decoded_lines(stream, source, encoding):
        if text.strip():
            yield Numbered(number, source, text)


def _field_types(cls: type[Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {a.name: hints[a.name] for a in attrs.fields(cls) if a.init}


_NESTED: Final = {"rigid_expenditure": RigidExpenditure, "housing": Housing,
                  "water": DrinkingWater}


def _columns() -> tuple[dict[str, tuple[tuple[str, ...], Any]], dict[str, Any]]:
    household: dict[str, tuple[tuple[str, ...], Any]] = {}
    for name, t in _field_types(Household).items():
        if name == "members":
            continue
        if name in _NESTED:
            for sub, st in _field_types(_NESTED[name]).items():
                household[f"household.{name}.{sub}"] = ((name, sub), st)
        else:
            household[f"household.{name}"] = ((name,), t)
    member = {f"member.{name}": t for name, t in _field_types(Member).items()}
    return household, member


#: The household columns of the flat CSV layout (see the module doc).
CSV_HOUSEHOLD_COLUMNS: Final = tuple(_columns()[0])
#: The member columns of the flat CSV layout.
CSV_MEMBER_COLUMNS: Final = tuple(_columns()[1])


def _base(t: Any) -> Any:
    """``X`` of ``X | None``."""
    if isinstance(t, types.UnionType) or typing.get_origin(t) is typing.Union:
        args = [a for a in typing.get_args(t) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return t


def _cell(text: str, t: Any) -> Any:
    """The JSON value of one CSV cell for a field of type ``t`` (raises ValueError)."""
    base = _base(t)
    if base is bool:
        if text in ("true", "false"):
            return text == "true"
        raise ValueError(f"expected true or false, got {text!r}")
    if base is int:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"expected an integer, got {text!r}") from None
    if typing.get_origin(base) is tuple:
        return [] if text == "-" else [v.strip() for v in text.split(";")]
    return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value) if value else "-"
    return str(value)


def csv_rows(household: Mapping[str, Any]) -> list[dict[str, str]]:
    """The flat CSV rows (one per member) of a household's JSON value: the inverse of
    :func:`read_csv`, for writing files in the layout (see the module doc)."""
    household_cols, _ = _columns()
    common: dict[str, str] = {}
    for col, (path, _t) in household_cols.items():
        value: Any = household
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        common[col] = _text(value)
    return [{**common, **{f"member.{k}": _text(v) for k, v in m.items()}}
            for m in household["members"]]


def read_csv(stream: IO[bytes], source: str = "<input>", *,
             encoding: str = "utf-8") -> Iterator[Numbered]:
    """The households of a flat CSV file (one row per member; see the module doc), lazily.

    Each household is numbered by the line of its first row.
    """
    household_cols, member_cols = _columns()
    numbered = _decoded_lines(stream, source, encoding)
    line_of = [0]

    def lines() -> Iterator[str]:
        for number, text in numbered:
            line_of[0] = number
            yield text

    reader = csv.reader(lines())
    header = next(reader, None)
    if header is None:
        return
    unknown = [h for h in header if h not in household_cols and h not in member_cols]
    if unknown or "household.id" not in header or "member.id" not in header:
        bad = [f"unknown column {h!r}" for h in unknown] or [
            "the header needs household.id and member.id columns"]
        yield Numbered(1, source, None, tuple(bad))
        return
    current: dict[str, Any] | None = None
    current_id: str | None = None
    start = 0
    problems: list[str] = []
    for row in reader:
        number = line_of[0]
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            if current is not None:
                yield Numbered(start, source, None if problems else current, tuple(problems))
                current, current_id = None, None
            yield Numbered(number, source, None, (
                f"expected {len(header)} cells, got {len(row)}",))
            continue
        cells = dict(zip(header, row, strict=True))
        hid = cells["household.id"]
        if current is None or hid != current_id:
            if current is not None:
                yield Numbered(start, source, None if problems else current, tuple(problems))
            current, current_id, start, problems = {"members": []}, hid, number, []
            for col, (path, t) in household_cols.items():
                text = cells.get(col, "")
                if text == "":
                    continue
                try:
                    value = _cell(text, t)
                except ValueError as exc:
                    problems.append(f"line {number}, column {col}: {exc}")
                    continue
                target = current
                for key in path[:-1]:
                    target = target.setdefault(key, {})
                target[path[-1]] = value
        member: dict[str, Any] = {}
        for col, t in member_cols.items():
            text = cells.get(col, "")
            if text == "":
                continue
            try:
                member[col.removeprefix("member.")] = _cell(text, t)
            except ValueError as exc:
                problems.append(f"line {number}, column {col}: {exc}")
        current["members"].append(member)
    if current is not None:
        yield Numbered(start, source, None if problems else current, tuple(problems))


# --------------------------------------------------------------------------- assessing


def _summary_record(a: Assessment[MonitoringDecision]) -> dict[str, Any]:
    return {"subject": a.subject_id, "on": a.on.isoformat(), "decision": a.decision.to_json(),
            "outcomes": {f.spec.id: f.outcome._value_ for f in a.findings},
            "statuses": {f.spec.id: f.status._value_ for f in a.findings},
            "notices": [{"code": n.code, "message_zh": n.message_zh,
                         "message_en": n.message_en} for n in a.notices],
            "provenance": a.provenance.to_json()}


def summary_record(a: Assessment[MonitoringDecision]) -> dict[str, Any]:
    """The summary record of an assessment (``detail="summary"``): subject, date, decision,
    each rule's outcome and status, notices and provenance, without the findings' reasons."""
    return _summary_record(a)


def _error(item: Numbered, problems: Iterable[str]) -> dict[str, Any]:
    return {"line": item.line, "error": {"position": item.position, "problems": list(problems)}}


class _Runner:
    """Assesses :class:`Numbered` items with one assessor and one converter (per process)."""

    def __init__(self, task: BatchTask) -> None:
        self.task = task
        self.assessor = MonitoringAssessor.of(task.params, task.on)
        self.converter = make_converter()

    def record(self, item: Numbered) -> dict[str, Any]:
        if item.error or item.household is None:
            return _error(item, item.error or ("no household",))
        try:
            # The digest is hashed from the JSON value just read (its public form), not
            # from the household written out again.
            text = item.household
            read = _read_hashed(text, Household, self.converter) if isinstance(
                text, str) else None
            if read is not None:
                h, _, digest = read
                a = self.assessor(h, digest)
            else:
                if isinstance(text, str):
                    h, value = _read(text, Household, source=None, converter=self.converter)
                else:
                    value = text
                    h = from_json_value(value, Household, converter=self.converter)
                a = self.assessor(h, functools.partial(self._digest, h, value))
        except InvalidInputError as exc:
            return _error(item, (str(p) for p in exc.problems))
        except RevitalizeError as exc:
            return _error(item, (str(exc),))
        out: dict[str, Any] = {"line": item.line}
        out.update(_summary_record(a) if self.task.detail != "full" else a.to_json())
        return out

    def _digest(self, h: Household, value: Any) -> str:
        digest = _value_sha256(value, Household, self.converter)
        return digest if digest is not None else self.assessor.input_sha256(h)

    def run(self, chunk: Iterable[Numbered]) -> list[dict[str, Any]]:
        return [self.record(item) for item in chunk]

    def encoded(self, chunk: Iterable[Numbered], fmt: str) -> tuple[list[Any], BatchStatistics]:
        """The chunk's records already encoded for ``fmt`` (JSON text or CSV cells) and
        their statistics: what goes back to the writing process is small."""
        stats = BatchStatistics()
        out: list[Any] = []
        for item in chunk:
            r = self.record(item)
            stats.add(r)
            out.append(_csv_row(r) if fmt == "csv" else _codec.active().dumps_line(r))
        return out, stats


def assess_partition(task: BatchTask, items: Iterable[Numbered | str]) -> Iterator[dict[str, Any]]:
    """Assess one partition of items lazily (Dask's ``map_partitions``, Spark's
    ``mapPartitions``): :class:`Numbered` items, or JSON texts numbered from 1."""
    runner = _Runner(task)
    for i, item in enumerate(items, start=1):
        yield runner.record(item if isinstance(item, Numbered)
                            else Numbered(i, "<partition>", item))


def _run_chunk(task: BatchTask, chunk: list[Numbered]) -> list[dict[str, Any]]:
    """One chunk with an assessor of its own (a worker of another engine's job)."""
    return _Runner(task).run(chunk)


#: The runner of a worker process of :func:`_map_chunks`, built once by the pool's
#: initializer (:func:`_start_worker`): the task is sent once, not with every chunk, and
#: the assessor, the converter and its generated hooks are built once per process.
_worker: _Runner | None = None

#: A chunk as plain tuples ``(line, source, household, error)``: pickling them costs a
#: tenth of pickling the :class:`Numbered` items, and the writing process pays for it.
_Packed = list[tuple[int, str, "str | Mapping[str, Any] | None", tuple[str, ...]]]


def _start_worker(task: BatchTask) -> None:
    global _worker
    _worker = _Runner(task)


def _pack(chunk: list[Numbered]) -> _Packed:
    return [(n.line, n.source, n.household, n.error) for n in chunk]


def _unpacked(packed: _Packed) -> Iterator[Numbered]:
    return (Numbered(*item) for item in packed)


def _work_records(packed: _Packed) -> list[dict[str, Any]]:
    """A worker process's job: the records of one chunk."""
    assert _worker is not None, "not a worker process of _map_chunks"
    return _worker.run(_unpacked(packed))


def _work_encoded(fmt: str, packed: _Packed) -> tuple[list[Any], BatchStatistics]:
    """A worker process's job when writing a file: one chunk, encoded, with its counts."""
    assert _worker is not None, "not a worker process of _map_chunks"
    return _worker.encoded(_unpacked(packed), fmt)


T = TypeVar("T")


def _context() -> multiprocessing.context.BaseContext:
    """Workers start clean (``forkserver`` where there is one, else ``spawn``): nothing of
    the calling process (threads, tracing, open files) is inherited. The fork server
    imports this module once (added to what it preloads), so a worker starts as a fork of
    it instead of importing the library again."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    from multiprocessing import forkserver  # Unix only

    context = multiprocessing.get_context("forkserver")
    server = getattr(forkserver, "_forkserver", None)
    preload = list(getattr(server, "_preload_modules", None) or ["__main__"])
    if __name__ not in preload:
        context.set_forkserver_preload([*preload, __name__])
    return context


def _map_chunks(items: Iterable[Numbered], serial: Callable[[list[Numbered]], T],
                parallel: Callable[[_Packed], T], workers: int, chunk_size: int,
                task: BatchTask) -> Iterator[tuple[int, T]]:
    """``(chunk length, result)`` of each chunk in input order, serially or in processes.

    ``parallel`` runs in a worker process (started with ``task``) on a packed chunk; it
    must pickle (a module-level function or a ``functools.partial`` of one). At most two
    chunks per worker are in flight, so memory stays bounded.
    """
    if workers <= 1:
        for chunk in _chunks(items, chunk_size):
            yield len(chunk), serial(chunk)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                             initializer=_start_worker, initargs=(task,)) as pool:
        pending: collections.deque[tuple[int, Future[T]]] = collections.deque()
        for chunk in _chunks(items, chunk_size):
            pending.append((len(chunk), pool.submit(parallel, _pack(chunk))))
            if len(pending) >= 2 * workers:
                n, future = pending.popleft()
                yield n, future.result()
        while pending:
            n, future = pending.popleft()
            yield n, future.result()


def _chunks(items: Iterable[Numbered], size: int) -> Iterator[list[Numbered]]:
    chunk: list[Numbered] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def assess_records(items: Iterable[Numbered], task: BatchTask, *, workers: int = 1,
                   chunk_size: int = DEFAULT_CHUNK,
                   on_chunk: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """One record per item, in input order, lazily.

    With ``workers > 1`` chunks go to that many processes; at most two chunks per
    worker are in flight, so memory stays bounded however long the input.
    ``on_chunk(n)`` is called after each chunk of ``n`` records (a progress bar).
    """
    runner = _Runner(task) if workers <= 1 else None
    serial = runner.run if runner is not None else _unused
    for n, records in _map_chunks(items, serial, _work_records, workers, chunk_size, task):
        yield from records
        if on_chunk is not None:
            on_chunk(n)


def _unused(chunk: list[Numbered]) -> Any:  # pragma: no cover - never called
    raise AssertionError("serial runner used with workers > 1")


def stream(source: IO[bytes], target: Path | str, task: BatchTask, *, fmt_in: str = "jsonl",
           fmt_out: str | None = None, encoding: str = "utf-8", source_name: str = "<input>",
           workers: int = 1, chunk_size: int = DEFAULT_CHUNK,
           on_chunk: Callable[[int], None] | None = None) -> BatchStatistics:
    """Read households from ``source`` (``jsonl`` or ``csv``), assess them and write one
    record each to ``target`` (``fmt_out``, default ``fmt_in``) atomically; the counts.

    Workers return their records encoded, with the counts of their chunk, so the
    writing process does little per household. Raises :class:`EncodingError` (and
    writes nothing) when a line does not decode.
    """
    fmt = fmt_out or fmt_in
    reader = read_jsonl if fmt_in == "jsonl" else read_csv
    items = reader(source, source_name, encoding=encoding)
    stats = BatchStatistics()
    runner = _Runner(task) if workers <= 1 else None
    serial = functools.partial(runner.encoded, fmt=fmt) if runner is not None else _unused
    chunks = _map_chunks(items, serial, functools.partial(_work_encoded, fmt), workers,
                         chunk_size, task)

    def rows() -> Iterator[Any]:
        for n, (encoded, counts) in chunks:
            stats.merge(counts)
            yield from encoded
            if on_chunk is not None:
                on_chunk(n)

    _write_encoded(Path(target), rows(), fmt)
    return stats


def assess_stream(households: Iterable[Household], params: ParameterSet,
                  on: dt.date) -> Iterator[Assessment[MonitoringDecision]]:
    """Assess households lazily with one assessor (parameters read once)."""
    assessor = MonitoringAssessor.of(params, on)
    for h in households:
        yield assessor(h)


def diff_stream(households: Iterable[Household], base: ParameterSet, reform: ParameterSet,
                on: dt.date) -> ImpactDiff[MonitoringDecision]:
    """The households whose decision changes under ``reform``, lazily, with the summary
    (:func:`~revitalize.policy.diff.impact_diff`)."""
    return impact_diff(households, base, reform, on)


# --------------------------------------------------------------------------- statistics

#: The statuses in the summary's order (problems first).
_STATUS_KEYS: Final = tuple(s.value for s in STATUS_ORDER)


@attrs.define
class BatchStatistics:
    """Counts over a stream of records, in constant memory (what ``assess`` summarizes)."""

    records: int = 0
    errors: int = 0
    ranges: Counter[str] = attrs.field(factory=Counter)
    dynamic_monitoring: int = 0
    with_warnings: int = 0
    categories: Counter[str] = attrs.field(factory=Counter)
    risks: Counter[str] = attrs.field(factory=Counter)
    measures: Counter[str] = attrs.field(factory=Counter)
    towns: Counter[str] = attrs.field(factory=Counter)
    #: The distinct warnings of the run (each once, however many households carry it).
    notices: dict[tuple[str, str], dict[str, str]] = attrs.field(factory=dict)
    #: Findings by status (``problem``, ``ok``, ``info``, ``undecided``, ``not_applicable``).
    statuses: Counter[str] = attrs.field(factory=Counter)
    #: Findings whose status is ``problem``, by rule ID.
    problems: Counter[str] = attrs.field(factory=Counter)

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one record (an assessment's JSON, or an error record)."""
        self.records += 1
        if "error" in record:
            self.errors += 1
            return
        d = record["decision"]
        self.ranges["in_range" if d["in_range"] else "not_in_range"
                    if d["in_range"] is False else "undecided"] += 1
        if d["dynamic_monitoring"]:
            self.dynamic_monitoring += 1
        if record.get("notices"):
            self.with_warnings += 1
            for n in record["notices"]:
                self.notices.setdefault((n["code"], n["message_en"]), n)
        if d["category"]:
            self.categories[d["category"]] += 1
        self.risks.update(d["risks"])
        self.measures.update(m["type"] for m in d["measures"])
        if d["in_range"]:
            self.towns[d["town"]] += 1
        raw = record.get("statuses")  # {rule: status}, or (rule, status) pairs
        pairs: Iterable[tuple[str, str]] = (
            raw.items() if isinstance(raw, Mapping) else raw if raw is not None
            else ((f["rule"], f["status"]) for f in record.get("findings", ())))  # full record
        for rule, status in pairs:
            self.statuses[status] += 1
            if status == "problem":
                self.problems[rule] += 1

    def merge(self, other: BatchStatistics) -> None:
        """Add the counts of ``other`` (a chunk's) to these."""
        self.records += other.records
        self.errors += other.errors
        self.dynamic_monitoring += other.dynamic_monitoring
        self.with_warnings += other.with_warnings
        for mine, theirs in ((self.ranges, other.ranges), (self.categories, other.categories),
                             (self.risks, other.risks), (self.measures, other.measures),
                             (self.towns, other.towns), (self.statuses, other.statuses),
                             (self.problems, other.problems)):
            mine.update(theirs)
        for key, notice in other.notices.items():
            self.notices.setdefault(key, notice)

    def add_assessment(self, a: Assessment[MonitoringDecision]) -> None:
        """Count one assessment."""
        self.add({"decision": a.decision.to_json(), "notices": [
            {"code": n.code, "message_zh": n.message_zh, "message_en": n.message_en}
            for n in a.notices], "statuses": [(f.spec.id, f.status.value) for f in a.findings]})

    def to_json(self) -> dict[str, Any]:
        """The summary: records, assessed, errors, range, categories, risks, measures, towns,
        findings by status and problems by rule."""
        return {
            "records": self.records,
            "assessed": self.records - self.errors,
            "errors": self.errors,
            "in_range": self.ranges["in_range"],
            "not_in_range": self.ranges["not_in_range"],
            "undecided": self.ranges["undecided"],
            "dynamic_monitoring": self.dynamic_monitoring,
            "with_warnings": self.with_warnings,
            "categories": dict(sorted(self.categories.items())),
            "risks": dict(sorted(self.risks.items())),
            "measures": dict(sorted(self.measures.items())),
            "towns": dict(sorted(self.towns.items())),
            "statuses": {k: self.statuses[k] for k in _STATUS_KEYS if self.statuses[k]},
            "problems": dict(sorted(self.problems.items())),
            "notices": list(self.notices.values()),
        }


# --------------------------------------------------------------------------- writing

#: The columns of the output CSV (one row per household).
CSV_OUTPUT_COLUMNS: Final = (
    "line", "subject", "error", "in_range", "include", "category", "plan", "risks", "measures",
    "dynamic_monitoring", "insufficient_data", "notices", "town", "village", "input_sha256")


def _csv_row(r: Mapping[str, Any]) -> list[str]:
    def flag(v: object) -> str:
        return "" if v is None else "true" if v else "false"

    if "error" in r:
        return [str(r["line"]), "", "; ".join(r["error"]["problems"]), *[""] * 12]
    d = r["decision"]
    return [str(r["line"]), r["subject"], "", flag(d["in_range"]), flag(d["include"]),
            d["category"] or "", d["plan"] or "", ";".join(d["risks"]),
            ";".join(m["type"] for m in d["measures"]), flag(d["dynamic_monitoring"]),
            ";".join(f"{x['rule']}:{x['field']}" for x in d["insufficient_data"]),
            ";".join(n["code"] for n in r["notices"]), d["town"], d["village"],
            r["provenance"]["input_sha256"]]


def _json_line(r: Mapping[str, Any]) -> str:
    return json.dumps(r, ensure_ascii=False, separators=(",", ":"))


def write_atomic(path: Path | str, records: Iterable[Mapping[str, Any]], *,
                 fmt: str = "jsonl") -> int:
    """Write ``records`` as ``jsonl`` or ``csv`` to ``path`` atomically; the count written.

    The records go to a temporary file in the same directory, renamed over
    ``path`` (``os.replace``) once all are written; on any error the temporary
    file is removed and ``path`` is left as it was.
    """
    encode = _csv_row if fmt == "csv" else _json_line
    return _write_encoded(Path(path), (encode(r) for r in records), fmt)


def _write_encoded(path: Path, rows: Iterable[Any], fmt: str) -> int:
    """Write encoded rows (JSON lines, or CSV cells) atomically; the count written."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    n = 0
    try:
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with open(fd, "w", encoding=encoding, newline="") as out:
            if fmt == "csv":
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(CSV_OUTPUT_COLUMNS)
                for row in rows:
                    writer.writerow(row)
                    n += 1
            else:
                for line in rows:
                    out.write(line)
                    out.write("\n")
                    n += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
