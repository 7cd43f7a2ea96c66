"""The JSON text codec of the streaming path: the standard library, or orjson when installed.

``pip install 'revitalize[fast]'`` installs `orjson <https://pypi.org/project/orjson/>`_;
when it can be imported, the batch pipeline (:mod:`revitalize.batch`) parses input
lines and writes records with it. The standard library stays the default and the
only hard dependency, and the output is the same, byte for byte:

- **writing** (:func:`dumps_line`, :func:`canonical_bytes`, ``Codec.ordered_bytes``):
  compact separators, UTF-8 characters kept (``ensure_ascii=False``), and for the
  canonical form sorted keys. orjson escapes exactly the characters the standard
  library escapes (``"``, ``\\``, control characters) the same way, sorts keys by code
  point as Python does, and writes integers alike; what it cannot write as the
  standard library does (an integer beyond 64 bits, a lone surrogate, a key that is
  not a string) raises, and the standard library writes the value instead. Records
  carry no binary floats (decimals are strings), the one thing the two would write
  differently. ``tests/test_throughput.py`` checks every character and the sample
  population.
- **reading** (:func:`loads`) is only ever a first try for valid input: a value it
  parsed is used only when the fast structuring in :mod:`revitalize.serialization`
  accepts it. orjson parses a number with a fraction to a binary float and keeps the
  last of duplicate keys, so every field refuses a float, a document whose keys do not
  all count is read again, and any refusal reads the text again with the exact
  reader (numbers as ``Decimal``, duplicates reported), whose problems are today's.

Why a module of its own: the choice is made once, on first use (orjson is imported
only then, so importing the library stays light), and both codecs stay reachable
(:data:`STDLIB`, :func:`orjson_codec`) so the tests can compare them.
"""

from __future__ import annotations

import json
import json.scanner
from collections.abc import Callable
from typing import Any, Final, cast

import attrs

__all__ = ["ACTIVE", "STDLIB", "Codec", "active", "canonical_bytes", "dumps_line", "loads",
           "orjson_codec"]


@attrs.frozen
class Codec:
    """One JSON implementation: plain parsing, record lines and canonical bytes."""

    name: str
    #: Parse JSON text (numbers with a fraction become floats; the fast path refuses them).
    loads: Callable[[str], Any]
    #: A record as one compact line (``separators=(",", ":")``, ``ensure_ascii=False``).
    dumps_line: Callable[[Any], str]
    #: The canonical UTF-8 bytes of a JSON value (sorted keys, compact, characters kept).
    canonical_bytes: Callable[[Any], bytes]
    #: The same bytes for a value whose objects already have their keys in order.
    ordered_bytes: Callable[[Any], bytes]
    #: Parse the UTF-8 bytes of a JSON text directly (an error for bytes that are not
    #: UTF-8), or None: the text is decoded first. orjson reads bytes without the copy
    #: that decoding makes and the UTF-8 copy of a non-ASCII ``str`` it makes to read one
    #: (about 2 µs of a 2 KB line).
    loads_utf8: Callable[[bytes], Any] | None = None


_LINE: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_CANONICAL: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                     sort_keys=True)


def _line_encoder() -> Callable[[Any], str]:
    """``_LINE.encode``, with the standard library's C encoder made once.

    ``JSONEncoder.encode`` makes its C encoder anew for every value, with a dict of the
    containers being written to refuse a value that contains itself. A record (and a
    public form) is a tree built afresh from parsed JSON and the assessment, never
    circular, so the one encoder is made without that check, with ``_LINE``'s settings
    (the same bytes; a record costs 2 to 3 µs less). Without the C accelerator (another
    Python implementation) it is ``_LINE.encode`` itself.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython has it
        return _LINE.encode
    run = make(None, _LINE.default, json.encoder.encode_basestring, _LINE.indent,
               _LINE.key_separator, _LINE.item_separator, _LINE.sort_keys, _LINE.skipkeys,
               _LINE.allow_nan)
    join = "".join

    def line(value: Any) -> str:
        return join(run(value, 0))

    return line


_std_line: Final = _line_encoder()


def _std_canonical(value: Any) -> bytes:
    return _CANONICAL.encode(value).encode("utf-8")


def _std_ordered(value: Any) -> bytes:
    return _std_line(value).encode("utf-8")


#: json.loads' scanner (typeshed types make_scanner's argument as a scanner, not a decoder).
_scan_once: Final = json.scanner.make_scanner(cast(Any, json.JSONDecoder()))
_JSON_SPACE: Final = " \t\n\r"


def _std_loads(text: str) -> Any:
    """``json.loads(text)``, the same value or the same error, for a text that starts
    with an object or an array read by the decoder's scanner directly: ``json.loads``
    spends 3 µs of a household's 18 around it (a pattern match for the whitespace on
    either side, type and byte-order-mark tests). Any other text is ``json.loads``'."""
    if text[:1] != "{" and text[:1] != "[":
        return json.loads(text)
    try:
        value, end = _scan_once(text, 0)
    except StopIteration as err:  # as json.JSONDecoder.raw_decode
        raise json.JSONDecodeError("Expecting value", text, err.value) from None
    if end != len(text):
        end = len(text) - len(text[end:].lstrip(_JSON_SPACE))
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    return value


#: The standard library's :mod:`json` (the default).
STDLIB: Final = Codec("json", _std_loads, _std_line, _std_canonical, _std_ordered)


def _orjson_codec() -> Codec | None:
    try:
        import orjson
    except ImportError:
        return None
    dumps = orjson.dumps
    sort = orjson.OPT_SORT_KEYS

    def line(value: Any) -> str:
        try:
            return dumps(value).decode("utf-8")
        except TypeError:  # beyond 64 bits, a lone surrogate, a key that is not a string
            return _std_line(value)

    def canonical(value: Any) -> bytes:
        try:
            return dumps(value, option=sort)
        except TypeError:
            return _std_canonical(value)

    def ordered(value: Any) -> bytes:
        try:
            return dumps(value)
        except TypeError:
            return _std_ordered(value)

    return Codec("orjson", orjson.loads, line, canonical, ordered, orjson.loads)


_ORJSON: list[Codec | None] = []  # looked up on first use: importing the library stays light


def orjson_codec() -> Codec | None:
    """orjson as a :class:`Codec` when it is installed (the ``fast`` extra), else None."""
    if not _ORJSON:
        _ORJSON.append(_orjson_codec())
    return _ORJSON[0]


#: The codec the batch pipeline uses, chosen on first use by :func:`active` (orjson when
#: installed, else the standard library); a benchmark or a test may set it to either.
ACTIVE: Codec | None = None


def active() -> Codec:
    """The codec in use (see :data:`ACTIVE`)."""
    global ACTIVE
    if ACTIVE is None:
        ACTIVE = orjson_codec() or STDLIB
    return ACTIVE


def loads(text: str) -> Any:
    """Parse ``text`` with the active codec (a first try; see the module doc)."""
    return active().loads(text)


def dumps_line(value: Any) -> str:
    """One compact record line with the active codec (the standard library's bytes)."""
    return active().dumps_line(value)


def canonical_bytes(value: Any) -> bytes:
    """The canonical UTF-8 bytes of ``value`` with the active codec (see the module doc)."""
    return active().canonical_bytes(value)
