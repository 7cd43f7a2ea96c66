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

Workers
    With ``workers > 1`` chunks of input go to a :class:`~concurrent.futures.ProcessPoolExecutor`
    and their records come back in order. :func:`stream` hands JSONL on as blocks of raw
    lines; from a regular file, as offsets only: the workers read the file themselves
    (``os.pread`` on a duplicate of its descriptor) and leave their blocks of output in
    in-memory spool files that the kernel copies to the output file. These are written
    here, not taken from a library, because the pool moves arguments and results only
    pickled through its pipes, and with two workers on two cores the CPU the reading
    and writing process spends moving 4 KB a household through them is taken from the
    workers (``_file_spans``, ``_SharedFile``, ``_spools`` say what each does and what it
    saved).

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
software reads the Chinese text); its ``referrals`` cell lists the sector
referrals of a household that is not a subject as ``type:member,member``.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import datetime as dt
import errno
import functools
import glob
import io
import json
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import re
import secrets
import signal
import socket
import stat
import threading
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
from .models._fields import is_personal
from .models.household import DrinkingWater, Household, Housing, Member, RigidExpenditure
from .policy.diff import ImpactDiff, impact_diff
from .policy.engine import STATUS_BY_OUTCOME, STATUS_ORDER, Assessment, Notice, Status
from .policy.monitoring import MonitoringAssessor, MonitoringDecision, run_notices
from .policy.parameters import ParameterSet
from .reading import (
    DEFAULT_LIMITS,
    HEAD_BYTES,
    Limits,
    bounded_lines,
    depth_message,
    surrogate_at,
)
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
    "InputChangedError",
    "Numbered",
    "OutputError",
    "assess_partition",
    "assess_records",
    "assess_stream",
    "csv_rows",
    "diff_stream",
    "json_items",
    "notice_json",
    "read_csv",
    "read_json",
    "read_jsonl",
    "stream",
    "summary_record",
    "write_atomic",
]

#: Lines of JSONL (households of CSV) per chunk handed to a worker.
DEFAULT_CHUNK: Final = 500


class EncodingError(RevitalizeError, UnicodeError):
    """The encoding given is not known (a line that does not decode is an error record)."""


class OutputError(RevitalizeError, ValueError):
    """An output path that must not be written: the input itself, a device, a broken link."""


@attrs.frozen
class Numbered:
    """One input item: its line number, its household (JSON text or value), or its error."""

    line: int
    source: str
    #: The household as JSON text (JSONL; or the UTF-8 bytes of a line that
    #: :func:`stream` hands on undecoded, see :func:`_raw_items`) or a parsed JSON value
    #: (CSV); None with ``error``.
    household: str | bytes | Mapping[str, Any] | None
    #: Problems found while reading (a CSV cell that is not a number ...).
    error: tuple[str, ...] = ()
    #: The index of an element of a JSON array (its position is ``file[index]``).
    index: int | None = None

    @property
    def position(self) -> str:
        """``file:line``, or ``file[index]`` for an element of a JSON array."""
        if self.index is not None:
            return f"{self.source}[{self.index}]"
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
    #: How much a record may hold (:mod:`revitalize.reading`): size, depth, problems listed.
    limits: Limits = DEFAULT_LIMITS
    #: Whether each record repeats the run's warnings (the same for every household: a
    #: stale monitoring line). :func:`stream` leaves them out (False): its summary
    #: (:attr:`BatchStatistics.notices`) lists them once.
    run_notices_in_records: bool = True


# --------------------------------------------------------------------------- reading


def _text_codec(encoding: str) -> str:
    """The codec of ``encoding`` (raises :class:`EncodingError` for an unknown one)."""
    codec = "utf-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") \
        else encoding
    try:
        codecs.lookup(codec)
    except LookupError:
        raise EncodingError(f"unknown encoding {encoding!r} (try utf-8 or gbk)") from None
    return codec


def _too_long(length: int, limits: Limits) -> str:
    return (f"the record is {length:,} bytes, larger than the limit of "
            f"{limits.max_record_bytes:,} bytes (raise it with --max-record-size)")


class _Line(typing.NamedTuple):
    """One line of input: its text (None when it could not be read) and what was wrong."""

    number: int
    text: str | None
    size: int
    problem: str | None = None


def _decoded_lines(stream: IO[bytes], source: str, encoding: str, limits: Limits = DEFAULT_LIMITS,
                   *, escape: bool = False) -> Iterator[_Line]:
    """Each line, decoded one at a time and at most ``limits.max_record_bytes`` long.

    A line that is too long has no text (only its head, with ``escape``, for the
    CSV reader to find its household). A line that does not decode has a
    problem naming the byte and the encoding, and no text — or, with ``escape``,
    its text with the undecodable bytes kept as lone surrogates (U+DC80–U+DCFF)
    for the CSV reader to name the cells they are in.
    """
    codec = _text_codec(encoding)
    for number, raw, size in bounded_lines(stream, limits.max_record_bytes):
        yield _decoded(number, raw, size, codec, encoding, limits, escape)


def _decoded(number: int, raw: bytes, size: int, codec: str, encoding: str, limits: Limits,
             escape: bool = False) -> _Line:
    """One line of :func:`bounded_lines`, decoded (see :func:`_decoded_lines`)."""
    if number == 1 and raw.startswith(b"\xef\xbb\xbf") and codec == "utf-8":
        raw = raw[3:]
    if size > limits.max_record_bytes:
        head = raw.decode(codec, "surrogateescape") if escape else None
        return _Line(number, head, size, _too_long(size, limits))
    try:
        return _Line(number, raw.decode(codec), size)
    except UnicodeDecodeError as exc:
        return _Line(number, raw.decode(codec, "surrogateescape") if escape else None, size,
                     _undecodable(raw, exc, codec, encoding))


def _undecodable(raw: bytes, exc: UnicodeDecodeError, codec: str, encoding: str) -> str:
    """The problem of a line that does not decode (``encoding`` as the user named it)."""
    hint = ("; a file saved by older office software is often GBK: try --encoding gbk"
            if codec == "utf-8" else "; check the file's encoding")
    return (f"cannot decode the line as {encoding} (byte 0x{raw[exc.start]:02x} at "
            f"column {exc.start + 1}){hint}")


def read_jsonl(stream: IO[bytes], source: str = "<input>", *,
               encoding: str = "utf-8", limits: Limits | None = None) -> Iterator[Numbered]:
    """The households of JSONL bytes, one a line (blank lines are skipped), lazily.

    A line that is longer than ``limits.max_record_bytes`` or does not decode is
    an item with an error (its line number, the reason); reading goes on.
    """
    for line in _decoded_lines(stream, source, encoding, limits or DEFAULT_LIMITS):
        item = _jsonl_item(line, source)
        if item is not None:
            yield item


def _jsonl_item(line: _Line, source: str) -> Numbered | None:
    """The item of one JSONL line (None for a blank line)."""
    if line.problem is not None:
        return Numbered(line.number, source, None, (line.problem,))
    if line.text is not None and line.text.strip():
        return Numbered(line.number, source, line.text)
    return None


#: A chunk of JSONL input as the reading process hands it on: the number of its first line
#: and its pieces: each a block of whole lines as read (ends of line included; the last
#: line of the input may have none), or ``(head, length)`` for one line longer than the
#: limit, of which only the head was kept. Splitting the blocks into lines, decoding and
#: everything after happen where the chunk goes (:func:`_raw_items`).
_RawChunk = tuple[int, list["bytes | tuple[bytes, int]"]]

#: Bytes read from the input at a time while cutting it into chunks.
_READ_BYTES: Final = 256 * 1024


def _raw_jsonl_chunks(stream: IO[bytes], limits: Limits, size: int,
                      read_bytes: int | None = None) -> Iterator[_RawChunk]:
    """``size`` lines of JSONL at a time (blank lines counted), undecoded, as blocks of bytes.

    The lines are the ones :func:`~revitalize.reading.bounded_lines` reads (split after
    each ``\\n`` byte, whatever the encoding: in UTF-16, whose characters may hold that
    byte, too, as before), but this process does not handle them one by one: it reads
    ``read_bytes`` at a time and finds the end of each chunk's last line, and the chunk
    goes on as one ``bytes`` object per block (pickled as one copy; a chunk is handed on
    once its lines are there, as before, not once ``read_bytes`` are). A line that has
    more than ``limits.max_record_bytes + 1`` bytes with no end of line in sight is not
    held whole: its head (:data:`~revitalize.reading.HEAD_BYTES`) is kept and the rest
    is read and dropped, counting its length as :func:`bounded_lines` does (the end of
    line, ``\\n`` or ``\\r\\n``, not counted). So memory stays at one chunk, one read and
    the limit, whatever the input. Written here rather than with ``readline`` (what
    :func:`bounded_lines` does): with two workers on two cores this process's CPU is
    taken from the workers, and a ``readline``, a tuple and a pickled object per line
    made about a fifth of it (its CPU fell from 7.0–8.3 to 5.6–6.0 µs a household,
    reading a file with two workers).
    """
    most = limits.max_record_bytes
    read_bytes = read_bytes or _READ_BYTES
    # read1: what is there, up to read_bytes (a pipe's lines go on as they come, as with
    # readline), one system call at most
    read: Callable[[int], bytes] = getattr(stream, "read1", None) or stream.read
    buf = bytearray()  # unsent input: whole lines from 0 to ``at``, then part of one
    at = 0  # where the next line starts
    found = 0  # whole lines in buf[:at] not sent yet (in addition to ``pieces``)
    first = 1  # the number of the chunk's first line
    pieces: list[bytes | tuple[bytes, int]] = []
    counted = 0  # lines in ``pieces``
    find = buf.find
    while True:
        end = find(b"\n", at)
        if end >= 0:
            at = end + 1
            found += 1
            if counted + found >= size:
                pieces.append(_first_bytes(buf, at))
                yield first, pieces
                del buf[:at]
                first += counted + found
                at = found = counted = 0
                pieces = []
            continue
        if len(buf) - at >= most + 2:  # a line too long: its head, then skip the rest
            if found:
                pieces.append(_first_bytes(buf, at))
                counted += found
                found = 0
            head = bytes(buf[at:at + HEAD_BYTES])
            length = len(buf) - at
            last = buf[-1:]
            buf.clear()
            at = 0
            while True:
                piece = read(read_bytes)
                if not piece:
                    break
                end = piece.find(b"\n")
                if end < 0:
                    length += len(piece)
                    last = bytearray(piece[-1:])
                    continue
                # the end of line (\n or \r\n, the \r maybe read before) is not counted
                length += end - (1 if (piece[end - 1:end] if end else last) == b"\r" else 0)
                buf += memoryview(piece)[end + 1:]
                break
            pieces.append((head, length))
            counted += 1
            if counted >= size:
                yield first, pieces
                first += counted
                counted = 0
                pieces = []
            continue
        data = read(read_bytes)
        if not data:
            break
        buf += data
    if len(buf) > at:  # the last line, with no end of line
        found += 1
        at = len(buf)
    if found:
        pieces.append(_first_bytes(buf, at))
    if pieces:
        yield first, pieces


def _first_bytes(buf: bytearray, n: int) -> bytes:
    """The first ``n`` bytes of ``buf``, copied once (the view is released, so ``buf``
    can be resized afterwards)."""
    with memoryview(buf) as view, view[:n] as part:
        return bytes(part)


def _raw_items(chunk: _RawChunk, source: str, encoding: str,
               limits: Limits, expect: list[int] | None = None) -> Iterator[Numbered]:
    """The items of a raw chunk: what :func:`read_jsonl` yields for these lines.

    A block is split into lines as ``readline`` splits (after each ``\\n`` byte, what
    :func:`~revitalize.reading.bounded_lines` reads), and each line is what
    :func:`_decoded` and :func:`_jsonl_item` make of it; the common case (a line within
    the limit that decodes, after line 1) is written in line to skip their calls. With
    ``expect`` (the lines each piece holds: a chunk read from a file by a worker,
    :func:`_span_chunk`), a block that holds other lines raises
    :class:`InputChangedError` once its lines are split (counting them here costs
    nothing; ``bytes.count`` on the block would cost a worker 0.6 µs a household).
    """
    codec = _text_codec(encoding)
    most = limits.max_record_bytes
    number, pieces = chunk
    # A line of a UTF-8 input that starts with "{" (so is not blank) goes on undecoded
    # when the codec parses UTF-8 bytes (orjson): the record decodes it only if the fast
    # path refuses it, and words a line that does not decode as _decoded does
    # (_Runner.record; the records are the same, tests/test_jsonl_blocks.py).
    undecoded = codec == "utf-8" and encoding == "utf-8" and (
        _codec.active().loads_utf8 is not None)
    for k, piece in enumerate(pieces):
        if isinstance(piece, tuple):
            head, length = piece
            item = _jsonl_item(_decoded(number, head, length, codec, encoding, limits), source)
            number += 1
            if item is not None:
                yield item
            continue
        start = number
        for raw in io.BytesIO(piece):
            content = len(raw) - (2 if raw.endswith(b"\r\n") else 1 if raw.endswith(b"\n")
                                  else 0)
            if content <= most and number != 1:
                if undecoded and raw[:1] == b"{":
                    yield Numbered(number, source, raw)
                    number += 1
                    continue
                try:
                    text = raw.decode(codec)
                except UnicodeDecodeError:
                    pass
                else:
                    if text.strip():
                        yield Numbered(number, source, text)
                    number += 1
                    continue
            item = _jsonl_item(_decoded(number, raw, content, codec, encoding, limits), source)
            number += 1
            if item is not None:
                yield item
        if expect is not None and number - start != expect[k]:
            raise _changed(source, f"lines {start} to {start + expect[k] - 1} are not "
                                   "where they were")


# ------------------------------------------------------- JSONL of a regular file, read in place

class InputChangedError(RevitalizeError):
    """The input file changed while it was being read (a worker found other bytes where the
    reading process had found the ends of lines): the records would be wrong. The run
    stops; an output file is not written (:func:`write_atomic`'s temporary file is
    removed)."""


#: A chunk of a regular file as the reading process hands it on when the workers read the
#: file themselves (:func:`_file_spans`): the number of its first line and its pieces, each
#: ``(offset, size, lines, ended)`` for a block of whole lines (``lines`` of them, the last
#: one ended by ``\\n`` unless ``ended`` is false: the end of the file), or ``(offset,
#: length)`` for one line longer than the limit (``length`` as :func:`_raw_jsonl_chunks`
#: measures it). A few integers instead of the chunk's bytes.
_Span = tuple[int, list["tuple[int, int, int, bool] | tuple[int, int]"]]


def _regular_file(source: IO[bytes]) -> tuple[int, int] | None:
    """``(file descriptor, position)`` of ``source`` when it is a regular file opened as
    one (``open(path, "rb")``, or standard input redirected from a file) whose bytes can
    be read in place with ``os.pread``; None for anything else (a pipe, a terminal, an
    in-memory stream, a decompressing reader whose ``fileno`` is its file's)."""
    if not hasattr(os, "pread"):  # pragma: no cover - not POSIX
        return None
    raw = source.raw if isinstance(source, io.BufferedReader | io.BufferedRandom) else source
    if not isinstance(raw, io.FileIO):
        return None
    try:
        fd = source.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode) or not source.seekable():
            return None
        return fd, source.tell()
    except (OSError, ValueError):  # closed, or not seekable after all
        return None


def _file_spans(fd: int, start: int, limits: Limits, size: int,
                read_bytes: int | None = None) -> Iterator[_Span]:
    """:func:`_raw_jsonl_chunks` for a regular file: the same chunks (``size`` lines, blank
    ones counted; a line over the limit on its own) as offsets into the file from
    ``start``, for the workers to read (:func:`_span_chunk`).

    This process still reads the file (``os.pread``, ``read_bytes`` at a time, the
    position of ``fd`` untouched), to number the lines and find the chunks' ends, but
    it keeps nothing: no block is copied, pickled or sent through a pipe. Each end of
    line is found in turn (``bytes.find``, a ``memchr``: counting a read's ends of line
    at once with ``bytes.count`` and finding only the chunk's last took twice as long).
    A line is over the limit when it has more than ``limits.max_record_bytes + 1``
    bytes before its ``\\n`` (its length then leaves out a ``\\r`` before the ``\\n``,
    as :func:`~revitalize.reading.bounded_lines` does; a last line with no end of line
    has its length), like the ``(head, length)`` pieces of :func:`_raw_jsonl_chunks`;
    a line within it goes in its block and :func:`_raw_items` measures it, as there.
    """
    most = limits.max_record_bytes
    read_bytes = read_bytes or _READ_BYTES
    pos = start  # the offset of the next read
    line = start  # where the current line starts
    block = start  # where the current block of whole lines starts
    lines = 0  # whole lines in [block, line)
    counted = 0  # lines in ``pieces``
    first = 1  # the number of the chunk's first line
    pieces: list[tuple[int, int, int, bool] | tuple[int, int]] = []
    before = b""  # the byte before ``pos`` (a \r before a \n at the start of a read)
    while True:
        data = os.pread(fd, read_bytes, pos)
        if not data:
            break
        find = data.find
        i = 0
        while True:
            end = find(b"\n", i)
            if end < 0:
                break
            i = end + 1
            length = pos + end - line  # the line's bytes before its \n
            if length > most + 1:  # over the limit: on its own, measured
                if lines:
                    pieces.append((block, line - block, lines, True))
                    counted += lines
                    lines = 0
                cr = (data[end - 1:end] if end else before) == b"\r"
                pieces.append((line, length - cr))
                counted += 1
                block = pos + i
            else:
                lines += 1
            line = pos + i
            if counted + lines >= size:
                if lines:
                    pieces.append((block, line - block, lines, True))
                yield first, pieces
                first += counted + lines
                counted = lines = 0
                pieces = []
                block = line
        pos += len(data)
        before = data[-1:]
    if pos > line:  # the last line, with no end of line
        if pos - line > most + 1:
            if lines:
                pieces.append((block, line - block, lines, True))
                counted += lines
            pieces.append((line, pos - line))
            counted += 1
        else:
            pieces.append((block, pos - block, lines + 1, False))
    elif lines:
        pieces.append((block, line - block, lines, True))
    if pieces:
        yield first, pieces


def _located(source: IO[bytes], spans: Iterable[_Span]) -> Iterator[tuple[int, _Span]]:
    """``(0, span)`` of each span, with ``source`` moved to the span's end (about: to the
    end of a line over the limit, without its end of line) as it goes: what it has read
    is what a progress bar shows (``source.tell()``), as when it is read."""
    for span in spans:
        offset, size = span[1][-1][:2]
        source.seek(offset + size)
        yield 0, span


def _pread(fd: int, size: int, offset: int) -> bytes:
    """``size`` bytes of ``fd`` from ``offset`` (fewer at the end of the file): one
    ``os.pread``, more for a read larger than one call gives."""
    data = os.pread(fd, size, offset)
    if len(data) in (0, size):
        return data
    parts = [data]
    got = len(data)
    while got < size:
        data = os.pread(fd, size - got, offset + got)
        if not data:
            break
        parts.append(data)
        got += len(data)
    return b"".join(parts)


def _changed(source: str, what: str) -> InputChangedError:
    return InputChangedError(
        f"{source}: the input file changed while it was being read ({what}); run again "
        "when nothing is writing to it")


def _span_chunk(fd: int, span: _Span, source: str) -> tuple[_RawChunk, list[int]]:
    """The chunk of ``span`` read from the file (what :func:`_raw_jsonl_chunks` gives for
    those lines), and the lines each of its pieces must hold (checked by
    :func:`_raw_items`). A line over the limit is read only up to its head
    (:data:`~revitalize.reading.HEAD_BYTES`): memory stays at the chunk's lines within
    the limit. Raises :class:`InputChangedError` when the bytes are not where the
    reading process found them (fewer: the file was cut; a block that does not end
    with its end of line; a head with one)."""
    first, spans = span
    pieces: list[bytes | tuple[bytes, int]] = []
    expect: list[int] = []
    for piece in spans:
        if len(piece) == 2:
            offset, length = piece
            want = min(HEAD_BYTES, length)
            head = _pread(fd, want, offset)
            if len(head) != want or b"\n" in head:
                raise _changed(source, f"line {first + sum(expect)} is not as long as it was")
            pieces.append((head, length))
            expect.append(1)
            continue
        offset, size, lines, ended = piece
        data = _pread(fd, size, offset)
        if len(data) != size or (data[-1:] == b"\n") != ended:
            raise _changed(source, f"lines {first + sum(expect)} to "
                                   f"{first + sum(expect) + lines - 1} are not where they were")
        pieces.append(data)
        expect.append(lines)
    return (first, pieces), expect


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


def _shown(text: str) -> str:
    """A CSV cell's text for a message, shortened."""
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


_CSV_INTEGER: Final = re.compile(r"-?[0-9]{1,18}")


def _cell(text: str, t: Any, personal: bool = False) -> Any:
    """The JSON value of one CSV cell for a field of type ``t`` (raises ValueError).

    The message never shows the text of a personal field's cell.
    """
    base = _base(t)
    got = "a value that is not shown (personal data)" if personal else _shown(text)
    if base is bool:
        if text in ("true", "false"):
            return text == "true"
        raise ValueError(f"expected true or false, got {got}")
    if base is int:
        if _CSV_INTEGER.fullmatch(text):
            return int(text)
        raise ValueError(f"expected an integer of ASCII digits, got {got}")
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


def _personal_columns() -> frozenset[str]:
    """The CSV columns of personal fields (their cells are never shown in a message)."""
    out = {f"member.{a.name}" for a in attrs.fields(Member) if is_personal(a)}
    out.update(f"household.{a.name}" for a in attrs.fields(Household) if is_personal(a))
    for name, cls in _NESTED.items():
        out.update(f"household.{name}.{a.name}" for a in attrs.fields(cls) if is_personal(a))
    return frozenset(out)


def _leading_cells(text: str, n: int) -> list[str]:
    """The first ``n`` cells of a CSV row's text, as far as they can be read (default
    dialect), for a row the ``csv`` module refused: enough to find its household."""
    cells: list[str] = []
    i, end = 0, len(text)
    while len(cells) < n and i <= end:
        if text.startswith('"', i):
            parts, j = [], i + 1
            while True:
                k = text.find('"', j)
                if k < 0:
                    return cells
                parts.append(text[j:k])
                if text.startswith('"', k + 1):
                    parts.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            cells.append("".join(parts))
        else:
            k = len(text)
            for stop in (",", "\r", "\n"):
                found = text.find(stop, i)
                if 0 <= found < k:
                    k = found
            cells.append(text[i:k])
            i = k
        if not text.startswith(",", i):
            break
        i += 1
    return cells


class _CsvReader:
    """The state of :func:`read_csv`: the household being read and the rows it came from."""

    def __init__(self, stream: IO[bytes], source: str, encoding: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.household_cols, self.member_cols = _columns()
        self.personal = _personal_columns()
        self.lines = _decoded_lines(stream, source, encoding, limits, escape=True)
        #: The lines the csv module read since the last row.
        self.pending: list[_Line] = []
        self.current: dict[str, Any] | None = None
        self.current_id: str | None = None
        self.start = 0
        self.size = 0
        self.oversized = False
        self.problems: list[str] = []

    def texts(self) -> Iterator[str]:
        """The lines' texts for the csv module (a line that is too long is an empty row)."""
        for line in self.lines:
            self.pending.append(line)
            yield "\n" if line.size > self.limits.max_record_bytes or line.text is None \
                else line.text

    def finish(self) -> Iterator[Numbered]:
        """The household read so far, if any (as an error when it has problems)."""
        if self.current is not None:
            yield Numbered(self.start, self.source, None if self.problems else self.current,
                           tuple(self.problems))
        self.current, self.current_id, self.problems, self.size = None, None, [], 0
        self.oversized = False

    def begin(self, hid: str, number: int) -> Iterator[Numbered]:
        """Start the household ``hid`` on line ``number`` (finishing the one before)."""
        yield from self.finish()
        self.current, self.current_id, self.start = {"members": []}, hid, number

    def bad_row(self, number: int, hid: str | None, message: str) -> Iterator[Numbered]:
        """A row that cannot be read costs its household, and nothing else.

        When its household cannot be told (a cell before ``household.id`` too
        long to read), the row is an error of its own, and the household being
        read is marked too: the row may have been one of its members.
        """
        if hid is not None:
            if self.current is None or hid != self.current_id:
                yield from self.begin(hid, number)
            self.problems.append(f"line {number}: {message}")
            return
        yield Numbered(number, self.source, None, (message,))
        if self.current is not None:
            self.problems.append(f"line {number}, next to this household's rows, could not be "
                                 "read and may be one of its members")

    def cell_problem(self, number: int, col: str, text: str, decode: str | None) -> str | None:
        if len(text) > self.limits.max_field_chars:
            return (f"line {number}, column {col}: a cell of {len(text):,} characters, longer "
                    f"than the limit of {self.limits.max_field_chars:,} (raise it with "
                    "--max-field-size)")
        if decode is not None and surrogate_at(text) is not None:
            return f"line {number}, column {col}: {decode}"
        return None

    def value(self, number: int, col: str, text: str, t: Any, decode: str | None) -> Any:
        """The JSON value of a cell, or None after recording its problem."""
        problem = self.cell_problem(number, col, text, decode)
        if problem is None:
            try:
                return _cell(text, t, col in self.personal)
            except ValueError as exc:
                problem = f"line {number}, column {col}: {exc}"
        self.problems.append(problem)
        return None

    def __iter__(self) -> Iterator[Numbered]:
        reader = csv.reader(self.texts())
        try:
            header = next(reader, None)
        except csv.Error as exc:
            yield Numbered(1, self.source, None, (f"the header is not valid CSV: {exc}",))
            return
        self.pending.clear()
        if header is None:
            return
        unknown = [h for h in header if h not in self.household_cols
                   and h not in self.member_cols]
        if unknown or "household.id" not in header or "member.id" not in header:
            bad = [f"unknown column {_shown(h)}" for h in unknown] or [
                "the header needs household.id and member.id columns"]
            yield Numbered(1, self.source, None, tuple(bad))
            return
        hid_at = header.index("household.id")
        number = 1
        while True:
            failed: str | None = None
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                row, failed = [], (
                    f"a cell longer than the limit of {self.limits.max_field_chars:,} "
                    "characters (raise it with --max-field-size)" if "field limit" in str(exc)
                    else f"not valid CSV: {exc}")
            consumed, self.pending = self.pending, []
            if consumed:
                number = consumed[-1].number
            size = sum(line.size for line in consumed)
            too_long = [line for line in consumed if line.size > self.limits.max_record_bytes]
            decode = next((line.problem for line in consumed if line.problem is not None
                           and line.size <= self.limits.max_record_bytes), None)
            if too_long:
                failed = too_long[0].problem
            elif failed is None and row and len(row) != len(header) \
                    and any(cell.strip() for cell in row):
                failed = f"expected {len(header)} cells, got {len(row)}"
            if failed is not None:
                cells = row or _leading_cells(
                    "".join(line.text or "" for line in consumed), hid_at + 1)
                hid = cells[hid_at] if len(cells) > hid_at else None
                yield from self.bad_row(number, hid, failed)
                continue
            if not any(cell.strip() for cell in row):
                continue
            cells_by = dict(zip(header, row, strict=True))
            hid = cells_by["household.id"]
            if self.current is None or hid != self.current_id:
                yield from self.begin(hid, number)
                self.read_household(number, cells_by, decode)
            assert self.current is not None
            self.size += size
            if self.size > self.limits.max_record_bytes:
                if not self.oversized:
                    self.oversized = True
                    self.problems.append(
                        f"line {number}: the household's rows are more than "
                        f"{self.limits.max_record_bytes:,} bytes, the limit (raise it with "
                        "--max-record-size)")
                self.current["members"] = []  # not kept: the household is an error
                continue
            self.read_member(number, cells_by, decode)
        yield from self.finish()

    def read_household(self, number: int, cells: Mapping[str, str], decode: str | None) -> None:
        assert self.current is not None
        for col, (path, t) in self.household_cols.items():
            text = cells.get(col, "")
            if text == "":
                continue
            value = self.value(number, col, text, t, decode)
            if value is None:
                continue
            target = self.current
            for key in path[:-1]:
                target = target.setdefault(key, {})
            target[path[-1]] = value

    def read_member(self, number: int, cells: Mapping[str, str], decode: str | None) -> None:
        assert self.current is not None
        member: dict[str, Any] = {}
        for col, t in self.member_cols.items():
            text = cells.get(col, "")
            if text == "":
                continue
            value = self.value(number, col, text, t, decode)
            if value is not None:
                member[col.removeprefix("member.")] = value
        self.current["members"].append(member)


def read_csv(stream: IO[bytes], source: str = "<input>", *,
             encoding: str = "utf-8", limits: Limits | None = None) -> Iterator[Numbered]:
    """The households of a flat CSV file (one row per member; see the module doc), lazily.

    Each household is numbered by the line of its first row. A row that cannot
    be read (too long, a cell over ``limits.max_field_chars``, bytes that do not
    decode, the wrong number of cells) makes its household an error item naming
    the line and column — never the value of a personal field — and reading
    goes on. The ``csv`` module's field limit is process-wide: it is raised to
    ``limits.max_field_chars`` when lower (never lowered).
    """
    limits = limits or DEFAULT_LIMITS
    if csv.field_size_limit() < limits.max_field_chars:
        csv.field_size_limit(limits.max_field_chars)
    return iter(_CsvReader(stream, source, encoding, limits))


_ARRAY_TOKEN: Final = re.compile(r'\\.|["\[\]{},]', re.DOTALL)
#: Bytes read at a time by :func:`read_json`.
_PIECE: Final = 1 << 16


class _ArrayReader:
    """The state of :func:`read_json`: a scan of strings and brackets over decoded pieces
    that cuts a JSON array into its elements, never holding more than one (bounded)."""

    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.mode = "before"  # then "array", "object" or "after"
        self.depth = 0
        self.in_string = False
        self.pieces: list[str] = []
        self.size = 0
        self.deepest = 0
        self.index = 0
        self.line = 1  # the line at the start of the piece being scanned
        self.start_line = 1

    def _add(self, text: str) -> None:
        self.size += len(text)
        if self.size <= self.limits.max_record_bytes:
            self.pieces.append(text)
        else:
            self.pieces.clear()

    def _element(self, *, last: bool) -> Iterator[Numbered]:
        """The element read so far (none for ``[]``), and start the next."""
        text = "".join(self.pieces)
        size, deepest, line = self.size, self.deepest, self.start_line
        self.pieces, self.size, self.deepest = [], 0, 0
        if size <= self.limits.max_record_bytes and not text.strip():
            if last and self.index == 0:
                return  # the empty array
            problem = "expected a value before ']'" if last else "expected a value before ','"
            yield Numbered(line, self.source, None, (problem,), self.index)
        elif size > self.limits.max_record_bytes:
            yield Numbered(line, self.source, None, (
                f"the element is {size:,} characters, more than the limit of "
                f"{self.limits.max_record_bytes:,} bytes (raise it with --max-record-size)",),
                self.index)
        elif deepest > self.limits.max_depth:
            yield Numbered(line, self.source, None, (depth_message(self.limits.max_depth),),
                           self.index)
        else:
            yield Numbered(line, self.source, text, (), self.index)
        self.index += 1

    def feed(self, chunk: str) -> Iterator[Numbered]:
        """Scan one decoded piece of the file."""
        pos = 0
        if self.mode == "before":
            stripped = chunk.lstrip(" \t\r\n\ufeff")
            if not stripped:
                self.line += chunk.count("\n")
                return
            pos = len(chunk) - len(stripped)
            self.start_line = self.line + chunk.count("\n", 0, pos)
            if stripped[0] == "[":
                self.mode, self.depth, pos = "array", 1, pos + 1
            elif stripped[0] == "{":
                self.mode = "object"
            else:
                self.mode = "after"
                yield Numbered(self.start_line, self.source, None, (
                    "expected a JSON object (a household) or an array of them",))
                return
        if self.mode == "object":
            self._add(chunk[pos:])
            return
        if self.mode == "after":
            if chunk.strip():
                self.mode = "done"
                yield Numbered(self.line, self.source, None, (
                    "unexpected text after the end of the array",), self.index)
            return
        if self.mode == "done":
            return
        begin = pos
        for m in _ARRAY_TOKEN.finditer(chunk, pos):
            token = m.group()
            if self.in_string:
                if token == '"':
                    self.in_string = False
                continue
            if token == '"':
                self.in_string = True
            elif token in "[{":
                self.depth += 1
                self.deepest = max(self.deepest, self.depth - 1)
            elif token in "]}":
                self.depth -= 1
                if self.depth == 0:
                    self._add(chunk[begin:m.start()])
                    yield from self._element(last=True)
                    self.mode = "after"
                    self.line += chunk.count("\n", 0, m.end())
                    yield from self.feed(chunk[m.end():])
                    return
            elif token == "," and self.depth == 1:
                self._add(chunk[begin:m.start()])
                yield from self._element(last=False)
                begin = m.end()
                self.start_line = self.line + chunk.count("\n", 0, begin)
        self._add(chunk[begin:])
        self.line += chunk.count("\n")

    def close(self) -> Iterator[Numbered]:
        """The end of the file: the object read whole, or an array that was not closed."""
        if self.mode == "object":
            if self.size > self.limits.max_record_bytes:
                yield Numbered(1, self.source, None, (
                    f"the file is {self.size:,} characters, more than the limit of "
                    f"{self.limits.max_record_bytes:,} bytes (raise it with "
                    "--max-record-size)",))
            else:
                yield Numbered(self.start_line, self.source, "".join(self.pieces))
        elif self.mode == "before":
            yield Numbered(self.line, self.source, None, (
                "the file is empty: expected a JSON object (a household) or an array of them",))
        elif self.mode == "array":
            yield Numbered(self.start_line, self.source, None, (
                "the file ends inside the array (expected ']')",), self.index)


def read_json(stream: IO[bytes], source: str = "<input>", *, encoding: str = "utf-8",
              limits: Limits | None = None) -> Iterator[Numbered]:
    """The households of a JSON file — one object, or an array of them — lazily.

    An array is cut into its elements by a scan of its strings and brackets and
    each element is read on its own, so one bad element (too large, nested too
    deep, not valid JSON) is one error item (``position`` ``file[index]``) and
    the others are read; memory holds one element at most, never the file.
    A single object is one item, at most ``limits.max_record_bytes``.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig" if _text_codec(encoding) == "utf-8"
                                           else _text_codec(encoding))()

    def pieces() -> Iterator[str | Numbered]:
        while True:
            raw = stream.read(_PIECE)
            try:
                yield decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                yield Numbered(0, source, None, (
                    f"cannot decode the file as {encoding} (byte 0x{raw[exc.start]:02x}); "
                    "nothing after it was read",))
                return
            if not raw:
                return

    return json_items(pieces(), source, limits=limits)


def json_items(pieces: Iterable[str | Numbered], source: str = "<input>", *,
               limits: Limits | None = None) -> Iterator[Numbered]:
    """The households of JSON text given in pieces (see :func:`read_json`); a
    :class:`Numbered` among the pieces is a reading error that ends the text."""
    reader = _ArrayReader(source, limits or DEFAULT_LIMITS)
    held = ""
    for piece in pieces:
        if isinstance(piece, Numbered):
            yield attrs.evolve(piece, line=reader.line, index=reader.index
                               if reader.mode == "array" else None)
            return
        text = held + piece
        # an escape cut in two is scanned whole with the next piece
        tail = len(text) - len(text.rstrip("\\"))
        held, text = (text[-1:], text[:-1]) if tail % 2 else ("", text)
        yield from reader.feed(text)
    if held:
        yield from reader.feed(held)
    yield from reader.close()


# --------------------------------------------------------------------------- assessing


#: The status value of each ``(polarity, outcome)`` (:data:`STATUS_BY_OUTCOME`'s values).
_STATUS_VALUE: Final = {key: s._value_ for key, s in STATUS_BY_OUTCOME.items()}
#: The value of :attr:`Status.PROBLEM` as :data:`_STATUS_VALUE` holds it (the same string:
#: a status read there is a problem when it is this object).
_PROBLEM: Final = next(v for v in _STATUS_VALUE.values() if v == Status.PROBLEM.value)


def _summary_record(a: Assessment[MonitoringDecision],
                    leave_out: frozenset[Notice] = frozenset(),
                    kept: tuple[Notice, ...] | None = None,
                    run: tuple[Notice, ...] | None = None, line: int | None = None,
                    stats: BatchStatistics | None = None) -> dict[str, Any]:
    """The summary record; ``kept``: the warnings kept of ``run`` (the assessor's own
    tuple, those not in ``leave_out``), decided once per run. With ``line`` the record
    starts with it (a batch record). With ``stats`` the record is counted in them as it is
    built (what :meth:`BatchStatistics.add` of the record counts, without reading it
    back: :meth:`BatchStatistics._count`)."""
    # One pass over the findings for both maps (the outcome's value, and its status by
    # the table of Finding.status), noting the rules whose status is a problem.
    outcomes: dict[str, str] = {}
    statuses: dict[str, str] = {}
    problems: list[str] = []
    status_of = _STATUS_VALUE
    problem = _PROBLEM
    for f in a.findings:
        spec = f[0]
        outcome = f[1]
        rid = spec.id
        outcomes[rid] = outcome._value_
        status = status_of[spec.polarity, outcome]
        statuses[rid] = status
        if status is problem:
            problems.append(rid)
    notices = a.notices
    d = a.decision
    decision = d.to_json()
    listed = [notice_json(n) for n in (
        kept if notices is run and kept is not None
        else (n for n in notices if n not in leave_out) if leave_out else notices)]
    if stats is not None:
        stats._count(d, decision, listed, statuses, problems)
    if line is None:
        return {"subject": a.subject_id, "on": a.on.isoformat(), "decision": decision,
                "outcomes": outcomes, "statuses": statuses, "notices": listed,
                "provenance": a.provenance.to_json()}
    return {"line": line, "subject": a.subject_id, "on": a.on.isoformat(),
            "decision": decision, "outcomes": outcomes, "statuses": statuses,
            "notices": listed, "provenance": a.provenance.to_json()}


def notice_json(n: Notice) -> dict[str, str]:
    """A warning as JSON: ``code``, ``message_zh``, ``message_en``."""
    return {"code": n.code, "message_zh": n.message_zh, "message_en": n.message_en}


def summary_record(a: Assessment[MonitoringDecision]) -> dict[str, Any]:
    """The summary record of an assessment (``detail="summary"``): subject, date, decision,
    each rule's outcome and status, notices and provenance, without the findings' reasons."""
    return _summary_record(a)


def _printable(text: str) -> str:
    """``text`` with any lone surrogate written as an escape (so the record can be written)."""
    if surrogate_at(text) is None:
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _error(item: Numbered, problems: Iterable[str],
           limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    listed: list[str] = []
    more = 0
    for p in problems:  # a list already capped (one more line: the count) stays as it is
        if len(listed) <= limits.max_problems:
            listed.append(_printable(p))
        else:
            more += 1
    if more:
        more += len(listed) - limits.max_problems
        listed[limits.max_problems:] = [f"and {more:,} more problems "
                                        f"(the first {limits.max_problems} are listed)"]
    return {"line": item.line, "error": {"position": _printable(item.position),
                                         "problems": listed}}


def _counted(record: dict[str, Any], stats: BatchStatistics | None) -> dict[str, Any]:
    """``record``, counted in ``stats`` when given."""
    if stats is not None:
        stats.add(record)
    return record


class _Runner:
    """Assesses :class:`Numbered` items with one assessor and one converter (per process)."""

    def __init__(self, task: BatchTask) -> None:
        self.task = task
        self.assessor = MonitoringAssessor.of(task.params, task.on)
        self.converter = make_converter()
        #: The run's warnings, left out of each record unless the task keeps them.
        self.leave_out: frozenset[Notice] = (
            frozenset() if task.run_notices_in_records else frozenset(self.assessor.notices))
        #: The assessor's warnings that each record keeps (decided here, once).
        self.kept = tuple(n for n in self.assessor.notices if n not in self.leave_out)
        #: The input file a worker reads its chunks from (:func:`_work_span`), if any.
        self.input_fd: int | None = None
        #: The spool files a worker leaves its blocks in (:func:`_work_spooled`), if any.
        self.spools: list[int] = []

    def record(self, item: Numbered, stats: BatchStatistics | None = None) -> dict[str, Any]:
        """The record of one item: its assessment, or an error; never an exception. With
        ``stats``, the record is counted in them (what :meth:`BatchStatistics.add` of the
        record counts; a summary record is counted as it is built)."""
        limits = self.task.limits
        if item.error or item.household is None:
            return _counted(_error(item, item.error or ("no household",), limits), stats)
        try:
            # The digest is hashed from the JSON value just read (its public form), not
            # from the household written out again.
            text = item.household
            if isinstance(text, bytes):  # a UTF-8 line handed on undecoded (_raw_items)
                read = _read_hashed(text, Household, self.converter)
                if read is None:
                    raw = text
                    try:
                        text = raw.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        problem = _undecodable(raw, exc, "utf-8", "utf-8")
                        return _counted(_error(item, (problem,), limits), stats)
            else:
                read = _read_hashed(text, Household, self.converter) if isinstance(
                    text, str) and len(text) <= limits.max_record_bytes else None
            if read is not None:
                h, _, digest = read
                a = self.assessor(h, digest)
            else:
                if isinstance(text, str):
                    h, value = _read(text, Household, source=None, converter=self.converter,
                                     limits=limits)
                else:
                    value = text
                    h = from_json_value(value, Household, converter=self.converter,
                                        limits=limits)
                a = self.assessor(h, functools.partial(self._digest, h, value))
        except InvalidInputError as exc:
            return _counted(_error(item, (str(p) for p in exc.problems), limits), stats)
        except RevitalizeError as exc:
            return _counted(_error(item, (str(exc),), limits), stats)
        except RecursionError:
            return _counted(_error(item, (depth_message(limits.max_depth),), limits), stats)
        except Exception as exc:  # one record lost to a bug, never the batch
            return _counted(_error(item, (f"internal error while assessing "
                                          f"({type(exc).__name__}); please report it",),
                                   limits), stats)
        if self.task.detail != "full":
            return _summary_record(a, self.leave_out, self.kept, self.assessor.notices,
                                   item.line, stats)
        out: dict[str, Any] = {"line": item.line}
        out.update(a.to_json())
        if self.leave_out:
            out["notices"] = [n for n in out["notices"] if Notice(**n) not in self.leave_out]
        return _counted(out, stats)

    def _digest(self, h: Household, value: Any) -> str:
        digest = _value_sha256(value, Household, self.converter)
        return digest if digest is not None else self.assessor.input_sha256(h)

    def run(self, chunk: Iterable[Numbered]) -> list[dict[str, Any]]:
        return [self.record(item) for item in chunk]

    def encoded(self, chunk: Iterable[Numbered], fmt: str) -> tuple[list[Any], BatchStatistics]:
        """The chunk's records already encoded for ``fmt`` (each JSON line as its UTF-8
        bytes, or CSV cells) and their statistics: what goes back to the writing process
        is small."""
        stats = BatchStatistics()
        out: list[Any] = []
        record = self.record
        if fmt == "csv":
            for item in chunk:
                out.append(_csv_row(record(item, stats)))
            return out, stats
        # The bytes of each line as the codec writes them (orjson writes bytes: they are
        # not decoded to text to be encoded again when written).
        line = _codec.active().ordered_bytes
        append = out.append
        for item in chunk:
            append(line(record(item, stats)))
        return out, stats


    def encoded_block(self, items: Iterable[Numbered],
                      fmt: str) -> tuple[bytes | list[Any], BatchStatistics]:
        """:meth:`encoded` with JSON lines joined into one block of UTF-8 bytes (each
        line ended)."""
        rows, stats = self.encoded(items, fmt)
        if fmt == "csv":
            return rows, stats
        return b"\n".join(rows) + b"\n" if rows else b"", stats


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

#: A chunk as plain tuples ``(line, source, household, error, index)``: pickling them costs
#: a tenth of pickling the :class:`Numbered` items, and the writing process pays for it.
_Packed = list[tuple[int, str, "str | bytes | Mapping[str, Any] | None", tuple[str, ...],
                     "int | None"]]


def _start_worker(task: BatchTask,
                  alive: multiprocessing.connection.Connection | None = None,
                  shared: _SharedFile | None = None,
                  spools: tuple[_SharedFile, ...] = ()) -> None:
    """A worker's initializer: its runner, and (with ``alive``) :func:`_worker_init`; with
    ``shared``, the input file the worker reads its chunks from (:func:`_work_span`);
    ``spools``, the files it leaves its blocks in (:func:`_work_spooled`)."""
    global _worker
    if alive is not None:
        _worker_init(alive)
    _worker = _Runner(task)
    if shared is not None:
        _worker.input_fd = shared.fd
    _worker.spools = [f.fd for f in spools]


class _SharedFile:
    """An open file descriptor handed to worker processes: pickled (in the pool's
    ``initargs``) as a duplicate of it that the starting process passes to the new one,
    the way :mod:`multiprocessing` passes a ``Connection``
    (:func:`multiprocessing.reduction.DupFd`: over the fork server's socket, or inherited
    by a spawned process). Written here because the standard library passes only its own
    objects so; the file is not opened again by its path (it may have been renamed, or be
    standard input redirected from a file). The worker keeps the descriptor until it
    exits."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __reduce__(self) -> tuple[Callable[[Any], _SharedFile], tuple[Any]]:
        from multiprocessing import reduction

        return _shared_file, (reduction.DupFd(self.fd),)


def _shared_file(dup: Any) -> _SharedFile:
    return _SharedFile(dup.detach())


def _pack(chunk: list[Numbered]) -> _Packed:
    return [(n.line, n.source, n.household, n.error, n.index) for n in chunk]


def _unpacked(packed: _Packed) -> Iterator[Numbered]:
    return (Numbered(*item) for item in packed)


def _work_records(packed: _Packed) -> list[dict[str, Any]]:
    """A worker process's job: the records of one chunk."""
    assert _worker is not None, "not a worker process of _map_chunks"
    return _worker.run(_unpacked(packed))


def _work_raw(source: str, encoding: str, fmt: str,
              chunk: _RawChunk) -> tuple[bytes | list[Any], BatchStatistics]:
    """A worker process's job for JSONL input: one raw chunk decoded, read, assessed and
    encoded (the writing process only moves bytes, in order)."""
    assert _worker is not None, "not a worker process of _map_chunks"
    return _worker.encoded_block(_raw_items(chunk, source, encoding, _worker.task.limits), fmt)


def _work_span(source: str, encoding: str, fmt: str,
               span: _Span) -> tuple[bytes | list[Any], BatchStatistics]:
    """:func:`_work_raw` for a chunk of a regular file: the worker reads its lines from the
    file itself (:func:`_span_chunk`), so they are not copied, pickled and sent through a
    pipe by the reading process (whose CPU is taken from the workers')."""
    assert _worker is not None and _worker.input_fd is not None, "not a worker of a file"
    chunk, expect = _span_chunk(_worker.input_fd, span, source)
    return _worker.encoded_block(
        _raw_items(chunk, source, encoding, _worker.task.limits, expect), fmt)


class _Spooled(typing.NamedTuple):
    """A block of JSON lines a worker left in a spool file: its first ``size`` bytes."""

    fd: int
    size: int

    def copy(self, out: int) -> None:
        """Append the block to the file ``out`` at its position, copied by the kernel
        (``os.sendfile``: not read into this process), or read and written where the
        kernel does not copy to ``out``."""
        sent = 0
        while sent < self.size:
            try:
                n = os.sendfile(out, self.fd, sent, self.size - sent)
            except OSError as exc:
                if sent or exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                    raise
                with memoryview(_pread(self.fd, self.size, 0)) as block:
                    while sent < self.size:
                        sent += os.write(out, block[sent:])
                return
            if not n:
                raise OSError(errno.EIO, "a spool file is shorter than its block")
            sent += n


def _spools(workers: int) -> list[int]:
    """The spool files of a run's blocks (:func:`_work_spooled`): one per chunk in flight,
    each an anonymous file in memory (``os.memfd_create``: nothing on disk to clean up
    after a crash; gone once the run's processes close it), holding one block at a time.
    None (an empty list: the blocks come back through the pool's pipe) where there is
    no ``memfd_create`` or ``sendfile``.

    Written here because :mod:`concurrent.futures` returns results only pickled through
    a pipe: a block of a chunk's JSON lines (about 1.8 KB a household) was pickled and
    written to the pipe by the worker, and read, copied, unpickled and written to the
    output by the reading and writing process, whose CPU is taken from the workers'.
    """
    create = getattr(os, "memfd_create", None)
    if create is None or not hasattr(os, "sendfile"):  # pragma: no cover - not Linux
        return []
    spools: list[int] = []
    try:
        for _ in range(_IN_FLIGHT * workers):
            spools.append(create("revitalize-block", os.MFD_CLOEXEC))
    except OSError:  # pragma: no cover - out of descriptors
        for fd in spools:
            os.close(fd)
        return []
    return spools


def _work_spooled(work: Callable[[C], tuple[bytes | list[Any], BatchStatistics]],
                  job: tuple[int, C]) -> tuple[int, BatchStatistics]:
    """A worker process's job when the writing process copies the blocks in place
    (:class:`_Spooled`): ``work`` on the chunk of ``job = (spool, chunk)``, its block of
    JSON lines written at the start of that spool file; its size and statistics go back
    (not the block)."""
    assert _worker is not None, "not a worker process of _map_chunks"
    spool, chunk = job
    block, stats = work(chunk)
    assert isinstance(block, bytes)
    fd = _worker.spools[spool]
    done = 0
    with memoryview(block) as view:
        while done < len(block):
            done += os.pwrite(fd, view[done:], done)
    return len(block), stats


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


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (a zombie counts: use it for files, not workers)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a process of another user
        return True
    return True


def _watch_parent(alive: multiprocessing.connection.Connection) -> None:
    """End this worker as soon as its batch's process is gone, even after a SIGKILL (which
    runs no clean-up): ``alive`` is the reading end of a pipe whose only writing end that
    process holds, so the read ends (EOF) when it exits."""
    with contextlib.suppress(EOFError, OSError):
        alive.recv_bytes()
    os._exit(1)


def _worker_init(alive: multiprocessing.connection.Connection) -> None:
    """Set up a worker process: Ctrl-C is the parent's to handle (it stops the pool and
    removes its temporary file), and the worker ends with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(alive,), daemon=True,
                     name="revitalize-parent-watch").start()


def _map_chunks(items: Iterable[Numbered], serial: Callable[[list[Numbered]], T],
                parallel: Callable[[_Packed], T], workers: int, chunk_size: int,
                task: BatchTask) -> Iterator[tuple[int, T]]:
    """``(chunk length, result)`` of each chunk in input order, serially or in processes
    (:func:`_map_parallel`, each chunk packed)."""
    if workers <= 1:
        for chunk in _chunks(items, chunk_size):
            yield len(chunk), serial(chunk)
        return
    packed = ((len(chunk), _pack(chunk)) for chunk in _chunks(items, chunk_size))
    yield from _map_parallel(packed, parallel, workers, task)


C = TypeVar("C")


#: Chunks in flight per worker (:func:`_map_parallel`).
_IN_FLIGHT: Final = 2


def _map_parallel(chunks: Iterable[tuple[int, C]], parallel: Callable[[C], T], workers: int,
                  task: BatchTask, shared: int | None = None,
                  spools: Iterable[int] = ()) -> Iterator[tuple[int, T]]:
    """``(n, result)`` of each ``(n, chunk)`` in input order, computed in ``workers`` processes.

    ``parallel`` runs in a worker process (started with ``task``) on a chunk; it
    must pickle (a module-level function or a ``functools.partial`` of one). At most two
    chunks per worker are in flight, so memory stays bounded. Workers ignore Ctrl-C and
    end with this process; when the caller stops early (an error, Ctrl-C) the chunks not
    started are cancelled. ``shared`` is a file descriptor each worker gets a duplicate of
    (:class:`_SharedFile`), and so are ``spools``. The next chunk is taken from
    ``chunks`` only once the result ``_IN_FLIGHT * workers`` chunks before it was used
    (the caller came back for the next): :func:`stream` reuses a spool file so.
    """
    context = _context()
    alive_r, alive_w = context.Pipe(duplex=False)  # alive_w stays here: see _watch_parent
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=_start_worker,
                                 initargs=(task, alive_r, None if shared is None
                                           else _SharedFile(shared),
                                           tuple(_SharedFile(f) for f in spools))) as pool:
            try:
                pending: collections.deque[tuple[int, Future[T]]] = collections.deque()
                for n, chunk in chunks:
                    pending.append((n, pool.submit(parallel, chunk)))
                    if len(pending) >= _IN_FLIGHT * workers:
                        n, future = pending.popleft()
                        yield n, future.result()
                while pending:
                    n, future = pending.popleft()
                    yield n, future.result()
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    finally:
        alive_r.close()
        alive_w.close()


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


def stream(source: IO[bytes], target: Path | str | IO[str], task: BatchTask, *,
           fmt_in: str = "jsonl",
           fmt_out: str | None = None, encoding: str = "utf-8", source_name: str = "<input>",
           workers: int = 1, chunk_size: int = DEFAULT_CHUNK,
           on_chunk: Callable[[int], None] | None = None) -> BatchStatistics:
    """Read households from ``source`` (``jsonl`` or ``csv``), assess them and write one
    record each to ``target`` (``fmt_out``, default ``fmt_in``) atomically; the counts.

    JSONL goes to the workers as blocks of raw bytes, ``chunk_size`` lines a chunk (blank
    lines counted; ``_raw_jsonl_chunks``); a worker splits the block into lines,
    decodes, reads, assesses and returns its records encoded as one block of UTF-8 bytes,
    with the counts of its chunk, so the reading and writing process only moves blocks of
    bytes, in order (one process does the same with ``workers=1``). With ``workers > 1``,
    a regular file (opened with ``open(path, "rb")``, or standard input redirected from
    one) is read in place: this process only finds the chunks' lines (``_file_spans``)
    and each worker reads its chunk's bytes from the file (``os.pread``); a file that
    changes meanwhile raises :class:`InputChangedError` (an output file is not written). Written
    to a file, each block of JSON lines comes back in an in-memory spool file that the
    kernel copies to the output (``_spools``), not through the pool's pipe. CSV goes as
    households, ``chunk_size`` a chunk. The run's warnings (a stale monitoring line: the
    same for every household) are not repeated in each record: the returned statistics
    list them once (:attr:`BatchStatistics.notices`). A line that cannot be read (too
    long, not decodable, not valid) is one error record; reading goes on. Raises
    :class:`EncodingError` for an unknown encoding and :class:`OutputError` when
    ``target`` is ``source`` (also through a link), a device or a broken link; then
    nothing is written. ``target`` may also be an open text stream (standard output):
    the records are written to it as they come.
    """
    fmt = fmt_out or fmt_in
    reader = read_jsonl if fmt_in == "jsonl" else read_csv
    _text_codec(encoding)
    inputs: list[os.stat_result] = []
    with contextlib.suppress(AttributeError, OSError, ValueError):  # an in-memory stream
        inputs.append(os.fstat(source.fileno()))
    target_path = _output_target(Path(target), inputs) if isinstance(target, str | Path) \
        else None
    task = attrs.evolve(task, run_notices_in_records=False)
    stats = BatchStatistics()
    stats.add_run_notices(run_notices(task.params, task.on))
    at_end = False
    spools: list[int] = []
    done: Iterator[tuple[int, tuple[Any, BatchStatistics]]]
    if fmt_in == "jsonl":
        # JSONL goes on as blocks of raw lines, ``chunk_size`` lines a chunk: the worker
        # splits, decodes, reads, assesses and encodes; this process reads blocks of bytes
        # and writes blocks of bytes in order.
        work: Callable[[Any], tuple[Any, BatchStatistics]] = functools.partial(
            _work_raw, source_name, encoding, fmt)
        # (the count paired with each chunk is not used: its statistics count its records)
        raw = ((0, c) for c in _raw_jsonl_chunks(source, task.limits, chunk_size))
        file = _regular_file(source) if workers > 1 else None
        if file is not None:
            # A regular file: this process only finds the chunks' lines; each worker
            # reads its chunk's bytes from the file (_file_spans, _work_span).
            fd, start = file
            chunks: Iterable[tuple[int, Any]] = _located(
                source, _file_spans(fd, start, task.limits, chunk_size))
            work = functools.partial(_work_span, source_name, encoding, fmt)
            at_end = True
        else:
            fd, chunks = None, raw
        spools = (_spools(workers) if workers > 1 and fmt == "jsonl" and target_path is not None
                  else [])
        if spools:
            # Each block goes to the output file from a spool file (_Spooled): chunk k's
            # is spool k % len(spools), free again by then (_map_parallel).
            chunks = ((0, (k % len(spools), c)) for k, (_, c) in enumerate(chunks))
            work = functools.partial(_work_spooled, work)
        if workers <= 1:
            own = _Runner(task)
            done = (
                (n, own.encoded_block(_raw_items(c, source_name, encoding, task.limits), fmt))
                for n, c in raw)
        else:
            done = _map_parallel(chunks, work, workers, task, shared=fd, spools=spools)
    else:
        items = reader(source, source_name, encoding=encoding, limits=task.limits)
        runner = _Runner(task) if workers <= 1 else None
        serial = functools.partial(runner.encoded, fmt=fmt) if runner is not None else _unused
        done = _map_chunks(items, serial, functools.partial(_work_encoded, fmt), workers,
                           chunk_size, task)

    def rows() -> Iterator[Any]:
        k = 0
        for _, (encoded, counts) in done:
            stats.merge(counts)
            if isinstance(encoded, int):  # a block left in a spool file
                if encoded:
                    yield _Spooled(spools[k % len(spools)], encoded)
                k += 1
            elif isinstance(encoded, bytes):
                if encoded:  # a block of JSON lines (none when its lines were blank)
                    yield encoded
            else:
                yield from encoded
            if on_chunk is not None:
                on_chunk(counts.records)

    try:
        if target_path is None:
            assert not isinstance(target, str | Path)
            _write_rows(target, rows(), fmt, count=False)
            target.flush()
        else:
            _write_encoded(target_path, rows(), fmt, count=False)
    finally:
        for fd in spools:
            os.close(fd)
    if at_end:  # read in place: the stream is left at its end, as reading it leaves it
        source.seek(0, os.SEEK_END)
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
    #: Households carrying a warning of their own, beyond the run's (:meth:`add_run_notices`).
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
    #: The keys ``(code, message_en)`` of the run's warnings (:meth:`add_run_notices`).
    run: set[tuple[str, str]] = attrs.field(factory=set)

    def add_run_notices(self, notices: Iterable[Notice]) -> None:
        """The run's warnings: those every household of the run carries (the parameters in
        force on the date, such as a stale monitoring line;
        :func:`~revitalize.policy.monitoring.run_notices`). They are listed once in
        :attr:`notices`, even for a run without households, and a household that carries
        only them does not count in :attr:`with_warnings`."""
        for n in notices:
            key = (n.code, n.message_en)
            self.run.add(key)
            self.notices.setdefault(key, notice_json(n))

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one record (an assessment's JSON, or an error record)."""
        self.records += 1
        if "error" in record:
            self.errors += 1
            return
        d = record["decision"]
        in_range = d["in_range"]
        self.ranges["in_range" if in_range else "not_in_range" if in_range is False
                    else "undecided"] += 1
        if d["dynamic_monitoring"]:
            self.dynamic_monitoring += 1
        notices = record.get("notices")
        if notices:
            self._count_notices(notices)
        category = d["category"]
        if category:
            self.categories[category] += 1
        if d["risks"]:
            self.risks.update(d["risks"])
        if d["measures"]:
            self.measures.update([m["type"] for m in d["measures"]])
        if in_range:
            self.towns[d["town"]] += 1
        raw = record.get("statuses")  # {rule: status}, or (rule, status) pairs
        if raw.__class__ is dict or isinstance(raw, Mapping):
            # a summary record: the statuses counted at once (Counter's own loop)
            self.statuses.update(raw.values())
            pairs: Iterable[tuple[str, str]] = raw.items()
        else:
            pairs = raw if raw is not None else (
                (f["rule"], f["status"]) for f in record.get("findings", ()))  # full record
            pairs = list(pairs)
            self.statuses.update([status for _, status in pairs])
        problems = self.problems
        for rule, status in pairs:
            if status == "problem":
                problems[rule] += 1

    def _count_notices(self, notices: Iterable[dict[str, str]]) -> None:
        """A record's warnings: each listed once (by code and English message), and the
        record counted as one with warnings when any is not one of the run's own."""
        own = False
        for n in notices:
            key = (n["code"], n["message_en"])
            self.notices.setdefault(key, n)
            own = own or key not in self.run
        if own:
            self.with_warnings += 1

    def _count(self, d: MonitoringDecision, decision: Mapping[str, Any],
               notices: list[dict[str, str]], statuses: Mapping[str, str],
               problems: list[str]) -> None:
        """:meth:`add` of a summary record, from what builds it: the decision ``d``, its
        JSON ``decision``, the record's ``notices`` and ``statuses`` and the rules whose
        status is ``problem`` (in finding order). The same counts, without reading the
        record back (``tests/test_batch.py`` checks them against :meth:`add`)."""
        self.records += 1
        in_range = d.in_range
        self.ranges["in_range" if in_range else "not_in_range" if in_range is False
                    else "undecided"] += 1
        if d.dynamic_monitoring:
            self.dynamic_monitoring += 1
        if notices:
            self._count_notices(notices)
        if d.category:
            self.categories[decision["category"]] += 1
        if d.risks:
            self.risks.update(decision["risks"])
        if d.measures:
            self.measures.update([m.type._value_ for m in d.measures])
        if in_range:
            self.towns[d.town] += 1
        self.statuses.update(statuses.values())
        if problems:
            self.problems.update(problems)

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
        self.run.update(other.run)

    def add_assessment(self, a: Assessment[MonitoringDecision]) -> None:
        """Count one assessment."""
        self.add({"decision": a.decision.to_json(), "notices": [notice_json(n) for n in a.notices],
                  "statuses": [(f.spec.id, f.status.value) for f in a.findings]})

    def to_json(self) -> dict[str, Any]:
        """The summary: records, assessed, errors, range, categories, risks, measures, towns,
        findings by status, problems by rule, and the warnings (``notices``, each once: the
        run's and the households' own; ``with_warnings`` counts the households with a
        warning of their own)."""
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
    "referrals", "dynamic_monitoring", "insufficient_data", "notices", "town", "village",
    "input_sha256")


def _referral_cell(m: Mapping[str, Any]) -> str:
    """A sector referral in the CSV's ``referrals`` column: its type, and the members it
    names after a colon (``medical_insurance_subsidy:M2,M3``); its department, timing and
    funding follow from the type (AST-01)."""
    members = m.get("members") or ()
    return f"{m['type']}:{','.join(members)}" if members else str(m["type"])


def _csv_row(r: Mapping[str, Any]) -> list[str]:
    def flag(v: object) -> str:
        return "" if v is None else "true" if v else "false"

    if "error" in r:
        return [str(r["line"]), "", "; ".join(r["error"]["problems"]),
                *[""] * (len(CSV_OUTPUT_COLUMNS) - 3)]
    d = r["decision"]
    return [str(r["line"]), r["subject"], "", flag(d["in_range"]), flag(d["include"]),
            d["category"] or "", d["plan"] or "", ";".join(d["risks"]),
            ";".join(m["type"] for m in d["measures"]),
            ";".join(_referral_cell(m) for m in d.get("referrals", ())),
            flag(d["dynamic_monitoring"]),
            ";".join(f"{x['rule']}:{x['field']}" for x in d["insufficient_data"]),
            ";".join(n["code"] for n in r["notices"]), d["town"], d["village"],
            r["provenance"]["input_sha256"]]


def _json_line(r: Mapping[str, Any]) -> bytes:
    return json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_atomic(path: Path | str, records: Iterable[Mapping[str, Any]], *,
                 fmt: str = "jsonl", inputs: Iterable[Path | str] = ()) -> int:
    """Write ``records`` as ``jsonl`` or ``csv`` to ``path`` atomically; the count written.

    The records go to a temporary file in the same directory, renamed over
    ``path`` (``os.replace``) once all are written; on any error, or Ctrl-C, the
    temporary file is removed and ``path`` is left as it was. The file's mode
    follows the umask (0644 with the usual 022). ``path`` must not be one of
    ``inputs`` (the same file, also through a symbolic or hard link); a symbolic
    link is written through when it points to a regular file (the link stays);
    a device, a directory or a broken link is refused with :class:`OutputError`.
    A temporary file left by a run that was killed (SIGKILL runs no clean-up) is
    named ``.NAME.revitalize-HOST-PID-XXXXXXXX.tmp`` and removed by the next run
    that writes ``NAME``, once its process is gone.
    """
    encode = _csv_row if fmt == "csv" else _json_line
    stats = []
    for i in inputs:
        try:
            stats.append(os.stat(i))
        except OSError:
            continue
    target = _output_target(Path(path), stats)
    return _write_encoded(target, (encode(r) for r in records), fmt)


def _output_target(path: Path, inputs: Iterable[os.stat_result]) -> Path:
    """The file to replace for ``path``: itself, or the regular file a link points to."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise OutputError(f"{path}: cannot write the output ({exc.strerror or exc})") from None
    target = path
    if stat.S_ISLNK(st.st_mode):
        target = Path(os.path.realpath(path))
        try:
            st = os.stat(target)
        except OSError:
            raise OutputError(f"{path} is a symbolic link to {target}, which does not exist; "
                              "give the output file itself") from None
    if not stat.S_ISREG(st.st_mode):
        what = ("a directory" if stat.S_ISDIR(st.st_mode) else "a device, pipe or socket")
        raise OutputError(f"{path} is {what}, not a regular file; refusing to replace it "
                          "(give a file name)")
    for s in inputs:
        if (s.st_dev, s.st_ino) == (st.st_dev, st.st_ino):
            raise OutputError(f"{path} is the input file (the same file"
                              f"{', through a link' if target != path or st.st_nlink > 1 else ''}"
                              "); writing it would destroy the input: give another output file")
    return target


_TEMP: Final = re.compile(r"\.revitalize-(?P<host>.+)-(?P<pid>[0-9]+)-[0-9a-f]{8}\.tmp")


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9_.]", "_", socket.gethostname()) or "host"


def _clean_stale(target: Path) -> None:
    """Remove the temporary files of ``target`` left by runs on this host that are gone."""
    host = _host()
    prefix = f".{target.name}"
    for name in glob.glob(glob.escape(str(target.parent / prefix)) + ".revitalize-*.tmp"):
        m = _TEMP.fullmatch(Path(name).name[len(prefix):])
        if m is None or m["host"] != host or _alive(int(m["pid"])):
            continue
        try:
            if stat.S_ISREG(os.lstat(name).st_mode):
                os.unlink(name)
        except OSError:
            continue


def _write_encoded(path: Path, rows: Iterable[Any], fmt: str, *, count: bool = True) -> int:
    """Write encoded rows (JSON lines, or CSV cells) atomically; the count written (of
    JSON lines: 0 without ``count``, see :func:`_write_lines`)."""
    _clean_stale(path)
    tmp = path.parent / (f".{path.name}.revitalize-{_host()}-{os.getpid()}-"
                         f"{secrets.token_hex(4)}.tmp")
    # created as a new file would be: mode 0666 less the umask (mkstemp would give 0600)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    n = 0
    try:
        if fmt == "csv":
            with open(fd, "w", encoding="utf-8-sig", newline="") as out:
                n = _write_rows(out, rows, fmt)
        else:  # JSON lines come as UTF-8 bytes: written as they are
            with open(fd, "wb") as binary:
                n = _write_lines(binary.write, rows, count=count, file=binary)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n


def _write_rows(out: IO[str], rows: Iterable[Any], fmt: str, *, count: bool = True) -> int:
    """Write encoded rows (JSON lines as UTF-8 bytes, or CSV cells under the header) to
    the text stream ``out``; the count written (of JSON lines: 0 without ``count``, see
    :func:`_write_lines`)."""
    n = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_OUTPUT_COLUMNS)
        for row in rows:
            writer.writerow(row)
            n += 1
        return n
    return _write_lines(lambda line: out.write(line.decode("utf-8")), rows, count=count)


def _write_lines(write: Callable[[bytes], object], rows: Iterable[bytes | _Spooled], *,
                 count: bool = True, file: IO[bytes] | None = None) -> int:
    """Write JSON lines (UTF-8 bytes: a line, or a block of them, each ended) with
    ``write``; the count written, or 0 without ``count`` (:func:`stream` counts its records
    in its statistics: counting the ends of line of every block again cost the writing
    process a twentieth of its CPU). A :class:`_Spooled` block is copied to ``file``
    (what ``write`` writes to) once what was written before it is flushed."""
    n = 0
    for line in rows:
        if isinstance(line, _Spooled):  # a block of lines, each ended (not counted)
            assert file is not None and not count
            file.flush()
            line.copy(file.fileno())
            continue
        write(line)
        if line.endswith(b"\n"):
            if count:
                n += line.count(b"\n")
        else:
            write(b"\n")
            n += count
    return n
