"""Stream N seeded households from JSONL to JSONL through the command line: wall time, peak memory.

    python benchmarks/stream.py -n 1000000 --workers 2      # the run in the docs
    python benchmarks/stream.py -n 50000                    # a quick one

The input is written first (``benchmarks/generate_population.py``'s households,
not timed) unless ``--input`` names an existing file. Then
``revitalize assess --jsonl IN OUT --on 2023-06-01 --workers W`` runs in a child
process; the script prints the wall time, the households per second, and the
peak resident memory of the largest process of the run (the command, its fork
server or one of its workers: ``ru_maxrss``, and ``VmHWM`` sampled by
``benchmarks/_procs.py``), with the output's line count, the JSON codec (orjson
when the ``fast`` extra is installed), the load average and the CPU time of every
process of the run; with ``-n 1000000 --workers 2`` it says whether issue 15's
target (≤ 60 s, ≤ 150 MiB) is met.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _procs import Watch

from revitalize import _codec
from revitalize.serialization import canonical_json, make_converter, to_json_value
from revitalize.testing.population import SAMPLE_DATE, generate_households


def write_input(path: Path, n: int, seed: int) -> None:
    """``n`` seeded households as JSONL."""
    conv = make_converter()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for h in generate_households(n, seed=seed, on=SAMPLE_DATE):
            out.write(canonical_json(to_json_value(h, converter=conv)) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="households")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--input", type=Path, help="an existing JSONL file to use")
    parser.add_argument("--chunk-size", type=int, help="lines a chunk (the command's default)")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    source = args.input or args.dir / f"households-{args.n}-{args.seed}.jsonl"
    if not source.exists():
        t = time.perf_counter()
        write_input(source, args.n, args.seed)
        print(f"wrote {args.n:,} households to {source} in {time.perf_counter() - t:.0f} s")
    target = args.dir / f"records-{args.n}.jsonl"
    command = [sys.executable, "-m", "revitalize", "assess", "--jsonl", str(source),
               str(target), "--on", SAMPLE_DATE.isoformat(), "--workers", str(args.workers),
               "--json"] + (["--chunk-size", str(args.chunk_size)] if args.chunk_size else [])
    load = os.getloadavg()[0]
    # The workers are the fork server's children, not this script's grandchildren that
    # getrusage(RUSAGE_CHILDREN) counts: watch every descendant as well (Linux /proc).
    with Watch() as watch:
        t = time.perf_counter()
        with subprocess.Popen(command, stdout=subprocess.PIPE) as done:
            done.communicate()
        wall = time.perf_counter() - t
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = max(usage.ru_maxrss, watch.peak_mib * 1024)  # KiB on Linux
    cpu = max(usage.ru_utime + usage.ru_stime, watch.total_cpu)
    with target.open("rb") as f:
        lines = sum(1 for _ in f)
    size = os.path.getsize(source)
    print(f"households {args.n:,} · workers {args.workers} · input {size / 2**20:,.0f} MiB · "
          f"exit {done.returncode}")
    peak = peak_kib / 1024
    print(f"wall time {wall:,.1f} s · {args.n / wall:,.0f} households/s · "
          f"peak memory (largest process) {peak:,.0f} MiB · output lines {lines:,} · "
          f"JSON codec {_codec.active().name} · load average {load:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after")
    print(f"CPU time of all its processes {cpu:,.1f} s (on a busy machine, CPU time ÷ "
          f"{max(args.workers, 1)} cores = {cpu / max(args.workers, 1):,.1f} s is what an idle "
          "machine's wall time would be at least)")
    own = watch.cpu.get(done.pid)
    if own is not None and args.workers > 1:  # the process that reads and writes
        print(f"CPU time of the reading and writing process {own:,.1f} s "
              f"({own / args.n * 1e6:,.1f} µs a household); of the others: "
              + ", ".join(f"{c:,.1f} s" for pid, c in sorted(watch.cpu.items())
                          if pid != done.pid and c >= 0.05))
    if args.n == 1_000_000 and args.workers == 2:
        met = wall <= 60 and peak <= 150
        print(f"issue 15 target (≤ 60 s, ≤ 150 MiB in the largest process): "
              f"{'met' if met else 'not met'}")


if __name__ == "__main__":
    main()
