"""The Spark recipe of docs/howto/batch.md runs (only where pyspark and Java are installed)."""

from __future__ import annotations

import functools
import io
import os
import shutil
import sys

import pytest

from revitalize.batch import BatchTask, assess_partition, assess_records, read_jsonl
from revitalize.policy.parameters import default_parameters
from revitalize.serialization import canonical_json, make_converter, to_json_value
from revitalize.testing.population import SAMPLE_DATE, generate_households


def test_spark_map_partitions_equals_serial() -> None:
    """mapPartitions over assess_partition gives the serial records (local Spark)."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java")
    from pyspark.sql import SparkSession

    conv = make_converter()
    lines = [canonical_json(to_json_value(h, converter=conv))
             for h in generate_households(60, seed=5)]
    task = BatchTask(default_parameters(), SAMPLE_DATE)
    serial = list(assess_records(read_jsonl(io.BytesIO(("\n".join(lines) + "\n").encode())),
                                 task))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master("local[2]").appName("revitalize-test")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        rdd = spark.sparkContext.parallelize(lines, 1)
        records = rdd.mapPartitions(functools.partial(assess_partition, task)).collect()
    finally:
        spark.stop()
    assert records == serial  # one partition: lines numbered from 1, as in the file
