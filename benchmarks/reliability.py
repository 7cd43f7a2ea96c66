"""The reliability figures of docs/explanation/reliability.md (issue 14), measured.

    python benchmarks/reliability.py                   # 10,000 inputs per reader (the docs)
    python benchmarks/reliability.py -n 300 --line-mb 50   # a quick one

1. **Fuzz**: ``-n`` hostile inputs per reader (:mod:`revitalize.testing.fuzz`),
   counting *escapes*: an exception other than ``RevitalizeError``, or an error
   that does not say where, or a message that cannot be written as UTF-8. For
   JSONL it also counts *records lost*: lines without exactly one record.
2. **Privacy**: every personal field × every input format, with bad values;
   *leaks* are outputs that hold the value.
3. **No record lost**: 10,500 lines with 500 bad ones of every kind through
   ``revitalize assess --jsonl``; records written, assessed, errors.
4. **Kill**: ``--workers 2`` on a named pipe, SIGKILL to the parent: processes
   of the run alive after it (polled up to 30 s), output files, temporary files
   after the next run.
5. **A long line**: one line of ``--line-mb`` MB (200) and a household through
   the command: wall time and peak memory (``ru_maxrss`` of the child).
6. **Bounded work**: 20,000 duplicate member IDs and 200,000 unknown keys in one
   line: time and the size of the error.

Timings depend on the machine (the docs' run: a shared 2-core virtual machine
under load); the counts do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import io
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from revitalize import batch
from revitalize.batch import BatchTask
from revitalize.cli._assess import read_households
from revitalize.indicators.observations import parse_observations_json, parse_observations_toml
from revitalize.models import Household
from revitalize.policy.parameters import default_parameters, read_reform
from revitalize.scenarios import parse_scenario
from revitalize.serialization import loads
from revitalize.testing import fuzz

ON = "2023-06-01"
BASE = default_parameters()
TASK = BatchTask(BASE, dt.date(2023, 6, 1))
GOOD = json.dumps({"id": "H-1", "town": "丛林镇", "village": "海孔村",
                   "poverty_status": "never_registered", "annual_net_income": "9000.00",
                   "members": [{"id": "M1", "birth_date": "1980-01-31"}]}, ensure_ascii=False)


def _stream(data: bytes, fmt: str) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "out.jsonl"
        batch.stream(io.BytesIO(data), out, TASK, fmt_in=fmt, fmt_out="jsonl",
                     source_name=f"in.{fmt}")
        return [json.loads(x) for x in out.read_text(encoding="utf-8").split("\n")[:-1]]


def _expected_lines(data: bytes) -> int:
    n = 0
    lines = data.split(b"\n")
    for number, raw in enumerate(lines[:-1] if data.endswith(b"\n") else lines, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            if not raw.decode("utf-8").strip():
                continue
        except UnicodeDecodeError:
            pass
        n += 1
    return n


def _readers() -> dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], int]]]:
    """Reader name → (inputs, check returning the records lost)."""
    def jsonl(data: bytes) -> int:
        records = fuzz.sound(lambda: _stream(data, "jsonl"), r"in\.jsonl")
        return abs(len(records) - _expected_lines(data)) if isinstance(records, list) else 0

    def check(call: Callable[[], Any], where: str) -> int:
        fuzz.sound(call, where)
        return 0

    return {
        "JSON (loads)": (fuzz.json_texts(), lambda t: check(
            lambda: loads(t, Household, source="f.json"), r"\$|f\.json:")),
        "JSON array (assess FILE, diff FILE)": (fuzz.json_texts(), lambda t: check(
            lambda: list(read_households(t, "f.json", jsonl=False)), r"f\.json")),
        "JSONL (assess --jsonl)": (fuzz.jsonl_bytes(), jsonl),
        "CSV (assess --csv)": (fuzz.csv_bytes(), lambda b: check(
            lambda: _stream(b, "csv"), r"in\.csv")),
        "reform TOML (--reform)": (fuzz.reform_texts(), lambda t: check(
            lambda: read_reform(t, BASE, source="r.toml"), r"r\.toml")),
        "scenario TOML (check, pytest)": (fuzz.scenario_texts(), lambda t: check(
            lambda: parse_scenario(t, "s.toml", base=BASE), r"s\.toml")),
        "observations JSON (indicators report)": (fuzz.observation_json_texts(), lambda t: check(
            lambda: parse_observations_json(t, source="o.json"),
            r"o\.json|\$|indicator \(at \$")),
        "observations TOML (indicators report)": (fuzz.observation_toml_texts(), lambda t: check(
            lambda: parse_observations_toml(t, source="o.toml"), r"o\.toml|\$")),
    }


def _count(inputs: st.SearchStrategy[Any], n: int, each: Callable[[Any], None]) -> None:
    """Run ``each`` on ``n`` generated inputs (no shrinking: every input is counted)."""
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(inputs)
    def run(value: Any) -> None:
        each(value)

    run()


def fuzz_readers(n: int, only: list[str] | None) -> list[list[str]]:
    rows = []
    for name, (inputs, check) in _readers().items():
        if only and not any(o.lower() in name.lower() for o in only):
            continue
        counts = {"inputs": 0, "escapes": 0, "lost": 0}
        examples: list[str] = []

        def each(value: Any, check: Callable[[Any], int] = check,
                 counts: dict[str, int] = counts, examples: list[str] = examples) -> None:
            counts["inputs"] += 1
            try:
                counts["lost"] += check(value)
            except fuzz.LeakedError as exc:
                counts["escapes"] += 1
                examples.append(str(exc)[:200])

        start = time.perf_counter()
        _count(inputs, n, each)
        took = time.perf_counter() - start
        rows.append([name, f"{counts['inputs']:,}", str(counts["escapes"]),
                     str(counts["lost"]) if "JSONL" in name else "—", f"{took:,.0f} s"])
        print(f"  {name}: {counts}  {took:.0f} s", *examples[:3], sep="\n    ", flush=True)
    return rows


def privacy(n: int) -> tuple[int, int]:
    """(inputs, leaks) over every personal field and input format."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import test_reliability_privacy as p  # the same formats as the test

    counts = {"tried": 0, "leaks": 0}
    for fmt in p.FORMATS:
        for _, field in p.PERSONAL:
            def each(bad: tuple[Any, str], fmt: str = fmt, field: str = field) -> None:
                value, secret = bad
                counts["tried"] += 1
                out = p.outputs(fmt, p.household(field, value))
                counts["leaks"] += secret in out or p.MARK in out

            _count(p._secrets(), n, each)
    return counts["tried"], counts["leaks"]


def _bad_lines() -> list[bytes]:
    """One of each kind of bad line."""
    return [
        GOOD.replace('"H-1"', '"H\\ud800"').encode(),  # a lone surrogate
        ("[" * 5_000 + "]" * 5_000).encode(),  # a nesting bomb
        GOOD.replace('"9000.00"', "9" * 5_000).encode(),  # a 5,000-digit integer
        GOOD.replace('"9000.00"', "1e999999").encode(),
        GOOD.encode().replace("丛林镇".encode(), "丛林镇".encode("gbk")),  # not UTF-8
        b'{"id": "H-1", "town": ',  # not JSON
        GOOD.replace('"H-1"', '"H-1", ' + ", ".join(f'"k{i}": 1' for i in range(20_000))
                     ).encode(),  # 20,000 unknown keys
        GOOD.replace('"9000.00"', '"６５００"').encode(),  # full-width digits
        GOOD.replace('"1980-01-31"', '"9999-12-31"').encode(),
        b"\xff\xfe\x00",
    ]


def records_lost(d: Path) -> dict[str, int]:
    """10,500 lines, 500 of them bad (50 of each kind), through the command."""
    source, target = d / "mixed.jsonl", d / "mixed-out.jsonl"
    bad = _bad_lines()
    with source.open("wb") as f:
        for i in range(10_500):
            f.write(bad[(i // 21) % len(bad)] if i % 21 == 20 else
                    GOOD.replace('"H-1"', f'"H-{i}"').encode())
            f.write(b"\n")
    done = subprocess.run([sys.executable, "-m", "revitalize", "assess", "--jsonl", str(source),
                           str(target), "--on", ON, "--json"], capture_output=True, check=False)
    summary = json.loads(done.stdout)["summary"]
    with target.open("rb") as f:
        lines = sum(1 for _ in f)
    return {"lines in": 10_500, "records out": lines, "assessed": summary["assessed"],
            "errors": summary["errors"], "exit": done.returncode,
            "tracebacks": done.stderr.count(b"Traceback")}


def _group(pgid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
                out.append(int(entry))
    return out


def kill(d: Path) -> dict[str, Any]:
    """SIGKILL a ``--workers 2`` run that is waiting for input on a named pipe."""
    fifo, out = d / "fifo.jsonl", d / "killed.jsonl"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "revitalize", "assess", "--jsonl", str(fifo),
                             str(out), "--on", ON, "--workers", "2", "--chunk-size", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    os.set_blocking(fd, True)
    os.write(fd, ((GOOD + "\n") * 50).encode())
    while len(_group(proc.pid)) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    before = len(_group(proc.pid))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed = time.monotonic()
    while _group(proc.pid) and time.monotonic() - killed < 30:
        time.sleep(0.05)
    gone_after = time.monotonic() - killed
    alive = len(_group(proc.pid))
    os.close(fd)
    temps_left = len(list(d.glob(".killed.jsonl.*.tmp")))
    again = d / "again.jsonl"
    again.write_text(GOOD + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "revitalize", "assess", "--jsonl", str(again), str(out),
                    "--on", ON], capture_output=True, check=False)
    return {"processes before the kill": before, "alive 30 s after": alive,
            "all gone after (s)": round(gone_after, 2), "output after the kill": 0,
            "temps after the kill": temps_left,
            "temps after the next run": len(list(d.glob(".killed.jsonl.*.tmp")))}


def long_line(d: Path, mb: int) -> dict[str, Any]:
    """One line of ``mb`` MB, then a household, through the command."""
    source, target = d / "long.jsonl", d / "long-out.jsonl"
    with source.open("wb") as f:
        f.write(b'{"id": "')
        piece = b"x" * (1 << 20)
        for _ in range(mb):
            f.write(piece)
        f.write(b'"}\n' + GOOD.encode() + b"\n")
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:], capture_output=True); "
            "print(time.perf_counter() - t, r.returncode, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "revitalize",
                           "assess", "--jsonl", str(source), str(target), "--on", ON],
                          capture_output=True, text=True, check=True)
    wall, rc, peak_kib = done.stdout.split()
    records = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    source.unlink()
    return {"line (MB)": mb, "wall (s)": round(float(wall), 2), "exit": int(rc),
            "peak RSS (MiB)": round(int(peak_kib) / 1024), "records": len(records),
            "first record": records[0]["error"]["problems"][0][:80],
            "second record": records[1].get("subject")}


def bounded_work() -> dict[str, Any]:
    out: dict[str, Any] = {}
    dup = json.loads(GOOD)
    dup["members"] = [{"id": "M1", "birth_date": "1980-01-31"}] * 20_000
    unknown = dict(json.loads(GOOD), **{f"k{i}": 1 for i in range(200_000)})
    for name, doc in (("20,000 duplicate member IDs", dup), ("200,000 unknown keys", unknown)):
        line = json.dumps(doc)
        t = time.perf_counter()
        (record,) = _stream((line + "\n").encode(), "jsonl")
        out[name] = {"line (MB)": round(len(line) / 1e6, 1),
                     "time (s)": round(time.perf_counter() - t, 2),
                     "problems listed": len(record["error"]["problems"]),
                     "error record (KB)": round(len(json.dumps(record)) / 1e3, 1)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=fuzz.LONG_EXAMPLES, help="inputs per reader")
    parser.add_argument("--privacy-n", type=int, default=40,
                        help="bad values per personal field and format")
    parser.add_argument("--line-mb", type=int, default=200, help="the long line, in MB")
    parser.add_argument("--only", nargs="*", help="fuzz only the readers named")
    parser.add_argument("--skip-fuzz", action="store_true")
    args = parser.parse_args()
    print(f"CPython {platform.python_version()} · {platform.machine()} · "
          f"{os.cpu_count()} CPUs · load {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        print("\n## No record lost (10,500 lines, 500 bad)", flush=True)
        print(json.dumps(records_lost(d), indent=1))
        print("\n## Kill (SIGKILL, --workers 2)", flush=True)
        print(json.dumps(kill(d), indent=1))
        print(f"\n## A {args.line_mb} MB line", flush=True)
        print(json.dumps(long_line(d, args.line_mb), indent=1, ensure_ascii=False))
    print("\n## Bounded work", flush=True)
    print(json.dumps(bounded_work(), indent=1))
    print("\n## Privacy", flush=True)
    tried, leaks = privacy(args.privacy_n)
    print(f"bad personal values tried: {tried:,} · leaks: {leaks}", flush=True)
    if not args.skip_fuzz:
        print(f"\n## Fuzz ({args.n:,} inputs per reader)", flush=True)
        rows = fuzz_readers(args.n, args.only)
        print("\n| reader | inputs | escapes | records lost | time |\n|---|---:|---:|---:|---:|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\n(this process peaked at {peak / 1024:,.0f} MiB)")


if __name__ == "__main__":
    main()
