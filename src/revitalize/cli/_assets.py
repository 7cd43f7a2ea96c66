"""``revitalize assets FILE [--json] [--lang zh|en] [--on DATE]``: check a register of assets.

The file is JSON: ``{"on": "2023-06-01", "assets": [ProjectAsset, ...]}`` (the
format of :class:`revitalize.models.assets.AssetRegister`, read with
:func:`revitalize.serialization.loads`). ``--on`` overrides the file's date;
one of them is required (the command never reads the clock). ``FILE``
``sample`` runs the packaged sample.

Every asset is assessed by ASSET-01..11 and the register report follows.
Exit code 1 when the input is bad (the error names the JSON path), when any
rule refuses an asset, or when the report lists a missing item; else 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from importlib import resources

from ..errors import InvalidInputError
from ..models.assets import AssetRegister
from ..policy.asset_report import check_assets
from ..policy.parameters import default_parameters, load_reform
from ..reading import read_document
from ..serialization import loads
from . import EXIT_FAILED, EXIT_OK, add_lang, iso_date

__all__ = ["SAMPLE", "register", "run_assets"]

#: The name that selects the packaged sample instead of a file.
SAMPLE = "sample"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``assets`` command."""
    p = sub.add_parser(
        "assets", help="check project assets (ASSET-01..11) and print the register report 资产",
        description="Assess every project asset of a JSON register against ASSET-01..11 and "
                    "print the register report. Exit code 1 on bad input, a refusal or a "
                    "missing item.")
    p.add_argument("file", metavar="FILE",
                   help=f"register of assets: JSON, or a workbook (.xlsx) ('{SAMPLE}': the "
                        "packaged sample)")
    p.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help="evaluation date (ISO); default: the file's \"on\"")
    p.add_argument("--reform", metavar="FILE", help="apply a reform file to the parameters")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_lang(p)
    p.set_defaults(func=run_assets)



def _read(name: str) -> tuple[str, str]:
    if name == SAMPLE:
        text = (resources.files("revitalize") / "data" / "samples" / "assets.json").read_text(
            encoding="utf-8")
        return text, "revitalize/data/samples/assets.json"
    return read_document(name, what="the asset file"), name


def run_assets(args: argparse.Namespace) -> int:
    """Assess the register's assets and print the findings and the report."""
    if args.file.lower().endswith(".xlsx"):
        from ..excel import read_register
        from ..serialization import from_json_value

        source = args.file
        register_ = from_json_value(read_register(args.file, "assets"), AssetRegister)
    else:
        text, source = _read(args.file)
        register_ = loads(text, AssetRegister, source=source)
    on: dt.date | None = args.on or register_.on
    if on is None:
        raise InvalidInputError.one(f"{source}: $.on",
                                    "no evaluation date: give \"on\" in the file or --on DATE")
    params = default_parameters()
    if args.reform:
        params = load_reform(args.reform, params)
    check = check_assets(register_.assets, params, on)
    assessments, report, refused = check.assessments, check.report, check.refused
    failed = not check.ok
    if args.json:
        print(json.dumps(check.to_json(), ensure_ascii=False, indent=2))
    else:
        for a in assessments:
            print(a.render(args.lang))
            print()
        print(report.render(args.lang))
        zh = args.lang == "zh"
        print(f"{'不合规资产' if zh else 'refused assets'}: {len(refused)}  "
              f"{'缺项' if zh else 'missing items'}: {len(report.gaps)}")
    return EXIT_FAILED if failed else EXIT_OK
