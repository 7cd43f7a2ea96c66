"""Assess households on a Dask bag (the optional ``dask`` extra).

:func:`assess_bag` maps :func:`revitalize.batch.assess_partition` over the
partitions of a bag whose items are household JSON texts (a JSONL file read
with ``dask.bag.read_text``) or :class:`~revitalize.batch.Numbered` items; it
returns a bag of the same records the command line writes, in the bag's
order. Each partition builds its assessor once; the task it receives (the
parameters, the date, the detail) pickles, so any Dask scheduler can run it::

    import dask.bag as db
    from revitalize.batch import BatchTask
    from revitalize.integrations.dask import assess_bag

    lines = db.read_text("households-*.jsonl", blocksize="64MiB")
    records = assess_bag(lines, BatchTask(default_parameters(), date(2023, 6, 1)))
    records.map(json.dumps).to_textfiles("out/*.jsonl")

Line numbers in the records count from 1 within each partition for raw texts;
give :class:`~revitalize.batch.Numbered` items (see :func:`numbered`) to keep
the file's own line numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..batch import BatchTask, Numbered, assess_partition

__all__ = ["assess_bag", "numbered"]


def _partition(items: Iterable[Numbered | str], task: BatchTask) -> list[dict[str, Any]]:
    return list(assess_partition(task, items))


def assess_bag(bag: Any, task: BatchTask) -> Any:
    """A ``dask.bag.Bag`` of records, one per item of ``bag`` (JSON texts or ``Numbered``)."""
    return bag.map_partitions(_partition, task)


def numbered(texts: Iterable[str], source: str = "<input>", *,
             npartitions: int = 4) -> Any:
    """A bag of :class:`~revitalize.batch.Numbered` items (line numbers from 1) from texts."""
    import dask.bag as db

    items = [Numbered(i, source, t) for i, t in enumerate(texts, start=1) if t.strip()]
    return db.from_sequence(items, npartitions=npartitions)
