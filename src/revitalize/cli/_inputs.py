"""``revitalize sample`` and ``revitalize validate``: start from a file, check a file.

- ``revitalize sample KIND [--format json|jsonl|csv|xlsx] [-o FILE]`` writes the
  packaged sample of ``households``, ``cases``, ``assets``, ``governance`` or
  ``observations`` (:mod:`revitalize.inputs`). The format defaults to the
  output file's extension, else JSON. ``sample households --format xlsx`` is
  the fill-in template: the households and members sheets with Chinese
  headers and a sheet describing every column. Without ``-o`` the file goes to
  standard output (a workbook only when standard output is not a terminal).
- ``revitalize validate FILE --model M [--format F] [--on DATE] [--json]``
  reads ``FILE`` (``-``: standard input) as model ``M`` (a schema name such as
  ``Household`` or a kind such as ``cases``) without assessing it, and reports
  every problem with its position: on standard error, one line each, with a
  count on standard output (``--json``: one JSON document on standard output).
  With ``--on`` the checks that need a date and the place registry run too.

Exit codes: 0 no problem; 1 a problem was found; 2 a usage error (an unknown
model, kind or format, a missing file, an option that does not apply).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import UnknownNameError
from ..i18n import message
from ..inputs import FORMATS, KINDS, check, model_name, sample_bytes
from . import EXIT_FAILED, EXIT_OK, add_encoding, add_lang, add_output, iso_date, tr
from . import usage_error as _usage_error
from ._io import UsageError, read_input, write_output

__all__ = ["register"]

_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".xlsx": "xlsx",
             ".toml": "toml"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``sample`` and ``validate`` commands (help in ``lang``)."""
    kinds = ", ".join(f"{k.name} ({k.label_zh})" for k in KINDS.values())
    s = sub.add_parser(
        "sample", help=tr(lang, "write a packaged sample input file to start from",
                          "写出内置的示例输入文件"),
        description=tr(lang, f"Write the packaged sample of KIND: {kinds}. The format "
                             "defaults to the extension of -o FILE, else json; `sample "
                             "households --format xlsx` is the fill-in spreadsheet template.",
                       f"写出 KIND 的内置示例：{kinds}。格式默认取 -o FILE 的扩展名，否则为 "
                       "json；`sample households --format xlsx` 即可填写的表格模板。"))
    s.add_argument("kind", metavar="KIND",
                   help=tr(lang, "the kind of input: ", "输入的种类：") + "|".join(KINDS))
    s.add_argument("--format", choices=("json", "jsonl", "csv", "xlsx"), default=None,
                   help=tr(lang, "output format (households: json, jsonl, csv, xlsx; cases, "
                                 "assets: json, xlsx; governance, observations: json)",
                           "输出格式（households：json、jsonl、csv、xlsx；cases、assets：json、"
                           "xlsx；governance、observations：json）"))
    add_output(s, lang, what=tr(lang, "write to FILE (atomically) instead of standard output",
                                "写入 FILE（原子写入）而非标准输出"))
    add_lang(s, lang)
    s.set_defaults(func=_sample, own_output=True)

    v = sub.add_parser(
        "validate", help=tr(lang, "check an input file without assessing it", "校验输入文件"),
        description=tr(lang, "Read FILE as model M without assessing it and report every "
                             "problem with its position (file[index], file:line, or sheet, row "
                             "and column) and JSON path, on standard error. Exit 1 when there "
                             "is a problem.",
                       "按模型 M 读取 FILE 而不评估，在标准错误上报告每个问题及其位置（file[序号]、"
                       "file:行，或工作表、行、列）和 JSON 路径。有问题时退出码为 1。"))
    v.add_argument("file", metavar="FILE",
                   help=tr(lang, "the file ('-': standard input)", "文件（'-' 为标准输入）"))
    v.add_argument("--model", required=True, metavar="M",
                   help=tr(lang, "a model (Household, CaseRegister, GovernanceRecords, "
                                 "ObservationSet, AssetRegister ... see `revitalize schema`) or "
                                 f"a kind ({', '.join(KINDS)})",
                           "模型（Household、CaseRegister、GovernanceRecords、ObservationSet、"
                           "AssetRegister 等，见 `revitalize schema`）或种类"
                           f"（{', '.join(KINDS)}）"))
    v.add_argument("--format", choices=FORMATS, default=None,
                   help=tr(lang, "the file's format (default: from its extension; json for "
                                 "'-')", "文件格式（默认按扩展名；'-' 为 json）"))
    v.add_argument("--on", type=iso_date, default=None, metavar="DATE",
                   help=tr(lang, "also check what needs a date: nothing dated after DATE, "
                                 "known towns and villages",
                           "同时检查需要日期的内容：不晚于 DATE，镇村名称可识别"))
    v.add_argument("--json", action="store_true",
                   help=tr(lang, "print the result as JSON on stdout", "在标准输出上输出 JSON"))
    add_encoding(v, lang)
    add_output(v, lang)
    add_lang(v, lang)
    v.set_defaults(func=_validate)


def _usage(command: str, message: str, lang: str = "zh") -> int:
    return _usage_error(command, message, lang)


def _sample(args: argparse.Namespace) -> int:
    zh = args.lang == "zh"
    kind = KINDS.get(args.kind)
    if kind is None:
        return _usage("sample", str(UnknownNameError("kind", args.kind, KINDS)), args.lang)
    fmt = args.format
    if fmt is None and args.output not in (None, "-"):
        fmt = _SUFFIXES.get(Path(args.output).suffix.lower())
    fmt = fmt or "json"
    if fmt not in kind.formats:
        return _usage("sample", (f"{kind.name} 示例没有 {fmt} 格式；可用格式：" if zh else
                                 f"the {kind.name} sample has no {fmt} form; formats: ")
                      + ", ".join(kind.formats), args.lang)
    if fmt == "xlsx" and args.output in (None, "-") and sys.stdout.isatty():
        return _usage("sample", "工作簿是二进制文件，请用 -o FILE 写入文件" if zh else
                      "a workbook is binary: write it to a file with -o FILE", args.lang)
    data = sample_bytes(kind.name, fmt, args.lang)
    try:
        write_output(args.output or "-", data)
    except UsageError as exc:
        return _usage("sample", str(exc), args.lang)
    if args.output not in (None, "-"):
        print(f"已写入 {args.output}（{kind.label_zh}，{fmt}）" if zh else
              f"wrote {args.output} ({kind.label_en}, {fmt})", file=sys.stderr)
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    zh = args.lang == "zh"
    try:
        model = model_name(args.model)
    except UnknownNameError as exc:
        return _usage("validate", str(exc), args.lang)
    fmt = args.format
    if fmt is None:
        fmt = "json" if args.file == "-" else _SUFFIXES.get(Path(args.file).suffix.lower())
    if fmt is None:
        return _usage("validate", ("无法从扩展名判断文件格式，请用 --format 指定：" if zh else
                                   "cannot tell the format from the extension; give --format: ")
                      + ", ".join(FORMATS), args.lang)
    if args.encoding is not None and fmt == "xlsx":
        return _usage("validate", "--encoding does not apply to a workbook (.xlsx)", args.lang)
    where = "<stdin>" if args.file == "-" else args.file
    data = read_input(args.file)
    if args.encoding is not None:  # read as the encoding says, checked as UTF-8
        codec = "utf-8-sig" if args.encoding.lower().replace("_", "-") in ("utf-8", "utf8") \
            else args.encoding
        try:
            data = data.decode(codec).encode("utf-8", "surrogatepass")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            print(f"{where}:{line}: cannot decode the file as {args.encoding} "
                  f"(byte 0x{data[exc.start]:02x})", file=sys.stderr)
            return EXIT_FAILED
    try:
        result = check(data, model, fmt, where, on=args.on)
    except ValueError as exc:
        return _usage("validate", str(exc), args.lang)
    if args.json:
        print(json.dumps({
            "file": where, "model": model, "format": fmt, "records": result.records,
            "ok": result.ok,
            "problems": [{"path": p.path, "message": p.message} for p in result.problems],
        }, ensure_ascii=False, indent=2))
    else:
        for p in result.problems:
            print(f"{p.path}: {message(p.message, args.lang)}", file=sys.stderr)
        n = len(result.problems)
        if zh:
            print(f"{where}：{model}，{result.records} 条记录，"
                  + ("无问题" if not n else f"{n} 个问题"))
        else:
            print(f"{where}: {model}, {result.records} record{'s' if result.records != 1 else ''}"
                  f", {'no problems' if not n else f'{n} problem' + ('s' if n != 1 else '')}")
    return EXIT_OK if result.ok else EXIT_FAILED
