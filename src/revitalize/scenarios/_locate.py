"""Map a key path of a TOML document back to the line it is written on.

``tomllib`` gives values without positions; a scenario file's schema errors
must name a line. :func:`key_lines` scans the TOML text once and records the
line of every key it sees — table headers (``[case.expect]``), arrays of
tables (``[[case]]``, counted), ``key = value`` lines (dotted and quoted keys
included) and the elements of multi-line arrays of inline tables. A path that
is not recorded (a key inside a one-line inline table) falls back to its
longest recorded prefix, which is on the same line.

>>> lines = key_lines('name = "x"\\n[[case]]\\nname = "a"\\n[case.input]\\nid = "H-1"\\n')
>>> lines[("case", 0, "input", "id")]
5
>>> line_of(lines, ("case", 0, "input", "id", "oops"))
5
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["KeyPath", "key_lines", "line_of", "parse_json_path"]

#: A path into a parsed TOML document: table keys and array indices.
KeyPath = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _parse_key(text: str, pos: int) -> tuple[list[str], int]:
    """Parse a (dotted, possibly quoted) key at ``pos``; return its parts and the end."""
    parts: list[str] = []
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos < n and text[pos] in "\"'":
            quote = text[pos]
            end = pos + 1
            buf: list[str] = []
            while end < n and text[end] != quote:
                if quote == '"' and text[end] == "\\" and end + 1 < n:
                    buf.append(text[end + 1])
                    end += 2
                    continue
                buf.append(text[end])
                end += 1
            parts.append("".join(buf))
            pos = end + 1
        else:
            m = _BARE.match(text, pos)
            if not m:
                return parts, pos
            parts.append(m.group(0))
            pos = m.end()
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos < n and text[pos] == ".":
            pos += 1
            continue
        return parts, pos


class _Scanner:
    """Tracks brackets and strings across lines (for multi-line values)."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_multiline: str | None = None  # '"""' or "'''"

    def scan(self, text: str) -> list[tuple[int, str]]:
        """Scan ``text``; return (depth before, char) for each bracket seen outside strings."""
        out: list[tuple[int, str]] = []
        i, n = 0, len(text)
        while i < n:
            if self.in_multiline:
                end = text.find(self.in_multiline, i)
                if end < 0:
                    return out
                i = end + 3
                self.in_multiline = None
                continue
            c = text[i]
            if c == "#":
                return out
            if text.startswith('"""', i) or text.startswith("'''", i):
                self.in_multiline = text[i:i + 3]
                i += 3
                continue
            if c in "\"'":
                j = i + 1
                while j < n and text[j] != c:
                    j += 2 if (c == '"' and text[j] == "\\") else 1
                i = j + 1
                continue
            if c in "[{":
                out.append((self.depth, c))
                self.depth += 1
            elif c in "]}":
                self.depth -= 1
                out.append((self.depth, c))
            i += 1
        return out


def key_lines(text: str) -> dict[KeyPath, int]:
    """The 1-based line of every key path written in the TOML ``text``."""
    lines: dict[KeyPath, int] = {}
    aot_last: dict[KeyPath, int] = {}
    table: KeyPath = ()
    scanner = _Scanner()
    array_path: KeyPath | None = None
    array_index = -1

    def resolve(parts: list[str]) -> KeyPath:
        path: KeyPath = ()
        for p in parts:
            path = (*path, p)
            if path in aot_last:
                path = (*path, aot_last[path])
        return path

    for number, raw in enumerate(text.splitlines(), start=1):
        if scanner.depth > 0 or scanner.in_multiline:
            for depth, c in scanner.scan(raw):
                if array_path is not None and c == "{" and depth == 1:
                    array_index += 1
                    lines.setdefault((*array_path, array_index), number)
            if scanner.depth == 0:
                array_path = None
            continue
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            parts, _ = _parse_key(stripped, 2)
            base = resolve(parts[:-1])
            key = (*base, parts[-1]) if parts else base
            aot_last[key] = aot_last.get(key, -1) + 1
            table = (*key, aot_last[key])
            lines.setdefault(key, number)
            lines[table] = number
            continue
        if stripped.startswith("["):
            parts, _ = _parse_key(stripped, 1)
            table = resolve(parts)
            lines.setdefault(table, number)
            continue
        parts, pos = _parse_key(raw, 0)
        if not parts:
            continue
        path = (*table, *parts)
        lines.setdefault(path, number)
        rest = raw[pos + 1:] if pos < len(raw) and raw[pos] == "=" else ""
        brackets = scanner.scan(rest)
        if scanner.depth > 0 and brackets and brackets[0] == (0, "["):
            array_path, array_index = path, -1
            for depth, c in brackets[1:]:
                if c == "{" and depth == 1:
                    array_index += 1
                    lines.setdefault((*path, array_index), number)
    return lines


def line_of(lines: Mapping[KeyPath, int], path: KeyPath) -> int | None:
    """The line of ``path`` or of its longest recorded prefix (None: not even the root)."""
    for end in range(len(path), 0, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return None


_SEGMENT = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\[\"((?:[^\"\\]|\\.)*)\"\]|\['([^']*)'\]")


def parse_json_path(path: str) -> KeyPath | None:
    """Split a converter path (``$.members[2].birth_date``) into its keys and indices.

    >>> parse_json_path("$.members[2].birth_date")
    ('members', 2, 'birth_date')
    >>> parse_json_path('$.changes["a.b"]')
    ('changes', 'a.b')
    >>> parse_json_path("file.toml:3") is None
    True
    """
    if not path.startswith("$"):
        return None
    out: list[str | int] = []
    pos = 1
    while pos < len(path):
        m = _SEGMENT.match(path, pos)
        if not m:
            return tuple(out)
        if m.group(1) is not None:
            out.append(m.group(1))
        elif m.group(2) is not None:
            out.append(int(m.group(2)))
        else:
            out.append(m.group(3) if m.group(3) is not None else m.group(4))
        pos = m.end()
    return tuple(out)
