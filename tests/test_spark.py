"""The contract Spark's ``mapPartitions`` relies on, checked without Spark.

Spark pickles the partition function (with cloudpickle, which handles everything
:mod:`pickle` does), ships it to an executor process and calls it once per partition
with a one-shot iterator of the partition's lines. These tests check exactly that with
the standard library: the recipe of docs/howto/batch.md gives the serial records. The
recipe itself on a real local Spark is ``python benchmarks/spark_recipe.py`` (it needs
``pyspark`` and Java, which the test suite does not install).
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import pickle
from collections.abc import Callable, Iterator
from typing import Any

from revitalize.batch import BatchTask, assess_partition, assess_records, read_jsonl
from revitalize.policy.parameters import default_parameters
from revitalize.serialization import canonical_json, make_converter, to_json_value
from revitalize.testing.population import SAMPLE_DATE, generate_households

PartitionFn = Callable[[Iterator[str]], Iterator[dict[str, Any]]]


def _lines(n: int) -> list[str]:
    conv = make_converter()
    return [canonical_json(to_json_value(h, converter=conv))
            for h in generate_households(n, seed=5)]


def _serial(lines: list[str], task: BatchTask) -> list[dict[str, Any]]:
    data = ("\n".join(lines) + "\n").encode()
    return list(assess_records(read_jsonl(io.BytesIO(data)), task))


def _executor(shipped: bytes, partition: list[str]) -> list[dict[str, Any]]:
    """What an executor does: unpickle the function, feed it a one-shot iterator."""
    fn: PartitionFn = pickle.loads(shipped)
    return list(fn(iter(partition)))


def test_one_partition_in_another_process_equals_serial() -> None:
    """The pickled partial, run in a fresh process over one partition, gives the serial
    records (lines numbered from 1, as in the file)."""
    task = BatchTask(default_parameters(), SAMPLE_DATE)
    lines = _lines(40)
    shipped = pickle.dumps(functools.partial(assess_partition, task))
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        records = pool.apply(_executor, (shipped, lines))
    assert records == _serial(lines, task)
    assert len(records) == 40 and all("error" not in r for r in records)


def test_partitions_number_their_own_lines_and_keep_every_record() -> None:
    """Three partitions: each numbers its lines from 1, and apart from the line number the
    records are the serial ones, in order; a bad line stays an error record in place."""
    task = BatchTask(default_parameters(), SAMPLE_DATE)
    lines = _lines(30)
    lines[13] = "not json"
    fn = functools.partial(assess_partition, task)
    parts = [lines[0:10], lines[10:20], lines[20:30]]
    got = [r for part in parts for r in _executor(pickle.dumps(fn), part)]
    want = _serial(lines, task)
    assert [r["line"] for r in got] == [i for part in parts for i in range(1, len(part) + 1)]
    strip = [{k: v for k, v in r.items() if k not in ("line", "error")} for r in got]
    assert strip == [{k: v for k, v in r.items() if k not in ("line", "error")} for r in want]
    assert "error" in got[13] and "error" in want[13]
    assert got[13]["line"] == 4 and want[13]["line"] == 14


def test_partition_function_is_lazy() -> None:
    """mapPartitions streams: nothing is read before the first record is asked for, and
    one record needs one line."""
    task = BatchTask(default_parameters(), SAMPLE_DATE)
    lines = _lines(5)
    taken: list[int] = []

    def source() -> Iterator[str]:
        for i, line in enumerate(lines):
            taken.append(i)
            yield line

    records = assess_partition(task, source())
    assert taken == []
    next(records)
    assert taken == [0]
