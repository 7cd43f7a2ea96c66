"""Streaming batches: constant memory, error records, order, workers, CSV, encodings."""

from __future__ import annotations

import csv
import io
import json
import pickle
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize import _codec, batch
from revitalize.batch import BatchStatistics, BatchTask, Numbered, assess_records, read_jsonl
from revitalize.cli import main
from revitalize.models import Household
from revitalize.policy.monitoring import MonitoringAssessor
from revitalize.policy.parameters import ParameterSet, default_parameters
from revitalize.serialization import (
    canonical_json,
    from_json_value,
    make_converter,
    to_json_value,
)
from revitalize.testing.population import SAMPLE_DATE, generate_households
from revitalize.testing.strategies import ASSESSMENT_DATE, households

ON = SAMPLE_DATE.isoformat()


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return default_parameters()


@pytest.fixture(scope="module")
def lines() -> list[str]:
    """120 seeded households as canonical JSON lines."""
    conv = make_converter()
    return [canonical_json(to_json_value(h, converter=conv))
            for h in generate_households(120, seed=11)]


def _small(i: int) -> bytes:
    """A small valid household line (cheap to read and hash), income varying with ``i``."""
    h = {"id": f"H-{i}", "town": "丛林镇", "village": "海孔村",
         "poverty_status": "registered_lifted", "lifted_year": 2019,
         "annual_net_income": f"{4000 + i % 4000}.00",
         "members": [{"id": "M1", "birth_date": "1970-05-01"}]}
    return (json.dumps(h, ensure_ascii=False) + "\n").encode()


class _Households(io.RawIOBase):
    """A readable binary stream of ``n`` small household lines, made as it is read."""

    def __init__(self, n: int) -> None:
        self.lines = (_small(i) for i in range(n))
        self.rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self.rest) < len(buffer):
            line = next(self.lines, None)
            if line is None:
                break
            self.rest += line
        n = min(len(buffer), len(self.rest))
        buffer[:n] = self.rest[:n]
        self.rest = self.rest[n:]
        return n


def _peak(n: int, task: BatchTask, tmp_path: Path, workers: int) -> int:
    """The tracemalloc peak of streaming ``n`` households to a file (this process)."""
    source = io.BufferedReader(_Households(n))
    tracemalloc.start()
    try:
        stats = batch.stream(source, tmp_path / f"out-{n}.jsonl", task, workers=workers)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert stats.records == n and stats.errors == 0
    return peak


def test_memory_does_not_grow_with_households(params: ParameterSet, tmp_path: Path) -> None:
    """Streaming 50,000 households peaks within 8 MiB of streaming 10,000 (2 workers).

    A first, unmeasured run takes the one-time allocations (pool start-up, lazy
    caches), so the two measured runs compare like with like; the bound covers
    the variation of the chunks in flight, which grows when the machine is busy
    (2.3 MiB seen under load). Holding the 40,000 extra households would cost
    about 80 MiB, ten times the bound, so a leak still fails.
    """
    task = BatchTask(params, SAMPLE_DATE)
    _peak(2_000, task, tmp_path, 2)
    small, large = _peak(10_000, task, tmp_path, 2), _peak(50_000, task, tmp_path, 2)
    assert abs(large - small) < 8 * 2**20, (small, large)


def test_memory_does_not_grow_in_process(params: ParameterSet, tmp_path: Path) -> None:
    """In one process (reading, assessing, writing) 3,000 households peak as 1,000 do."""
    task = BatchTask(params, SAMPLE_DATE)
    _peak(200, task, tmp_path, 1)  # one-time allocations, unmeasured
    small, large = _peak(1_000, task, tmp_path, 1), _peak(3_000, task, tmp_path, 1)
    assert abs(large - small) < 2**20, (small, large)


def test_bad_lines_give_numbered_errors_and_every_good_line_is_written(
        lines: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad lines become error records with their line numbers; all good lines are written."""
    bad = {3: '{"id": "H-x"}', 7: "not json", 8: '{"id": "H-y", "town": 1}'}
    rows: list[str] = []
    expected_good: list[tuple[int, str]] = []
    good = iter(lines[:20])
    for number in range(1, 24):
        if number in bad:
            rows.append(bad[number])
        elif number == 12:
            rows.append("")  # a blank line is skipped, and still counted
        else:
            text = next(good)
            rows.append(text)
            expected_good.append((number, json.loads(text)["id"]))
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["assess", "--jsonl", str(source), str(target), "--on", ON, "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["errors"] == 3 and summary["assessed"] == len(expected_good)
    records = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    errors = {r["line"]: r["error"] for r in records if "error" in r}
    assert set(errors) == set(bad)
    assert errors[7]["position"] == f"{source}:7"
    assert any("town" in p for p in errors[3]["problems"])
    assert [(r["line"], r["subject"]) for r in records if "error" not in r] == expected_good


def test_parallel_output_equals_serial(lines: list[str], params: ParameterSet) -> None:
    """Two worker processes give the serial records, in input order."""
    task = BatchTask(params, SAMPLE_DATE)
    data = ("\n".join(lines) + "\n").encode()
    serial = list(assess_records(read_jsonl(io.BytesIO(data)), task, chunk_size=7))
    parallel = list(assess_records(read_jsonl(io.BytesIO(data)), task, workers=2, chunk_size=7))
    assert parallel == serial
    assert [r["line"] for r in serial] == list(range(1, len(lines) + 1))


def test_records_match_the_assessment(lines: list[str], params: ParameterSet) -> None:
    """A summary record carries the assessment's decision, outcomes and provenance."""
    task = BatchTask(params, SAMPLE_DATE)
    record = next(assess_records(read_jsonl(io.BytesIO(lines[0].encode())), task))
    h = next(generate_households(1, seed=11))
    a = MonitoringAssessor.of(params, SAMPLE_DATE)(h)
    assert record["decision"] == a.decision.to_json()
    assert record["outcomes"] == {f.spec.id: f.outcome.value for f in a.findings}
    assert record["provenance"] == a.provenance.to_json()
    full = next(assess_records(read_jsonl(io.BytesIO(lines[0].encode())),
                               BatchTask(params, SAMPLE_DATE, "full")))
    assert full == {"line": 1, **a.to_json()}


def test_worker_payloads_pickle(lines: list[str], params: ParameterSet) -> None:
    """The task, the chunks and the records a worker exchanges pickle (with a reform)."""
    reform = params.reform({"monitoring.monitoring_line": "6500"}, name="6500")
    task = BatchTask(reform, SAMPLE_DATE, "full")
    copy = pickle.loads(pickle.dumps(task))
    assert copy == task and copy.params.fingerprint == reform.fingerprint
    assert copy.params.reform_of == "base"
    chunk = [Numbered(i, "f", t) for i, t in enumerate(lines[:5], start=1)]
    assert pickle.loads(pickle.dumps(chunk)) == chunk
    records = batch._run_chunk(copy, chunk)
    assert pickle.loads(pickle.dumps(records)) == records == batch._run_chunk(task, chunk)
    assert pickle.loads(pickle.dumps(batch._run_chunk)) is batch._run_chunk


def test_output_is_written_atomically(tmp_path: Path) -> None:
    """A failure while writing leaves the old output and no temporary file."""
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")

    def failing() -> Iterator[dict[str, Any]]:
        yield {"line": 1}
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        batch.write_atomic(target, failing())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert batch.write_atomic(target, [{"line": 1}]) == 1
    assert target.read_text(encoding="utf-8") == '{"line":1}\n'


def _write_csv(path: Path, lines: list[str], encoding: str) -> None:
    columns = [*batch.CSV_HOUSEHOLD_COLUMNS, *batch.CSV_MEMBER_COLUMNS]
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        for text in lines:
            writer.writerows(batch.csv_rows(json.loads(text)))


def _jsonl_records(lines: list[str], tmp_path: Path) -> list[dict[str, Any]]:
    source, target = tmp_path / "same.jsonl", tmp_path / "same-out.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    main(["assess", "--jsonl", str(source), str(target), "--on", ON])
    return [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]


def _without_lines(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "line"} for r in records]


def test_csv_in_gives_the_jsonl_decisions(lines: list[str], tmp_path: Path) -> None:
    """The flat CSV layout (UTF-8 with a BOM) reads the same households as JSONL."""
    source, target = tmp_path / "in.csv", tmp_path / "out.jsonl"
    _write_csv(source, lines[:40], "utf-8-sig")
    assert main(["assess", "--csv", str(source), str(target), "--on", ON,
                 "--to", "jsonl"]) == 0
    records = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert _without_lines(records) == _without_lines(_jsonl_records(lines[:40], tmp_path))
    assert records[0]["line"] == 2  # the first household starts below the header


def test_csv_out_has_one_row_per_household(lines: list[str], tmp_path: Path) -> None:
    """CSV out: a header and one row per household, UTF-8 with a BOM, errors in place."""
    source, target = tmp_path / "in.jsonl", tmp_path / "out.csv"
    source.write_text("\n".join([*lines[:5], "{}"]) + "\n", encoding="utf-8")
    assert main(["assess", "--jsonl", str(source), str(target), "--on", ON, "--to", "csv"]) == 1
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(batch.CSV_OUTPUT_COLUMNS)
    assert [r["subject"] for r in rows[:5]] == [json.loads(x)["id"] for x in lines[:5]]
    assert rows[5]["line"] == "6" and rows[5]["error"]


def test_gbk_file_needs_the_encoding_option(
        lines: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A GBK CSV read as UTF-8 gives one error record per household, naming the line, the
    column and the encoding to try; with --encoding gbk it reads."""
    source, target = tmp_path / "gbk.csv", tmp_path / "out.jsonl"
    _write_csv(source, lines[:10], "gbk")
    assert main(["assess", "--csv", str(source), str(target), "--on", ON, "--to", "jsonl"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    records = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 10 and all("error" in r for r in records)
    first = records[0]["error"]
    assert first["position"] == f"{source}:2"
    assert any(p.startswith("line 2, column household.town: cannot decode the line as utf-8")
               and "--encoding gbk" in p for p in first["problems"])
    assert main(["assess", "--csv", str(source), str(target), "--on", ON,
                 "--encoding", "gbk", "--to", "jsonl"]) == 0
    records = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert _without_lines(records) == _without_lines(_jsonl_records(lines[:10], tmp_path))
    assert any("镇" in r["decision"]["town"] for r in records)


def test_utf8_bom_jsonl_is_read(lines: list[str], tmp_path: Path) -> None:
    """A JSONL file with a byte-order mark reads like one without."""
    source = tmp_path / "bom.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines[:3]) + "\n").encode())
    items = list(read_jsonl(source.open("rb"), "bom.jsonl"))
    assert [json.loads(str(i.household))["id"] for i in items] == [
        json.loads(x)["id"] for x in lines[:3]]


def test_unknown_encoding_and_csv_header_are_clear(tmp_path: Path) -> None:
    """An unknown encoding names itself; an unknown CSV column is an error record."""
    with pytest.raises(batch.EncodingError, match="no-such"):
        list(read_jsonl(io.BytesIO(b"{}\n"), "x", encoding="no-such"))
    items = list(batch.read_csv(io.BytesIO(b"household.id,member.id,colour\nH,M,red\n"), "x"))
    assert items[0].error == ("unknown column 'colour'",)


def test_statistics_count_the_stream(lines: list[str], params: ParameterSet) -> None:
    """The statistics of records equal those counted from the assessments."""
    task = BatchTask(params, SAMPLE_DATE)
    from_records, from_assessments = BatchStatistics(), BatchStatistics()
    for r in assess_records(read_jsonl(io.BytesIO(("\n".join(lines) + "\n").encode())), task):
        from_records.add(r)
    for a in batch.assess_stream(generate_households(120, seed=11), params, SAMPLE_DATE):
        from_assessments.add_assessment(a)
    assert from_records.to_json() == from_assessments.to_json()
    assert from_records.to_json()["assessed"] == 120


def test_diff_stream_is_lazy(params: ParameterSet) -> None:
    """diff_stream consumes the population one household at a time."""
    reform = params.reform({"monitoring.monitoring_line": "9000"}, name="9000")
    seen: list[str] = []

    def population() -> Iterator[Any]:
        for h in generate_households(50, seed=3):
            seen.append(h.id)
            yield h

    changes = batch.diff_stream(population(), params, reform, SAMPLE_DATE)
    first = next(changes)
    assert seen[-1] == first.subject_id and len(seen) < 50
    assert changes.summary.seen == 50  # reading the summary finishes the diff ...
    rest = [c.subject_id for c in changes]  # ... and keeps the changes not yet read
    whole = batch.diff_stream(generate_households(50, seed=3), params, reform, SAMPLE_DATE)
    assert [first.subject_id, *rest] == [c.subject_id for c in whole]


def test_dask_bag_equals_serial(lines: list[str], params: ParameterSet) -> None:
    """The Dask adapter (local schedulers) gives the serial records."""
    pytest.importorskip("dask.bag")
    from revitalize.integrations.dask import assess_bag, numbered

    task = BatchTask(params, SAMPLE_DATE)
    serial = list(assess_records(read_jsonl(io.BytesIO(("\n".join(lines) + "\n").encode()),
                                            "<input>"), task))
    bag = assess_bag(numbered(lines, npartitions=5), task)
    assert bag.compute(scheduler="sync") == serial
    assert bag.compute(scheduler="threads") == serial


# --------------------------------------------------------------------------- record equivalence

_BAD_LINES = ("{not json", '{"id": "x"}', "[1, 2]", "")
_CODECS = [c for c in (_codec.STDLIB, _codec.orjson_codec()) if c is not None]


def _slow_summary(line: int, a: Any, keep: bool) -> dict[str, Any]:
    """A summary record from the library's public path: the assessment's own JSON, with
    ``because`` from the decision's lazily derived :attr:`because`, each rule's outcome and
    status read from its finding."""
    full = a.to_json()
    return {"line": line, "subject": a.subject_id, "on": a.on.isoformat(),
            "decision": {**full["decision"], "because": a.decision.because.to_json()},
            "outcomes": {f.spec.id: f.outcome.value for f in a.findings},
            "statuses": {f.spec.id: f.status.value for f in a.findings},
            "notices": full["notices"] if keep else [], "provenance": full["provenance"]}


def _check_encoded(texts: list[str], params: ParameterSet, on: Any) -> None:
    """Each codec's lines of ``texts`` (summary records, the run's warnings kept or not)
    are the slow path's bytes, and the chunk's statistics (JSONL and CSV) equal those
    recounted from the written records with :meth:`BatchStatistics.add`."""
    items = [Numbered(i, "<test>", t) for i, t in enumerate(texts, start=1)]
    assessor = MonitoringAssessor.of(params, on)
    for keep in (False, True):
        runner = batch._Runner(BatchTask(params, on, run_notices_in_records=keep))
        for codec in _CODECS:
            before = _codec.ACTIVE
            _codec.ACTIVE = codec
            try:
                rows, stats = runner.encoded(items, "jsonl")
                _, csv_stats = runner.encoded(items, "csv")
            finally:
                _codec.ACTIVE = before
            recounted = BatchStatistics()
            for item, row in zip(items, rows, strict=True):
                written = json.loads(row)
                recounted.add(written)
                if "error" in written:
                    assert item.household in _BAD_LINES
                    continue
                h = from_json_value(json.loads(str(item.household)), Household)
                slow = _slow_summary(item.line, assessor(h), keep)
                assert row == json.dumps(slow, ensure_ascii=False,
                                         separators=(",", ":")).encode(), codec.name
            assert stats == recounted, codec.name
            assert csv_stats == recounted, codec.name
            assert stats.records == len(texts)
            assert stats.errors == sum(t in _BAD_LINES for t in texts)


def test_summary_lines_and_statistics_equal_the_slow_path(lines: list[str],
                                                          params: ParameterSet) -> None:
    """The seeded households with unreadable lines among them (see :func:`_check_encoded`)."""
    texts = [*lines[:40], *_BAD_LINES, *lines[40:]]
    _check_encoded(texts, params, SAMPLE_DATE)


@settings(deadline=None, max_examples=60)
@given(hs=st.lists(households(on=ASSESSMENT_DATE), max_size=4),
       bad=st.lists(st.sampled_from(_BAD_LINES), max_size=2))
def test_generated_summary_lines_and_statistics_equal_the_slow_path(
        hs: list[Household], bad: list[str]) -> None:
    """Generated households (:mod:`revitalize.testing.strategies`) and unreadable lines."""
    conv = make_converter()
    texts = [*(canonical_json(to_json_value(h, converter=conv)) for h in hs), *bad]
    _check_encoded(texts, default_parameters(), ASSESSMENT_DATE)
