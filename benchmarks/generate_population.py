"""Write a seeded synthetic population as JSONL (one household a line).

    python benchmarks/generate_population.py                 # the packaged sample
    python benchmarks/generate_population.py -n 1000000 --seed 7 -o /tmp/households.jsonl

The households come from :func:`revitalize.testing.population.generate_households`
(synthetic: nobody in them exists). Without ``-o`` the packaged sample
``src/revitalize/data/samples/households.jsonl`` is rewritten with the sample's
size, seed and date, so a change to the generator shows up as a diff of that file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path

from revitalize.serialization import canonical_json, make_converter, to_json_value
from revitalize.testing.population import (
    SAMPLE_DATE,
    SAMPLE_SEED,
    SAMPLE_SIZE,
    generate_households,
)

SAMPLE = Path(__file__).resolve().parent.parent / "src/revitalize/data/samples/households.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=SAMPLE_SIZE, help="number of households")
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED)
    parser.add_argument("--on", type=dt.date.fromisoformat, default=SAMPLE_DATE,
                        help="the date the ages and appraisal dates are relative to")
    parser.add_argument("-o", "--output", type=Path, default=SAMPLE)
    args = parser.parse_args()
    conv = make_converter()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=args.output.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        for h in generate_households(args.n, seed=args.seed, on=args.on):
            out.write(canonical_json(to_json_value(h, converter=conv)) + "\n")
    os.replace(tmp, args.output)
    print(f"wrote {args.n} households to {args.output}")


if __name__ == "__main__":
    main()
