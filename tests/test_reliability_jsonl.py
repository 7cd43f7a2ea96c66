"""Reliability of the JSONL reader and the batch: no good record lost to a bad line.

One bad line — whatever is wrong with it: not JSON, a lone surrogate, a nesting
bomb, bytes that are not UTF-8, longer than the record limit — costs one error
record naming its line; every other line is assessed. Memory stays at the
record limit whatever the length of a line.
"""

from __future__ import annotations

import io
import json
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from revitalize import batch
from revitalize.batch import BatchTask, read_jsonl
from revitalize.cli import main
from revitalize.policy.parameters import default_parameters
from revitalize.reading import Limits, bounded_lines
from revitalize.testing import fuzz
from revitalize.testing.population import SAMPLE_DATE

FUZZ = settings(max_examples=fuzz.examples(), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ON = "2023-06-01"
TASK = BatchTask(default_parameters(), SAMPLE_DATE)


def household(hid: str, **extra: Any) -> str:
    """A valid household line."""
    return json.dumps({"id": hid, "town": "丛林镇", "village": "海孔村",
                       "poverty_status": "never_registered", "annual_net_income": "9000.00",
                       "members": [{"id": "M1", "birth_date": "1980-01-31"}], **extra},
                      ensure_ascii=False)


def run(data: bytes, task: BatchTask = TASK) -> list[dict[str, Any]]:
    """The records of streaming ``data`` (JSONL) through the batch."""
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "out.jsonl"
        stats = batch.stream(io.BytesIO(data), out, task, source_name="in.jsonl")
        records = [json.loads(x) for x in out.read_text(encoding="utf-8").split("\n")[:-1]]
    assert stats.records == len(records)
    return records


def expected_lines(data: bytes) -> list[int]:
    """The line numbers that must each give one record: every line that does not decode
    or is not blank."""
    out = []
    for number, raw in enumerate(data.split(b"\n")[:-1] if data.endswith(b"\n")
                                 else data.split(b"\n"), start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            if not raw.decode("utf-8").strip():
                continue
        except UnicodeDecodeError:
            pass
        out.append(number)
    return out


@FUZZ
@given(fuzz.jsonl_bytes())
def test_no_line_is_lost(data: bytes) -> None:
    """Whatever the lines, each non-blank line gives exactly one record, in order, and an
    error record names its own line."""
    records = fuzz.sound(lambda: run(data), r"in\.jsonl")
    assert isinstance(records, list)
    assert [r["line"] for r in records] == expected_lines(data)
    for r in records:
        if "error" in r:
            assert r["error"]["position"] == f"in.jsonl:{r['line']}"
            assert r["error"]["problems"]


def test_a_surrogate_on_line_2_of_3_costs_line_2_only() -> None:
    """Issue 14's case: lines 1 and 3 are assessed, line 2 is an error naming its path."""
    bad = household("H-2").replace('"H-2"', '"H\\ud800"')
    data = "\n".join([household("H-1"), bad, household("H-3")]) + "\n"
    records = run(data.encode())
    assert [r.get("subject") for r in records] == ["H-1", None, "H-3"]
    assert records[1]["error"]["position"] == "in.jsonl:2"
    assert records[1]["error"]["problems"][0].startswith("$.id: a lone surrogate (U+D800)")


def test_a_line_that_does_not_decode_costs_that_line() -> None:
    """Bytes that are not UTF-8 on one line give one error record with the encoding hint."""
    data = (household("H-1") + "\n").encode() + b'{"id": "\xb6\xd4"}\n' \
        + (household("H-3") + "\n").encode()
    records = run(data)
    assert [r.get("subject") for r in records] == ["H-1", None, "H-3"]
    assert "cannot decode the line as utf-8 (byte 0xb6 at column 9)" in \
        records[1]["error"]["problems"][0]


def test_a_line_longer_than_the_limit_is_refused_with_its_number() -> None:
    """A line just over the record limit is refused by size; one just inside is read."""
    line = household("H-2")
    limit = len(line.encode())
    task = BatchTask(default_parameters(), SAMPLE_DATE, limits=Limits(max_record_bytes=limit))
    inside = run(("\n".join([household("H-1"), line]) + "\n").encode(), task)
    assert [r.get("subject") for r in inside] == ["H-1", "H-2"]
    over = household("H-22")
    records = run(("\n".join([household("H-1"), over, household("H-3")]) + "\n").encode(),
                  task)
    assert [r.get("subject") for r in records] == ["H-1", None, "H-3"]
    assert records[1]["error"]["problems"] == [
        f"the record is {len(over.encode()):,} bytes, larger than the limit of {limit:,} "
        "bytes (raise it with --max-record-size)"]


class _LongLine(io.RawIOBase):
    """A stream of one line of ``size`` bytes (made as it is read), then a household."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.tail = b"\n" + household("H-2").encode() + b"\n"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.left)
        if n:
            buffer[:n] = b"x" * n
            self.left -= n
            return n
        n = min(len(buffer), len(self.tail))
        buffer[:n] = self.tail[:n]
        self.tail = self.tail[n:]
        return n


def test_memory_follows_the_limit_not_the_line() -> None:
    """A 64 MiB line with a 1 MiB limit is refused holding about the limit in memory
    (the line is never held whole), and the next line is read."""
    mib = 1 << 20
    tracemalloc.start()
    try:
        lines = list(bounded_lines(io.BufferedReader(_LongLine(64 * mib)), mib))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(n, size) for n, _, size in lines] == [(1, 64 * mib),
                                                   (2, len(household("H-2").encode()))]
    assert peak < 4 * mib, peak


def test_problems_in_an_error_record_are_capped() -> None:
    """200,000 unknown keys make an error record of 101 problems, not a 48 MB one."""
    line = household("H-1", **{f"k{i}": 1 for i in range(200_000)})
    (record,) = run((line + "\n").encode())
    problems = record["error"]["problems"]
    assert len(problems) == 101
    assert problems[-1] == "$: and 199,900 more problems (the first 100 are listed)"


def test_max_record_size_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--max-record-size 1K`` refuses a 2 KB line; the default reads it."""
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(household("H-1", pad=None) + "\n" + household("H-2") + " " * 2_000 + "\n",
                      encoding="utf-8")
    assert main(["assess", "--jsonl", str(source), str(target), "--on", ON,
                 "--max-record-size", "1K", "--json"]) == 1
    records = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert "larger than the limit of 1,024 bytes" in records[1]["error"]["problems"][0]
    capsys.readouterr()
    assert main(["assess", "--jsonl", str(source), str(target), "--on", ON, "--json"]) == 1
    records = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert records[1]["subject"] == "H-2"
    assert "pad" in records[0]["error"]["problems"][0]


def test_max_record_size_option_refuses_a_bad_size(capsys: pytest.CaptureFixture[str]) -> None:
    """A size that is not one is a usage error (exit 2) naming the expected form."""
    with pytest.raises(SystemExit) as e:
        main(["assess", "--jsonl", "a", "b", "--on", ON, "--max-record-size", "lots"])
    assert e.value.code == 2
    assert "expected a size in bytes such as 16M" in capsys.readouterr().err


def test_read_jsonl_items_name_their_lines() -> None:
    """read_jsonl yields an error item per bad line and text items for the others."""
    data = b'{"a": 1}\n\xff\n\n   \n{"b": 2}\n'
    items = list(read_jsonl(io.BytesIO(data), "x.jsonl"))
    assert [(i.line, bool(i.error)) for i in items] == [(1, False), (2, True), (5, False)]
    assert items[1].position == "x.jsonl:2"
