"""Reliability of the flat CSV reader (``assess --csv``).

A row that cannot be read — a cell over the field limit (the ``_csv.Error`` of
issue 14), bytes that are not UTF-8, the wrong number of cells, a line over the
record limit — makes its household one error record naming the line and the
column; the other households are read. A personal cell's text never appears.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from revitalize import batch
from revitalize.batch import CSV_HOUSEHOLD_COLUMNS, CSV_MEMBER_COLUMNS, BatchTask, read_csv
from revitalize.cli import main
from revitalize.policy.parameters import default_parameters
from revitalize.reading import Limits
from revitalize.testing import fuzz
from revitalize.testing.population import SAMPLE_DATE

FUZZ = settings(max_examples=fuzz.examples(), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HEADER = [*CSV_HOUSEHOLD_COLUMNS, *CSV_MEMBER_COLUMNS]
TASK = BatchTask(default_parameters(), SAMPLE_DATE)
ON = "2023-06-01"


def household(hid: str, members: int = 1) -> dict[str, Any]:
    return {"id": hid, "town": "丛林镇", "village": "海孔村",
            "poverty_status": "never_registered", "annual_net_income": "9000.00",
            "members": [{"id": f"M{i}", "birth_date": "1980-01-31"}
                        for i in range(1, members + 1)]}


def table(*households: dict[str, Any]) -> list[list[str]]:
    """The flat CSV rows (header first) of ``households``."""
    rows = [list(HEADER)]
    for h in households:
        rows.extend([r.get(c, "") for c in HEADER] for r in batch.csv_rows(h))
    return rows


def encode(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def run(data: bytes, task: BatchTask = TASK) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "out.jsonl"
        batch.stream(io.BytesIO(data), out, task, fmt_in="csv", fmt_out="jsonl",
                     source_name="in.csv")
        return [json.loads(x) for x in out.read_text(encoding="utf-8").split("\n")[:-1]]


def col(name: str) -> int:
    return HEADER.index(name)


@FUZZ
@given(fuzz.csv_bytes())
def test_csv_reader_survives_anything(data: bytes) -> None:
    """Whatever the file, the batch gives records (errors positioned ``in.csv:line``)."""
    records = fuzz.sound(lambda: run(data), r"in\.csv")
    assert isinstance(records, list)
    for r in records:
        if "error" in r:
            assert r["error"]["position"] == f"in.csv:{r['line']}"
            assert r["error"]["problems"]


def test_a_cell_over_the_field_limit_costs_its_household() -> None:
    """A cell of 140,000 characters (``_csv.Error`` in issue 14) makes its household an
    error naming the line and the limit; the households around it are read."""
    rows = table(household("H-1"), household("H-2", 2), household("H-3"))
    rows[3][col("member.id")] = "x" * 140_000  # H-2's second member
    records = run(encode(rows))
    assert [r.get("subject") for r in records] == ["H-1", None, "H-3"]
    assert records[1]["error"]["position"] == "in.csv:3"
    assert records[1]["error"]["problems"] == [
        "line 4: a cell longer than the limit of 131,072 characters (raise it with "
        "--max-field-size)"]


def test_field_limit_just_inside_and_just_outside() -> None:
    """A cell of exactly the limit is read (the field's own check then speaks); one more
    character is refused by size."""
    limits = Limits(max_field_chars=100)
    task = BatchTask(default_parameters(), SAMPLE_DATE, limits=limits)
    rows = table(household("H-1"))
    rows[1][col("household.village")] = "村" * 100
    (inside,) = run(encode(rows), task)
    assert not any("longer than the limit" in p
                   for p in inside.get("error", {}).get("problems", []))
    rows[1][col("household.village")] = "村" * 101
    (outside,) = run(encode(rows), task)
    assert outside["error"]["problems"] == [
        "line 2, column household.village: a cell of 101 characters, longer than the limit "
        "of 100 (raise it with --max-field-size)"]


def test_a_row_with_the_wrong_number_of_cells_costs_its_household_only() -> None:
    """A short row inside a household makes that household one error record (it lost a
    member); the next household is read."""
    rows = table(household("H-1", 2), household("H-2"))
    rows[2] = rows[2][: col("member.id")]
    records = run(encode(rows))
    assert [r.get("subject") for r in records] == [None, "H-2"]
    assert records[0]["error"]["problems"] == [
        f"line 3: expected {len(HEADER)} cells, got {col('member.id')}"]


def test_bytes_that_do_not_decode_name_their_cell() -> None:
    """Bytes that are not UTF-8 name the line and the column they are in, with the hint."""
    data = encode(table(household("H-1"), household("H-2")))
    data = data.replace("丛林镇".encode(), "丛林镇".encode("gbk"), 1)
    records = run(data)
    assert [r.get("subject") for r in records] == [None, "H-2"]
    (problem,) = records[0]["error"]["problems"]
    assert problem.startswith("line 2, column household.town: cannot decode the line as utf-8")
    assert "--encoding gbk" in problem


def test_a_line_over_the_record_limit_costs_its_household() -> None:
    """A row longer than the record limit is refused by size, and only its household."""
    task = BatchTask(default_parameters(), SAMPLE_DATE, limits=Limits(max_record_bytes=2_000))
    rows = table(household("H-1"), household("H-2"), household("H-3"))
    rows[2][col("household.village")] = "村" * 1_000
    records = run(encode(rows), task)
    assert [r.get("subject") for r in records] == ["H-1", None, "H-3"]
    assert "larger than the limit of 2,000 bytes" in records[1]["error"]["problems"][0]


def test_health_cells_are_never_echoed() -> None:
    """Issue 14's leak: a bad health cell's text is not in the error (nor any personal cell)."""
    rows = table(household("H-1"))
    rows[1][col("member.serious_illness")] = "尿毒症透析"
    rows[1][col("member.disability")] = "肢体二级"
    (record,) = run(encode(rows))
    text = json.dumps(record, ensure_ascii=False)
    assert "尿毒症" not in text and "肢体" not in text
    assert "line 2, column member.serious_illness: expected true or false, got a value that " \
           "is not shown (personal data)" in record["error"]["problems"]


def test_integers_take_ascii_digits_only() -> None:
    """A full-width or over-long integer cell is refused, shortened in the message."""
    rows = table(household("H-1"))
    rows[1][col("household.lifted_year")] = "２０１９"
    (record,) = run(encode(rows))
    assert record["error"]["problems"] == [
        "line 2, column household.lifted_year: expected an integer of ASCII digits, got "
        "'２０１９'"]


def test_max_field_size_option(tmp_path: Path) -> None:
    """``--max-field-size`` raises the field limit: the cell then reaches its field check."""
    rows = table(household("H-1"))
    rows[1][col("household.village")] = "村" * 140_000
    source, target = tmp_path / "in.csv", tmp_path / "out.jsonl"
    source.write_bytes(encode(rows))
    base = ["assess", "--csv", str(source), str(target), "--on", ON, "--to", "jsonl"]
    assert main(base) == 1
    (record,) = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert "longer than the limit of 131,072" in record["error"]["problems"][0]
    assert main([*base, "--max-field-size", "200000"]) == 1
    (record,) = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert "$.village" in record["error"]["problems"][0]


def test_read_csv_never_raises_for_a_bad_header() -> None:
    """A header that is not valid CSV, or has unknown columns, is one error item."""
    (item,) = read_csv(io.BytesIO(b'"household.id,\x00\nx\n'), "h.csv")
    assert item.error and item.position == "h.csv:1"
    (item,) = read_csv(io.BytesIO(b"household.id,member.id,\xff\n"), "h.csv")
    assert item.error == ("unknown column '\\udcff'",)


@pytest.mark.parametrize("cells", [["", ""], [" ", ""]])
def test_blank_rows_are_skipped(cells: list[str]) -> None:
    """Blank rows (all cells empty or spaces) are not households and not errors."""
    rows = table(household("H-1"))
    rows.insert(2, cells)
    assert [r.get("subject") for r in run(encode(rows))] == ["H-1"]
