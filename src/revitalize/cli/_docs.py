"""``revitalize schema [MODEL]``: the JSON Schema of an input model or of an output.

Without ``MODEL`` the command lists the names it knows (the input models,
then the output documents), one per line. With a
name it prints that schema (JSON Schema draft 2020-12). An unknown name is
a usage error naming the close matches (exit 2).
"""

from __future__ import annotations

import argparse
import json

from .. import schema
from ..errors import UnknownNameError
from . import EXIT_OK, add_lang, add_output, tr, usage_error

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``schema`` command (help in ``lang``)."""
    p = sub.add_parser(
        "schema",
        help=tr(lang, "print the JSON Schema of an input model or of the assessment output",
                "输出输入模型或评估结果的 JSON Schema"),
        description=tr(lang, "Print the JSON Schema (draft 2020-12) of MODEL; without MODEL, "
                             "list the models that have one. An unknown MODEL exits 2 naming "
                             "the close matches.",
                       "输出 MODEL 的 JSON Schema（draft 2020-12）；不给 MODEL 时列出全部模型。"
                       "未知的 MODEL 以退出码 2 结束，并列出相近的名称。"),
    )
    p.add_argument("model", nargs="?", metavar="MODEL",
                   help=tr(lang, "an input model (Household, MonitoringCase ...) or Assessment",
                           "输入模型（Household、MonitoringCase 等）或 Assessment"))
    add_output(p, lang)
    add_lang(p, lang)
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
    try:
        document = schema.schema_for(args.model)
    except UnknownNameError as exc:
        return usage_error("schema", str(exc), args.lang)
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return EXIT_OK
