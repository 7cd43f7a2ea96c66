"""Bounded reading: the limits every reader applies, and the checks that apply them.

Every reader of the library — :func:`~revitalize.serialization.loads` and the
JSON-array reader, the JSONL and CSV batch readers
(:mod:`revitalize.batch`), the reform, scenario and observation files — is
the same kind of reader: whatever the bytes, it returns a value or raises a
:class:`~revitalize.errors.RevitalizeError` that says what was wrong and where
(a JSON path, or ``file:line``). No ``RecursionError``, ``ValueError`` or
``decimal.InvalidOperation`` escapes, and the work a reader does is bounded
by the :class:`Limits` below, whatever the input:

- **nesting depth** (:attr:`Limits.max_depth`): ``json`` and ``tomllib``
  parse nested arrays and tables recursively, so a few kilobytes of ``[[[[``
  exhaust the interpreter's stack. The depth is measured *before* parsing
  (:func:`json_depth`, :func:`check_toml`), so the parsers never recurse
  deeper than the limit;
- **numbers** (:attr:`Limits.max_number_length`): Python refuses to convert
  integers of more than 4,300 digits and decimal arithmetic fails on
  ``1e999999``; a number token longer than the limit is refused where it is
  (its JSON path, or its line), and decimal strings in values are read by
  :func:`decimal_text` (ASCII digits only, at most 28 significant digits);
- **record size** (:attr:`Limits.max_record_bytes`): a line of a JSONL or CSV
  file is read with :func:`bounded_lines`, which never holds more than the
  limit in memory (a 1 GB line is skipped in 1 MiB pieces and refused with its
  line number; the batch stream's JSONL reader, which reads blocks of lines,
  keeps the same bound and gives the same lines: ``batch._raw_jsonl_chunks``);
  a document read whole (:func:`read_document`) is refused when it is larger;
- **field size** (:attr:`Limits.max_field_chars`): a CSV cell;
- **problems listed** (:attr:`Limits.max_problems`): an input with 200,000
  unknown keys gives the first problems and a count of the rest
  (:func:`cap_problems`), not a 48 MB message;
- **dates** (:data:`EARLIEST_DATE` … :data:`LATEST_DATE`): every date a reader
  accepts is an ISO date ``YYYY-MM-DD`` (:func:`iso_date`; no ``20230601``, no
  week dates) in this range, so the dates the rules derive from it (due dates,
  notice periods, ages) stay inside the calendar. Outside the readers, the
  rules take any ``datetime.date``.

The checks are written here rather than taken from a library because the
standard parsers offer no depth or size limit (``json`` has none, ``tomllib``
has no hooks at all) and the maintained alternatives that do (``orjson``'s
fixed depth of 1,024) are neither configurable nor available for TOML.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Final

import attrs

from .errors import InvalidInputError, Problem

__all__ = [
    "DEFAULT_LIMITS",
    "EARLIEST_DATE",
    "HEAD_BYTES",
    "LATEST_DATE",
    "MAX_INTEGER_DIGITS",
    "MAX_SIGNIFICANT_DIGITS",
    "Limits",
    "bounded_lines",
    "cap_problems",
    "check_json_depth",
    "check_text",
    "check_toml",
    "date_problem",
    "decimal_text",
    "decode_document",
    "depth_message",
    "iso_date",
    "json_depth",
    "parse_size",
    "parse_toml",
    "read_document",
    "surrogate_at",
]

MiB: Final = 1024 * 1024


def _positive(inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError.one(f"$.{attribute.name}",
                                    f"expected a positive integer, got {value!r}")


@attrs.frozen
class Limits:
    """How much work a reader does for one input, at most (see the module doc)."""

    #: Arrays, objects and tables nested deeper than this are refused.
    max_depth: int = attrs.field(default=64, validator=_positive)
    #: A record (a JSONL line, a CSV household, a JSON array element, a TOML or JSON
    #: document read whole) larger than this many bytes is refused (16 MiB).
    max_record_bytes: int = attrs.field(default=16 * MiB, validator=_positive)
    #: A CSV cell longer than this many characters is refused (the ``csv`` module's default).
    max_field_chars: int = attrs.field(default=131_072, validator=_positive)
    #: A number written with more characters than this is refused.
    max_number_length: int = attrs.field(default=64, validator=_positive)
    #: At most this many problems are listed per record; the rest are counted.
    max_problems: int = attrs.field(default=100, validator=_positive)


#: The limits every reader uses unless given others.
DEFAULT_LIMITS: Final = Limits()

#: The earliest date a reader accepts.
EARLIEST_DATE: Final = dt.date(1900, 1, 1)
#: The latest date a reader accepts: with spans of at most 200 years
#: (:mod:`revitalize.policy.parameters`), every derived date is a date.
LATEST_DATE: Final = dt.date(2199, 12, 31)

_SIZE = re.compile(r"([0-9]{1,15})([KMG]i?B?|B)?", re.IGNORECASE)
_UNITS: Final = {"": 1, "b": 1, "k": 1024, "m": MiB, "g": 1024 * MiB}


def parse_size(text: str) -> int:
    """A size in bytes from ``"16777216"``, ``"16M"``, ``"16MiB"`` or ``"1G"`` (ValueError).

    >>> parse_size("16M"), parse_size("512k"), parse_size("100")
    (16777216, 524288, 100)
    """
    m = _SIZE.fullmatch(text.strip())
    if not m or int(m[1]) < 1:
        raise ValueError(f"expected a size in bytes such as 16M, 1G or 65536, got {text!r}")
    return int(m[1]) * _UNITS[(m[2] or "")[:1].lower()]


def cap_problems(problems: Sequence[Problem], limit: int, path: str = "$") -> list[Problem]:
    """The first ``limit`` problems and, when there are more, one that counts the rest.

    >>> ps = [Problem(f"$.k{i}", "unknown field") for i in range(5)]
    >>> [str(p) for p in cap_problems(ps, 2)][2]
    '$: and 3 more problems (the first 2 are listed)'
    """
    if len(problems) <= limit:
        return list(problems)
    rest = len(problems) - limit
    return [*problems[:limit],
            Problem(path, f"and {rest:,} more problem{'s' if rest != 1 else ''} "
                          f"(the first {limit} are listed)")]


# --------------------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> dt.date:
    """The date of ``YYYY-MM-DD`` text between :data:`EARLIEST_DATE` and :data:`LATEST_DATE`.

    The one date syntax of every reader (JSON, TOML strings, ``--on``); raises
    ``ValueError`` with the message to show.

    >>> iso_date("2023-06-01")
    datetime.date(2023, 6, 1)
    >>> iso_date("20230601")
    Traceback (most recent call last):
    ...
    ValueError: expected an ISO date such as 2023-06-01 (YYYY-MM-DD), got '20230601'
    """
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        shown = repr(text) if len(repr(text)) <= 40 else repr(text)[:37] + "..."
        raise ValueError(f"expected an ISO date such as 2023-06-01 (YYYY-MM-DD), got {shown}")
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"expected an ISO date such as 2023-06-01, got {text!r}, "
                         "which is not a day of the calendar") from None
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def date_problem(value: dt.date) -> str | None:
    """Why a reader refuses ``value`` (outside the accepted range), or None."""
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return (f"expected a date between {EARLIEST_DATE.isoformat()} and "
            f"{LATEST_DATE.isoformat()}, got {value.isoformat()}")


# --------------------------------------------------------------------------- numbers

_DECIMAL_TEXT = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")
#: Digits a decimal value may have in all (money.CONTEXT's precision).
MAX_SIGNIFICANT_DIGITS: Final = 28
#: Digits a decimal value may have before the point (as money: exact to the fen).
MAX_INTEGER_DIGITS: Final = 15


def decimal_text(text: str, *, signed: bool = True, example: str = "1.5") -> Decimal:
    """The ``Decimal`` of a decimal string of ASCII digits (ValueError with the message).

    At most :data:`MAX_INTEGER_DIGITS` digits before the point and
    :data:`MAX_SIGNIFICANT_DIGITS` in all, so every computation on it is exact;
    no exponent, no full-width digits, no spaces.

    >>> decimal_text("6500")
    Decimal('6500')
    >>> decimal_text("６５００")
    Traceback (most recent call last):
    ...
    ValueError: expected a decimal of ASCII digits such as "1.5", got '６５００'
    """
    m = _DECIMAL_TEXT.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        shown = repr(text) if len(repr(text)) <= 40 else f"a text of {len(text):,} characters"
        raise ValueError(f"expected a decimal of ASCII digits such as \"{example}\", got {shown}")
    sign, whole, fraction = m[1], m[2].lstrip("0"), m[3] or ""
    if sign and not signed:
        raise ValueError(f"expected a number of 0 or more, got {text!r}")
    if len(whole) > MAX_INTEGER_DIGITS:
        raise ValueError(f"expected at most {MAX_INTEGER_DIGITS} digits before the point, "
                         f"got {len(whole):,}")
    if len((whole + fraction).lstrip("0")) > MAX_SIGNIFICANT_DIGITS:
        raise ValueError(f"expected at most {MAX_SIGNIFICANT_DIGITS} significant digits, got "
                         f"{len((whole + fraction).lstrip('0')):,}")
    return Decimal(text)


# --------------------------------------------------------------------------- text


def surrogate_at(text: str) -> int | None:
    """The index of the first lone surrogate in ``text`` (which no UTF-8 file can hold)."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def check_text(text: str, source: str) -> None:
    """Refuse text holding a lone surrogate, naming its line and column."""
    at = surrogate_at(text)
    if at is not None:
        line, col = _line_col(text, at)
        raise InvalidInputError([Problem(
            f"{source}:{line}:{col}",
            f"a lone surrogate (U+{ord(text[at]):04X}) is not a character; the text must be "
            "valid Unicode")], source=source)


# --------------------------------------------------------------------------- JSON depth

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (strings skipped).

    >>> json_depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


def check_json_depth(text: str, limit: int) -> int | None:
    """None when ``text`` nests at most ``limit`` deep, else the offset where it goes deeper.

    Counting brackets (in C) settles almost every input without a scan.
    """
    if text.count("[") + text.count("{") <= limit or json_depth(text) <= limit:
        return None
    depth = 0
    for m in _JSON_TOKEN.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > limit:
                return m.start()
        elif c in "]}":
            depth -= 1
    return 0  # pragma: no cover - json_depth said deeper


def depth_message(limit: int) -> str:
    """The problem message for nesting deeper than ``limit``."""
    return f"arrays and objects nested deeper than {limit} levels (the limit)"


# --------------------------------------------------------------------------- TOML

_TOML_TOKEN = re.compile(
    r'"""(?:[^\\]|\\.)*?"""(?:"{1,2}(?!"))?'  # multi-line basic string
    r"|'''[\s\S]*?'''(?:'{1,2}(?!'))?"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
    r"|(?P<open>[\[{])|(?P<close>[\]}])"
    r"|(?P<word>(?<![\w.:+\-])[+\-]?[0-9][\w.:+\-]*)",
    re.DOTALL,
)


def check_toml(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse TOML text that nests too deep, holds too long a number or a lone surrogate.

    Run before ``tomllib``, which recurses once per level of nesting and converts
    integers of any length.
    """
    check_text(text, source)
    if text.count("[") + text.count("{") <= limits.max_depth and not _long_digits(text, limits):
        return
    depth = 0
    for m in _TOML_TOKEN.finditer(text):
        if m["open"]:
            depth += 1
            if depth > limits.max_depth:
                line, _ = _line_col(text, m.start())
                raise InvalidInputError([Problem(f"{source}:{line}",
                                                 depth_message(limits.max_depth))],
                                        source=source)
        elif m["close"]:
            depth = max(depth - 1, 0)
        elif m["word"] and len(m["word"]) > limits.max_number_length:
            line, _ = _line_col(text, m.start())
            raise InvalidInputError([Problem(
                f"{source}:{line}",
                f"a number of {len(m['word']):,} characters; at most "
                f"{limits.max_number_length} are read")], source=source)


def _long_digits(text: str, limits: Limits) -> bool:
    """Whether ``text`` may hold a number longer than the limit (a cheap over-estimate)."""
    return re.search(f"[0-9_]{{{limits.max_number_length},}}", text) is not None


def parse_toml(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, object]:
    """Parse TOML ``text`` within ``limits``; every error names ``source`` and the line."""
    import tomllib

    if len(text) > limits.max_record_bytes:
        raise InvalidInputError([Problem(source, _too_large(len(text.encode("utf-8",
                                                                            "surrogatepass")),
                                                            limits))], source=source)
    check_toml(text, source, limits)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line L, column C)"
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{source}:{m[1]}:{m[2]}" if m else source
        raise InvalidInputError([Problem(where, f"TOML syntax error: {exc}")],
                                source=source) from None
    except (RecursionError, ValueError, MemoryError) as exc:  # pragma: no cover - checked above
        raise InvalidInputError([Problem(source, f"not readable as TOML ({type(exc).__name__})")],
                                source=source) from None


# --------------------------------------------------------------------------- files and lines


def _too_large(size: int, limits: Limits) -> str:
    return (f"larger than the limit of {limits.max_record_bytes:,} bytes "
            f"({size:,} bytes or more); raise it with --max-record-size if the input is meant "
            "to be this large")


def read_document(path: Path | str, *, what: str, limits: Limits = DEFAULT_LIMITS,
                  encoding: str = "utf-8") -> str:
    """The text of the file at ``path``, read whole, at most ``limits.max_record_bytes``.

    ``what`` names the file in messages ("the reform file"). A file that cannot
    be opened, is too large or does not decode raises
    :class:`~revitalize.errors.InvalidInputError` naming the file (and the line
    of the first byte that does not decode).
    """
    name = str(path)
    try:
        with open(path, "rb") as f:
            data = f.read(limits.max_record_bytes + 1)
    except OSError as exc:
        raise InvalidInputError([Problem(name, f"cannot read {what}: {exc.strerror or exc}")],
                                source=name) from None
    return decode_document(data, name, what=what, limits=limits, encoding=encoding)


def decode_document(data: bytes, name: str, *, what: str, limits: Limits = DEFAULT_LIMITS,
                    encoding: str = "utf-8") -> str:
    """The text of a document's bytes ``data`` (read from ``name``, at most
    ``limits.max_record_bytes`` and one byte more), as :func:`read_document` decodes it:
    ``utf-8`` with or without a byte-order mark, or ``encoding``."""
    if len(data) > limits.max_record_bytes:
        raise InvalidInputError([Problem(name, f"{what} is {_too_large(len(data), limits)}")],
                                source=name)
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidInputError([Problem(
            f"{name}:{line}", f"cannot decode {what} as {encoding} (byte 0x"
                              f"{data[exc.start]:02x})")], source=name) from None
    except LookupError:
        raise InvalidInputError([Problem(name, f"unknown encoding {encoding!r}")],
                                source=name) from None


#: Bytes read at a time while skipping the rest of a line that is too long.
_SKIP_PIECE: Final = MiB


#: Bytes kept of a line that is too long (its head: enough to tell whose it is).
HEAD_BYTES: Final = 65_536


def bounded_lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes, int]]:
    """``(line number, bytes, length)`` of each line of ``stream``.

    A line holds at most ``max_bytes`` bytes (its end of line not counted); for a
    longer one, ``length`` is more than ``max_bytes`` and the bytes are only its
    first :data:`HEAD_BYTES`. Memory stays at ``max_bytes`` whatever the input:
    the rest of a longer line is read and dropped in 1 MiB pieces.
    """
    number = 0
    while True:
        raw = stream.readline(max_bytes + 2)
        if not raw:
            return
        number += 1
        if raw.endswith(b"\n") or len(raw) < max_bytes + 2:
            content = len(raw) - (2 if raw.endswith(b"\r\n") else 1 if raw.endswith(b"\n")
                                  else 0)
            yield number, raw if content <= max_bytes else raw[:HEAD_BYTES], content
            continue
        length = len(raw)
        head = raw[:HEAD_BYTES]
        last = raw[-1:]
        del raw
        while True:
            piece = stream.readline(_SKIP_PIECE)
            length += len(piece)
            if not piece or piece.endswith(b"\n"):
                break
            last = piece[-1:]
        if piece.endswith(b"\n"):  # the end of line is not counted
            length -= 2 if piece.endswith(b"\r\n") or (piece == b"\n" and last == b"\r") else 1
        yield number, head, length
