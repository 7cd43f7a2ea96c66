"""``revitalize schema [MODEL]``: the JSON Schema of an input model or of an output.

Without ``MODEL`` the command lists the names it knows (the input models,
then the output documents), one per line. With a
name it prints that schema (JSON Schema draft 2020-12). An unknown name is
an error naming the close matches (exit 1).
"""

from __future__ import annotations

import argparse
import json

from .. import schema
from . import EXIT_OK, add_lang

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` command."""
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of an input model or of the assessment output",
        description="Print the JSON Schema (draft 2020-12) of MODEL; without MODEL, list "
                    "the models that have one.",
    )
    p.add_argument("model", nargs="?", metavar="MODEL",
                   help="an input model (Household, MonitoringCase ...) or Assessment")
    add_lang(p)
    p.set_defaults(func=_schema)


def _schema(args: argparse.Namespace) -> int:
    if args.model is None:
        zh = args.lang == "zh"
        print("输入模型：" if zh else "input models:")
        for name in schema.input_names():
            print(f"  {name}")
        print("输出：" if zh else "outputs:")
        for name in schema.OUTPUT_MODELS:
            print(f"  {name}")
        print("用法：revitalize schema MODEL" if zh else "usage: revitalize schema MODEL")
        return EXIT_OK
    print(json.dumps(schema.schema_for(args.model), ensure_ascii=False, indent=2))
    return EXIT_OK
