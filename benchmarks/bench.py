"""Benchmarks, measured side by side in one run: medians, ratios and issue 15's targets.

    python benchmarks/bench.py                 # the table in docs/explanation/performance.md
    python benchmarks/bench.py -n 2000 --repeat 9 --workers-n 50000

Workloads (see :mod:`revitalize.testing.benchmark` for W1):

- *W1 screen*: (a) the library's rule functions, (b) the floor (a minimal
  hand-written function over tuples), (c) a minimal OpenFisca model doing the
  same screen, one household through ``SimulationBuilder`` and a batch (only
  when ``openfisca-core`` is installed);
- *full assessment*: every finding, decision and measures for one household
  (each household of the seeded population timed on its own: the median over
  households) and a batch (``MonitoringAssessor`` over the population);
- *JSONL → JSONL*: :func:`revitalize.batch.stream` over the population's JSONL lines
  in one process (read, structure, assess, provenance digest, write a record), with
  the standard library's ``json`` and, when installed, with orjson (the ``fast``
  extra), against its *floor* measured in the same rounds: ``json.loads`` of each
  line + the full assessment + ``json.dumps`` of each output record;
- *workers*: the same stream over ``--workers-n`` households with 1 and 2 worker
  processes, read from a temporary file (both runs alike: the path of an integrator's
  file, which two workers read in place, not ``io.BytesIO``'s), alternated
  ``--worker-rounds`` times (the best of each); besides the wall
  time, the speed-up two idle cores would give, from each process's CPU time
  (``benchmarks/_procs.py``): on a machine shared with other work, the wall time of
  several processes says little.

Each measurement is repeated ``--repeat`` times with the workloads interleaved
(a, b, c, a, b, c ...), so a busy machine slows them alike; the median is shown.
The table ends with issue 15's targets, each with its measured value and whether it
is met. The 1,000,000-household streaming run is ``benchmarks/stream.py``.
"""

from __future__ import annotations

import argparse
import collections
import gc
import io
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from _procs import Watch

from revitalize import _codec
from revitalize.batch import BatchTask, Numbered, _Runner, stream
from revitalize.models.household import Household
from revitalize.policy.monitoring import MonitoringAssessor
from revitalize.policy.parameters import default_parameters
from revitalize.serialization import canonical_json, loads, make_converter, to_json_value
from revitalize.testing.benchmark import (
    floor_limits,
    floor_tuple,
    w1_floor,
    w1_library,
    w1_parameters,
)
from revitalize.testing.population import SAMPLE_DATE, generate_households

ON = SAMPLE_DATE


# --------------------------------------------------------------------------- OpenFisca


def openfisca_w1(households: list[Household]) -> tuple[Callable[[], Any], Callable[[], Any],
                                                       Callable[[Household], Any]] | None:
    """The W1 screen as a minimal OpenFisca model: (single, batch, check) or None."""
    try:
        import numpy as np
        from openfisca_core import periods
        from openfisca_core.entities import build_entity
        from openfisca_core.simulation_builder import SimulationBuilder
        from openfisca_core.taxbenefitsystems import TaxBenefitSystem
        from openfisca_core.variables import Variable
    except ImportError:
        return None
    person = build_entity("person", "persons", "Person", is_person=True)
    household = build_entity("household", "households", "Household",
                             roles=[{"key": "member", "plural": "members"}])
    year = periods.DateUnit.YEAR
    limits = floor_limits(w1_parameters(default_parameters()), ON)
    line, ratio = float(limits[0]), float(limits[1])
    # the birth dates of compulsory-education age (by school year), as ordinals
    latest, after = limits[3].toordinal(), limits[4].toordinal()

    def var(name: str, entity: Any, kind: type, formula: Any = None) -> type:
        attrs: dict[str, Any] = {"value_type": kind, "entity": entity,
                                 "definition_period": year, "label": name}
        if formula is not None:
            attrs["formula"] = formula
        return type(name, (Variable,), attrs)

    def child_dropout(p: Any, period: Any) -> Any:
        born = p("born", period)
        return (born <= latest) * (born > after) * p("out_of_school_other", period)

    def below_line(h: Any, period: Any) -> Any:
        n = h("income_members", period)
        return (n > 0) * (h("income", period) < line * n) * h("income_known", period)

    def spending(h: Any, period: Any) -> Any:
        return (h("medical", period) + h("disaster", period)
                > h("income", period) * ratio) * h("income_known", period)

    def include(h: Any, period: Any) -> Any:
        members = h.members
        return (h("below_line", period) + h("spending_risk", period)
                + h.any(members("child_dropout", period))
                + h.any(members("uninsured", period))
                + h("unsafe_housing", period) + h("unsafe_water", period)) > 0

    def measure(h: Any, period: Any) -> Any:
        able = h.any(h.members("able", period))
        return h("include", period) * np.where(able, 1, 2)

    tbs = TaxBenefitSystem([person, household])
    for v in (var("born", person, int), var("out_of_school_other", person, bool),
              var("uninsured", person, bool), var("able", person, bool),
              var("child_dropout", person, bool, child_dropout),
              var("income", household, float), var("income_known", household, bool),
              var("income_members", household, int), var("medical", household, float),
              var("disaster", household, float), var("unsafe_housing", household, bool),
              var("unsafe_water", household, bool),
              var("below_line", household, bool, below_line),
              var("spending_risk", household, bool, spending),
              var("include", household, bool, include),
              var("measure", household, int, measure)):
        tbs.add_variable(v)
    period = str(ON.year)
    p_lib = w1_parameters(default_parameters())
    from revitalize.policy import guarantees as gua
    from revitalize.policy.engine import Outcome

    def situation(hs: list[Household]) -> dict[str, Any]:
        persons: dict[str, Any] = {}
        groups: dict[str, Any] = {}
        for h in hs:
            ids = []
            for m in h.members:
                pid = f"{h.id}/{m.id}"
                ids.append(pid)
                persons[pid] = {
                    "born": {period: m.birth_date.toordinal()},
                    "out_of_school_other": {period: m.school_status.value == "out_other"},
                    "uninsured": {period: m.basic_medical_insurance is False},
                    "able": {period: m.labor_capacity.value in ("full", "weak", "half")}}
            water = any(f.outcome is Outcome.YES
                        for f in gua.check_water(h, gua.resolve(p_lib, ON)))
            rx = h.rigid_expenditure
            groups[h.id] = {
                "members": ids,
                "income": {period: float(h.annual_net_income or 0)},
                "income_known": {period: h.annual_net_income is not None},
                "income_members": {period: h.income_member_count},
                "medical": {period: float(rx.medical_out_of_pocket or 0)},
                "disaster": {period: float(rx.disaster_loss or 0)},
                "unsafe_housing": {period: gua.housing_risk(h, p_lib, ON).outcome
                                   is Outcome.YES},
                "unsafe_water": {period: water}}
        return {"persons": persons, "households": groups}

    one = situation(households[:1])
    many = situation(households)
    # The batch as arrays (OpenFisca's vectorised way), prepared outside the timing.
    person_ids = list(many["persons"])
    household_ids = list(many["households"])
    owner = [pid.split("/")[0] for pid in person_ids]
    person_inputs = {v: np.array([many["persons"][pid][v][period] for pid in person_ids])
                     for v in ("born", "out_of_school_other", "uninsured", "able")}
    household_inputs = {v: np.array([many["households"][hid][v][period]
                                     for hid in household_ids])
                        for v in ("income", "income_known", "income_members", "medical",
                                  "disaster", "unsafe_housing", "unsafe_water")}

    def run(sit: dict[str, Any]) -> Any:
        sim = SimulationBuilder().build_from_entities(tbs, sit)
        return sim.calculate("include", period), sim.calculate("measure", period)

    def run_arrays() -> Any:
        sb = SimulationBuilder()
        sb.create_entities(tbs)
        sb.declare_person_entity("person", person_ids)
        group = sb.declare_entity("household", household_ids)
        sb.join_with_persons(group, np.array(owner), np.array(["member"] * len(owner)))
        sim = sb.build(tbs)
        for name, values in (*person_inputs.items(), *household_inputs.items()):
            sim.set_input(name, period, values)
        return sim.calculate("include", period), sim.calculate("measure", period)

    by_arrays, by_dicts = run_arrays(), run(many)
    assert [list(x) for x in by_arrays] == [list(x) for x in by_dicts]

    def check(h: Household) -> Any:
        inc, mea = run(situation([h]))
        return bool(inc[0]), {0: None, 1: "developmental", 2: "safety_net"}[int(mea[0])]

    return (lambda: run(one)), run_arrays, check


# --------------------------------------------------------------------------- timing


def timed(fn: Callable[[], Any], units: int) -> Callable[[], float]:
    """A job: run ``fn`` once, return the seconds per unit."""
    def job() -> float:
        t = time.perf_counter()
        fn()
        return (time.perf_counter() - t) / units
    return job


def per_household(fn: Callable[[Household], Any], households: list[Household],
                  loops: int) -> Callable[[], float]:
    """A job: each household timed on its own (``loops`` calls, the garbage collector
    paused as :mod:`timeit` does); return the median over the households."""
    def job() -> float:
        out = []
        for h in households:
            gc.disable()
            t = time.perf_counter()
            for _ in range(loops):
                fn(h)
            out.append((time.perf_counter() - t) / loops)
            gc.enable()
        return statistics.median(out)
    return job


def interleaved(jobs: dict[str, Callable[[], float]], repeat: int) -> dict[str, float]:
    """The median over ``repeat`` rounds of each job, the jobs interleaved in each round."""
    times: dict[str, list[float]] = {k: [] for k in jobs}
    for _ in range(repeat):
        for name, job in jobs.items():
            gc.collect()
            times[name].append(job())
    return {k: statistics.median(v) for k, v in times.items()}


def us(seconds: float) -> str:
    """Seconds as microseconds, for the table."""
    return f"{seconds * 1e6:,.2f} µs"


def streamed(data: bytes, task: BatchTask, codec: _codec.Codec, units: int,
             workers: int = 1) -> Callable[[], float]:
    """A job: :func:`stream` ``data`` to a temporary file with ``codec``; seconds per unit."""
    def job() -> float:
        saved = _codec.ACTIVE
        _codec.ACTIVE = codec
        try:
            with tempfile.TemporaryDirectory() as tmp:
                t = time.perf_counter()
                stream(io.BytesIO(data), Path(tmp) / "records.jsonl", task, workers=workers)
                return (time.perf_counter() - t) / units
        finally:
            _codec.ACTIVE = saved
    return job


def worker_run(data: bytes, task: BatchTask, units: int,
               workers: int) -> tuple[float, float]:
    """One stream of ``data`` with ``workers`` processes: (wall seconds per unit, the
    seconds per unit that two idle cores would take at least, from the CPU time of each
    process: the busiest process's, and the total over the two cores). ``data`` is
    written to a temporary file first (not timed) and streamed from it, with 1 worker as
    with 2: the path an integrator's file takes (with 2 workers they read their chunks
    from the file in place), not an in-memory stream's."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "households.jsonl"
        source.write_bytes(data)  # not timed
        gc.collect()
        with source.open("rb") as households, Watch() as watch:
            cpu, t = time.process_time(), time.perf_counter()
            stream(households, Path(tmp) / "records.jsonl", task, workers=workers)
            wall, main = time.perf_counter() - t, time.process_time() - cpu
    main -= watch.own_cpu  # the watching thread's own CPU time is not the run's
    idle = max(main, watch.busiest_cpu, (main + watch.total_cpu) / 2)
    return wall / units, idle / units


def jsonl(households: list[Household]) -> bytes:
    """The households as JSONL (canonical JSON, one a line)."""
    conv = make_converter()
    return "".join(canonical_json(to_json_value(h, converter=conv)) + "\n"
                   for h in households).encode("utf-8")


def target(name: str, measured: str, goal: str, met: bool | None) -> str:
    """One row of the targets table."""
    verdict = "not measured" if met is None else ("**met**" if met else "**not met**")
    return f"| {name} | {measured} | {goal} | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="households in the seeded batch")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--workers-n", type=int, default=50000,
                        help="households in the 1 → 2 worker run (0 to skip)")
    parser.add_argument("--worker-rounds", type=int, default=2,
                        help="alternated 1- and 2-worker runs (the best of each is shown)")
    args = parser.parse_args()

    base = default_parameters()
    w1p = w1_parameters(base)
    households = list(generate_households(args.n, seed=args.seed, on=ON))
    tuples = [floor_tuple(h) for h in households]
    limits = floor_limits(w1p, ON)
    assert [w1_library(h, w1p, ON) for h in households] == [
        w1_floor(t, limits) for t in tuples], "W1 (a) and (b) disagree"
    assessor = MonitoringAssessor.of(base, ON)
    n = len(households)
    task = BatchTask(base, ON)
    data = jsonl(households)
    lines = data.decode("utf-8").splitlines()
    conv = make_converter()
    assert [loads(line, Household, converter=conv) for line in lines] == households
    # The records the stream writes: the run's warnings are listed once in its summary,
    # not in each record (BatchTask.run_notices_in_records, as stream() sets it).
    written = attrs.evolve(task, run_notices_in_records=False)
    records = _Runner(written).run([Numbered(i, "<bench>", t) for i, t in enumerate(lines, 1)])

    def floor() -> None:
        """The floor of JSONL → JSONL: json.loads + the full assessment + json.dumps."""
        for line in lines:
            json.loads(line)
        collections.deque(map(assessor, households), maxlen=0)
        for r in records:
            json.dumps(r, ensure_ascii=False, separators=(",", ":"))

    jobs: dict[str, Callable[[], float]] = {
        "w1_library": timed(lambda: [w1_library(h, w1p, ON) for h in households], n),
        "w1_floor": timed(lambda: [w1_floor(t, limits) for t in tuples], n),
        "full_one": per_household(assessor, households[:300], 10),
        "full_batch": timed(lambda: collections.deque(map(assessor, households), maxlen=0), n),
        "stream_floor": timed(floor, n),
        "stream_json": streamed(data, task, _codec.STDLIB, n),
    }
    fast_codec = _codec.orjson_codec()
    if fast_codec is not None:
        jobs["stream_orjson"] = streamed(data, task, fast_codec, n)
    of = openfisca_w1(households[:min(n, 1000)])
    if of is not None:
        single, batch, check = of
        sample = households[:50]
        assert [check(h) for h in sample] == [w1_library(h, w1p, ON) for h in sample], (
            "W1 (a) and (c) disagree")
        jobs["w1_openfisca_single"] = timed(single, 1)
        jobs["w1_openfisca_batch"] = timed(batch, min(n, 1000))
    load_before = os.getloadavg()
    med = interleaved(jobs, args.repeat)
    one = med["full_one"]

    print(f"revitalize benchmarks · {platform.python_implementation()} "
          f"{platform.python_version()} · {platform.machine()} · households {n} (seed "
          f"{args.seed}) · medians of {args.repeat} interleaved rounds · load average "
          f"{load_before[0]:.2f} before")
    print()
    print("| workload | median per household | ratio |")
    print("|---|---:|---:|")
    floor_w1 = med["w1_floor"]
    print(f"| W1 (b) floor: hand-written function over tuples | {us(floor_w1)} | 1 × floor |")
    print(f"| W1 (a) library rule functions | {us(med['w1_library'])} | "
          f"{med['w1_library'] / floor_w1:.1f} × floor |")
    if of is not None:
        s, b = med["w1_openfisca_single"], med["w1_openfisca_batch"]
        print(f"| W1 (c) OpenFisca, one household (SimulationBuilder) | {us(s)} | "
              f"{s / floor_w1:,.0f} × floor |")
        print(f"| W1 (c) OpenFisca, batch of {min(n, 1000)} (arrays, one simulation) | "
              f"{us(b)} | {b / floor_w1:.1f} × floor |")
    else:
        print("| W1 (c) OpenFisca | not installed | |")
    print("| full assessment, one household (median over 300 households, each alone) | "
          f"{us(one)} | " + (f"OpenFisca single W1 ÷ this: "
                              f"{med['w1_openfisca_single'] / one:.0f} × |"
                              if of is not None else "|"))
    print(f"| full assessment, batch of {n} | {us(med['full_batch'])} | |")
    sfloor = med["stream_floor"]
    print(f"| JSONL → JSONL floor: json.loads + full assessment + json.dumps | {us(sfloor)} "
          "| 1 × stream floor |")
    print(f"| JSONL → JSONL, 1 process, stdlib json ({n:,} households) | "
          f"{us(med['stream_json'])} | {med['stream_json'] / sfloor:.2f} × stream floor |")
    if "stream_orjson" in med:
        print(f"| JSONL → JSONL, 1 process, orjson (the fast extra) | "
              f"{us(med['stream_orjson'])} | {med['stream_orjson'] / sfloor:.2f} × stream "
              "floor |")
    else:
        print("| JSONL → JSONL, 1 process, orjson (the fast extra) | not installed | |")

    speedup = idle_speedup = None
    if args.workers_n:
        many = jsonl(list(generate_households(args.workers_n, seed=args.seed, on=ON)))
        runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        for _ in range(args.worker_rounds):
            for workers in (1, 2):
                runs[workers].append(worker_run(many, task, args.workers_n, workers))
        best = {w: min(v) for w, v in runs.items()}
        speedup = best[1][0] / best[2][0]
        idle_speedup = best[1][1] / best[2][1]
        print(f"| JSONL → JSONL, 1 process, {_codec.active().name} ({args.workers_n:,} "
              f"households) | {us(best[1][0])} | |")
        print(f"| JSONL → JSONL, 2 worker processes | {us(best[2][0])} | "
              f"speed-up {speedup:.2f} × (from CPU time, on idle cores: "
              f"{idle_speedup:.2f} ×) |")
    print()
    load_after = os.getloadavg()
    print(f"Targets of issue 15 (load average {load_before[0]:.2f} before, "
          f"{load_after[0]:.2f} after; on a shared machine, ratios are what to compare):")
    print()
    print("| target | measured | goal | |")
    print("|---|---:|---:|---|")
    ratio = med["stream_json"] / sfloor
    print(target("JSONL → JSONL, 1 process, stdlib ÷ its floor", f"{ratio:.2f} ×", "≤ 1.75 ×",
                 ratio <= 1.75))
    fast = med.get("stream_orjson")
    print(target("JSONL → JSONL, 1 process, with the fast extra",
                 us(fast) if fast is not None else "not installed", "≤ 50 µs (idle machine)",
                 None if fast is None else fast <= 50e-6))
    print(target("full assessment, one household (median)", us(one), "≤ 20 µs", one <= 20e-6))
    if of is not None:
        ofr = med["w1_openfisca_single"] / one
        print(target("OpenFisca single W1 ÷ full assessment", f"{ofr:.0f} ×", "≥ 80 ×",
                     ofr >= 80))
    else:
        print(target("OpenFisca single W1 ÷ full assessment", "not installed", "≥ 80 ×", None))
    w1 = med["w1_library"] / floor_w1
    print(target("W1 library ÷ W1 floor", f"{w1:.1f} ×", "≤ 10 ×", w1 <= 10))
    print(target("--workers 2 speed-up", "not run" if speedup is None else f"{speedup:.2f} ×",
                 "≥ 1.8 ×", None if speedup is None else speedup >= 1.8))
    print(target("--workers 2 speed-up on idle cores, from CPU time",
                 "not run" if idle_speedup is None else f"{idle_speedup:.2f} ×", "≥ 1.8 ×",
                 None if idle_speedup is None else idle_speedup >= 1.8))
    print(target("1,000,000 households, 2 workers", "see benchmarks/stream.py",
                 "≤ 60 s, ≤ 150 MiB", None))
    print()


if __name__ == "__main__":
    main()
