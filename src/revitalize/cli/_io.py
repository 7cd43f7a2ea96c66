"""Reading an input (``-``: standard input) and writing an output file atomically.

:func:`write_output` writes to a temporary file in the target's directory and
renames it over the target only when everything was written (``os.replace``),
so a reader never sees half a file and an existing file is never clobbered by
a failed run. The file gets the mode a new file would get (``0o666`` less the
umask), not the ``0o600`` of a temporary file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

__all__ = ["UsageError", "read_input", "write_output"]


class UsageError(Exception):
    """A usage error of a command (exit code 2): the message says what to do instead."""


def read_input(name: str) -> bytes:
    """The bytes of the file ``name``; ``-`` reads standard input.

    A missing or unreadable file is a :class:`UsageError`.
    """
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: is a directory, expected a file") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read the file ({exc.strerror})") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_output(name: str, data: bytes) -> None:
    """Write ``data`` to the file ``name`` atomically, with a umask-respecting mode;
    ``-`` writes to standard output."""
    if name == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(name)
    if path.is_dir():
        raise UsageError(f"{name}: is a directory, expected a file name")
    if not path.parent.is_dir():
        raise UsageError(f"{name}: the directory {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
