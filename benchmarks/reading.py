"""CPU time per household of the reading steps of the batch, with each codec.

    python benchmarks/reading.py [REPEAT] [LABEL]

Over 5,000 sample households (seed 7): building the household from its parsed JSON value
(the fast hook of ``Household``), the digest of that value (its public bytes and their
SHA-256), and the whole reading of a line (``serialization._read_hashed``: parse, build,
digest). Each is timed with ``time.process_time``, best of REPEAT (default 7). To compare
two versions, run this script against each in turn, alternating them, on the same
minutes.
"""

from __future__ import annotations

import gc
import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench import jsonl

from revitalize import _codec
from revitalize import serialization as ser
from revitalize.models.household import Household
from revitalize.testing.population import SAMPLE_DATE, generate_households

N = 5000


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    label = sys.argv[2] if len(sys.argv) > 2 else ""
    lines = jsonl(list(generate_households(N, seed=7, on=SAMPLE_DATE))).splitlines()
    conv = ser.make_converter()
    fast = ser._fast_of(conv)
    assert fast is not None
    hook = fast.hook(Household)

    def best(step: Callable[[], None]) -> float:
        step()
        least = float("inf")
        for _ in range(reps):
            gc.collect()
            start = time.process_time()
            step()
            least = min(least, time.process_time() - start)
        return least / N * 1e6

    out = []
    for codec in [_codec.STDLIB, _codec.orjson_codec()]:
        if codec is None:
            continue
        _codec.ACTIVE = codec
        texts = [line.decode("utf-8") for line in lines]
        values = [codec.loads(t) for t in texts]
        source: list[str] | list[bytes] = lines if codec.loads_utf8 else texts

        def build(values: list[object] = values) -> None:
            for v in values:
                hook(v, Household)

        def digest(values: list[object] = values) -> None:
            for v in values:
                hashlib.sha256(ser._public_bytes(fast, Household, v, [0])).hexdigest()

        def read(source: list[str] | list[bytes] = source) -> None:
            for t in source:
                ser._read_hashed(t, Household, conv)

        out.append(f"{codec.name}: build {best(build):.2f} µs, digest {best(digest):.2f} µs, "
                   f"read {best(read):.2f} µs")
    print(label, " | ".join(out))


if __name__ == "__main__":
    main()
