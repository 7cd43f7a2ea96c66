"""Reading an input (``-``: standard input) and writing an output file atomically.

Every command reads its inputs through :func:`read_input`, :func:`read_text` or
:func:`open_input`: ``-`` is standard input, and a missing or unreadable file is
a :class:`UsageError` (exit code 2) saying which file, never a record error.

:func:`write_output` writes to a temporary file in the target's directory and
renames it over the target only when everything was written (``os.replace``),
so a reader never sees half a file and an existing file is never clobbered by
a failed run. The file gets the mode a new file would get (``0o666`` less the
umask), not the ``0o600`` of a temporary file. :func:`stdout_to` does the same
for everything a command prints on standard output (its ``-o/--output FILE``),
streaming into the temporary file.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..reading import DEFAULT_LIMITS, Limits, decode_document

if TYPE_CHECKING:
    from ..policy.parameters import ParameterSet

__all__ = ["STDIN", "UsageError", "checked_file", "load_params", "open_input", "read_input",
           "read_text", "sniff_jsonl", "stdout_to", "where", "write_output"]

#: The name that reads standard input (or writes standard output).
STDIN = "-"


class UsageError(Exception):
    """A usage error of a command (exit code 2): the message says what to do instead."""


def where(name: str) -> str:
    """How messages name the input ``name`` (``<stdin>`` for ``-``)."""
    return "<stdin>" if name == STDIN else name


def checked_file(name: str) -> Path:
    """The path of the input file ``name``; a :class:`UsageError` when it does not exist or
    is a directory (for readers that open the file themselves, such as a workbook's)."""
    path = Path(name)
    if not path.exists():
        raise UsageError(f"{name}: no such file")
    if path.is_dir():
        raise UsageError(f"{name}: is a directory, expected a file")
    return path


@contextlib.contextmanager
def open_input(name: str) -> Iterator[IO[bytes]]:
    """The file ``name`` opened for reading bytes; ``-`` is standard input (left open).

    A missing or unreadable file is a :class:`UsageError`.
    """
    if name == STDIN:
        yield sys.stdin.buffer
        return
    path = checked_file(name)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise UsageError(f"{name}: cannot read the file ({exc.strerror})") from None
    with stream:
        yield stream


def read_input(name: str, limit: int | None = None) -> bytes:
    """The bytes of the file ``name`` (at most ``limit`` bytes); ``-`` reads standard input.

    A missing or unreadable file is a :class:`UsageError`.
    """
    with open_input(name) as stream:
        try:
            return stream.read() if limit is None else stream.read(limit)
        except OSError as exc:
            raise UsageError(f"{name}: cannot read the file ({exc.strerror})") from None


def read_text(name: str, *, what: str, encoding: str = "utf-8",
              limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of the document ``name`` (``-``: standard input), read whole within
    ``limits`` and decoded from ``encoding`` (utf-8 with or without a byte-order mark by
    default), as :func:`revitalize.reading.read_document` reads a file."""
    data = read_input(name, limits.max_record_bytes + 1)
    return decode_document(data, where(name), what=what, limits=limits, encoding=encoding)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target(name: str) -> Path:
    path = Path(name)
    if path.is_dir():
        raise UsageError(f"{name}: is a directory, expected a file name")
    if not path.parent.is_dir():
        raise UsageError(f"{name}: the directory {path.parent} does not exist")
    return path


def write_output(name: str, data: bytes) -> None:
    """Write ``data`` to the file ``name`` atomically, with a umask-respecting mode;
    ``-`` writes to standard output."""
    if name == STDIN:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = _target(name)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Kept(Exception):
    """Raised inside :func:`stdout_to` to discard the output (not used by callers)."""


@contextlib.contextmanager
def stdout_to(name: str | None) -> Iterator[list[bool]]:
    """While the block runs, standard output goes to the file ``name`` (None or ``-``:
    standard output itself), written into a temporary file in its directory and renamed
    over ``name`` when the block ends without an exception and ``keep[0]`` is still true
    (the block sets ``keep[0] = False`` for a usage error: then nothing is written).
    """
    keep = [True]
    if name is None or name == STDIN:
        yield keep
        return
    path = _target(name)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
            with contextlib.redirect_stdout(text):
                yield keep
            text.flush()
            text.detach()
        if not keep[0]:
            raise _Kept
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except _Kept:
        Path(tmp).unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_params(reform: str | None, *, encoding: str = "utf-8",
                limits: Limits = DEFAULT_LIMITS) -> ParameterSet:
    """The packaged parameters, with the reform file ``reform`` (``-``: standard input)
    applied when given."""
    from ..policy.parameters import default_parameters, read_reform

    base = default_parameters()
    if reform is None:
        return base
    text = read_text(reform, what="the reform file", encoding=encoding, limits=limits)
    return read_reform(text, base, source=where(reform), limits=limits)


class _Prefixed(io.RawIOBase):
    """The bytes ``head`` already read from ``rest``, then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        read1 = getattr(self._rest, "read1", None)
        data = read1(len(view)) if read1 is not None else self._rest.read(len(view))
        view[:len(data)] = data
        return len(data)


def sniff_jsonl(stream: IO[bytes], encoding: str = "utf-8",
                limit: int = DEFAULT_LIMITS.max_record_bytes) -> tuple[bool, IO[bytes]]:
    """Whether ``stream`` (standard input, which has no file name to tell) holds JSONL —
    its first non-blank line is one complete JSON object — or JSON; and a stream that
    reads it from the start."""
    import codecs
    import json

    head = b""
    line = b""
    while not line.strip():
        line = stream.readline(limit + 2)
        if not line:
            break
        head += line
    jsonl = False
    text = line.strip()
    if text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]
    if text.startswith(b"{") and text.endswith(b"}"):
        try:
            codec = "utf-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") \
                else encoding
            jsonl = isinstance(json.loads(codecs.decode(text, codec)), dict)
        except (ValueError, LookupError, RecursionError):
            jsonl = False
    return jsonl, io.BufferedReader(_Prefixed(head, stream))
