"""Run the Spark recipe of docs/howto/batch.md on a local Spark and compare it with the
serial records.

Needs ``pyspark`` and Java (not installed by the test suite, which checks the contract
Spark relies on without Spark: ``tests/test_spark.py``). Usage::

    pip install pyspark && python benchmarks/spark_recipe.py [-n 60]

Exit status 0 when the records equal the serial ones, 1 otherwise.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=60, help="households (default 60)")
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    from revitalize.batch import BatchTask, assess_partition, assess_records, read_jsonl
    from revitalize.policy.parameters import default_parameters
    from revitalize.serialization import canonical_json, make_converter, to_json_value
    from revitalize.testing.population import SAMPLE_DATE, generate_households

    conv = make_converter()
    lines = [canonical_json(to_json_value(h, converter=conv))
             for h in generate_households(args.n, seed=5)]
    task = BatchTask(default_parameters(), SAMPLE_DATE)
    serial = list(assess_records(read_jsonl(io.BytesIO(("\n".join(lines) + "\n").encode())),
                                 task))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master("local[2]").appName("revitalize-recipe")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        rdd = spark.sparkContext.parallelize(lines, 1)
        records = rdd.mapPartitions(functools.partial(assess_partition, task)).collect()
    finally:
        spark.stop()
    same = records == serial  # one partition: lines numbered from 1, as in the file
    print(f"{len(records)} records from Spark, {len(serial)} serial: "
          f"{'equal' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
