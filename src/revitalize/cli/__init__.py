"""The ``revitalize`` command: a thin layer over the public API.

Each command lives in its own module under ``revitalize.cli`` and exposes
``register(subparsers, lang)``, which adds its parser (help texts in ``lang``)
and sets ``func`` to a function ``(args) -> int``.

Conventions, the same for every command (docs/reference/cli.md):

- Exit codes: :data:`EXIT_CODES`.
- ``--lang zh|en`` before or after the command; ``REVITALIZE_LANG`` sets the
  default (Chinese when unset). ``--lang zh`` gives Chinese ``--help`` (usage,
  descriptions, option help) and Chinese argparse errors.
- ``-`` reads standard input wherever a file is read; ``-o/--output FILE``
  writes what the command prints on standard output to ``FILE`` instead,
  atomically, with the mode a new file gets (``0o666`` less the umask).
- Data on standard output; messages, warnings and per-record errors on
  standard error.
- An option that does not apply to the mode given is a usage error, never
  ignored.

argparse's own messages are translated by :class:`Parser` from a table of its
English message patterns (:data:`_ZH_ERRORS`): argparse takes them from
``gettext``'s global domain, and installing a catalog there would change every
argparse parser of the process, not only this command's.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import datetime as dt
import os
import re
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import FrameType, ModuleType
from typing import Any, ClassVar, NoReturn

from .._version import __version__
from ..errors import RevitalizeError
from ..reading import DEFAULT_LIMITS, Limits, parse_size
from ..reading import iso_date as _iso_date

__all__ = ["EXIT_CODES", "LANG_ENV", "Parser", "add_encoding", "add_lang", "add_limits",
           "add_output", "build_parser", "default_lang", "encoding", "error_line", "iso_date",
           "limits_of", "main", "parser_class", "positive_int", "tr", "usage_error"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
#: Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130
#: SIGTERM (128 + SIGTERM).
EXIT_TERMINATED = 143

#: Every exit code of ``revitalize``, the one table the commands and the docs use:
#: ``code: (English, Chinese)``.
EXIT_CODES: Mapping[int, tuple[str, str]] = {
    EXIT_OK: ("ok: every record assessed, every check passed",
              "正常：全部记录已评估、全部检查通过"),
    EXIT_FAILED: ("a record or a check failed: an input record could not be read or "
                  "assessed, a rule refused, a check or a scenario case failed (or, with "
                  "--fail-on-warning, a record carries a warning)",
                  "有记录或检查未通过：输入记录无法读取或评估、规则不予通过、检查或情景失败"
                  "（或在 --fail-on-warning 下有记录带提示）"),
    EXIT_USAGE: ("usage error: an unknown command, option, model or name, a bad option "
                 "value, an option that does not apply, a missing input file",
                 "用法错误：未知的命令、选项、模型或名称，选项取值不对，选项不适用，输入文件不存在"),
    EXIT_INTERRUPTED: ("interrupted (Ctrl-C); an output file being written is left as it was",
                       "被中断（Ctrl-C）；正在写入的输出文件保持原样"),
    EXIT_TERMINATED: ("terminated (SIGTERM); an output file being written is left as it was",
                      "被终止（SIGTERM）；正在写入的输出文件保持原样"),
}

#: The environment variable that sets the default language.
LANG_ENV = "REVITALIZE_LANG"
_LANGS = ("zh", "en")


def tr(lang: str, en: str, zh: str) -> str:
    """``zh`` in Chinese mode, else ``en`` (help texts)."""
    return zh if lang == "zh" else en


def _command_modules() -> tuple[ModuleType, ...]:
    """The modules that register commands, in the order ``--help`` lists them."""
    from . import (
        _assess,
        _assets,
        _cases,
        _docs,
        _explain,
        _indicators,
        _inputs,
        _places,
        _rules,
        _scenarios,
        _serve,
    )

    return (_rules, _indicators, _docs, _inputs, _assets, _places, _cases, _assess, _scenarios,
            _explain, _serve)


# --------------------------------------------------------------------------- language

#: argparse's own error messages (Python 3.11 to 3.13) and their Chinese.
_ZH_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), z) for p, z in (
        (r"^argument (?P<a>.+?): (?P<m>.*)$", r"参数 \g<a>：\g<m>"),
        (r"^the following arguments are required: (?P<a>.*)$", r"缺少必需的参数：\g<a>"),
        (r"^unrecognized arguments: (?P<a>.*)$", r"无法识别的参数：\g<a>"),
        (r"^invalid choice: (?P<v>.*?) \(choose from (?P<c>.*)\)$",
         r"无效的选项值 \g<v>（可选：\g<c>）"),
        (r"^invalid (?P<t>\S+) value: (?P<v>.*)$", r"无效的 \g<t> 值：\g<v>"),
        (r"^expected one argument$", "需要一个值"),
        (r"^expected at most one argument$", "至多需要一个值"),
        (r"^expected at least one argument$", "至少需要一个值"),
        (r"^expected (?P<n>\d+) arguments?$", r"需要 \g<n> 个值"),
        (r"^not allowed with argument (?P<a>.*)$", r"不能与参数 \g<a> 同时使用"),
        (r"^ignored explicit argument (?P<a>.*)$", r"忽略了显式给出的值 \g<a>"),
        (r"^one of the arguments (?P<a>.*) is required$", r"参数 \g<a> 必须给出其一"),
        (r"^ambiguous option: (?P<o>\S+) could match (?P<m>.*)$",
         r"选项 \g<o> 有歧义，可能是：\g<m>"),
        (r"^unexpected option string: (?P<o>.*)$", r"意外的选项：\g<o>"),
        # the messages of this module's own argument types
        (r"^must be at least 1, got (?P<n>.*)$", r"至少为 1，实际为 \g<n>"),
        (r"^expected a whole number, got (?P<v>.*)$", r"应为整数，实际为 \g<v>"),
        (r"^unknown encoding (?P<e>.*) \(try utf-8 or gbk\)$",
         r"未知的编码 \g<e>（可试 utf-8 或 gbk）"),
        (r"^(?P<e>.*) is not a text encoding \(try utf-8 or gbk\)$",
         r"\g<e> 不是文本编码（可试 utf-8 或 gbk）"),
    ))


def _zh_error(message: str) -> str:
    """argparse's English ``message`` in Chinese (pieces it does not know stay as they are)."""
    for pattern, zh in _ZH_ERRORS:
        m = pattern.match(message)
        if m is not None:
            out = m.expand(zh)
            if pattern.pattern.startswith("^argument "):  # "argument X: <inner message>"
                inner = m.group("m")
                out = out[: len(out) - len(inner)] + _zh_error(inner)
            return out
    return message


class _ZhFormatter(argparse.HelpFormatter):
    """The help formatter of Chinese mode: ``用法：`` for ``usage:``."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An argument parser whose help and errors are in :attr:`lang` (``zh`` or ``en``).

    Use :func:`parser_class` for the class of a language; subparsers are of the
    same class.
    """

    lang: ClassVar[str] = "en"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        zh = self.lang == "zh"
        if zh:
            kwargs.setdefault("formatter_class", _ZhFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        if zh:
            self._positionals.title = "位置参数"
            self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=tr(self.lang, "show this help message and exit",
                                  "显示本帮助并退出"))

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message`` on stderr (in Chinese mode, in Chinese) and
        exit 2."""
        self.print_usage(sys.stderr)
        if self.lang == "zh":
            self.exit(EXIT_USAGE, f"{self.prog}：错误：{_zh_error(message)}\n")
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class _ZhParser(Parser):
    lang = "zh"


class _EnParser(Parser):
    lang = "en"


def parser_class(lang: str) -> type[Parser]:
    """The :class:`Parser` class of ``lang``."""
    return _ZhParser if lang == "zh" else _EnParser


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language when ``--lang`` is not given: ``REVITALIZE_LANG`` (``zh`` or ``en``),
    else ``zh``. Any other value of the variable is a usage error."""
    value = (os.environ if environ is None else environ).get(LANG_ENV, "").strip()
    if not value:
        return "zh"
    if value not in _LANGS:
        raise _BadEnvironment(f"{LANG_ENV}={value!r}: expected zh or en")
    return value


class _BadEnvironment(Exception):
    """A bad value of an environment variable the command reads (exit 2)."""


def _lang_in(argv: Sequence[str], default: str) -> str:
    """The language ``argv`` asks for with ``--lang X`` or ``--lang=X`` (the last one,
    before or after the command), else ``default``; helps and errors are built in it
    before the arguments are parsed."""
    lang = default
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = (argv[i + 1] if arg == "--lang" and i + 1 < len(argv)
                 else arg.partition("=")[2] if arg.startswith("--lang=") else None)
        if value in _LANGS:
            lang = value
    return lang


def _short(meaning: str) -> str:
    """The head of an exit code's meaning (up to its first colon or semicolon)."""
    return re.split(r"[:;：；]", meaning, maxsplit=1)[0]


def build_parser(lang: str = "zh", default: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every command registered, its help in ``lang``;
    ``--lang`` defaults to ``default`` (``lang`` when None)."""
    cls = parser_class(lang)
    parser = cls(
        prog="revitalize",
        description=tr(
            lang,
            "Rules of the Wansheng plan for consolidating poverty-alleviation results and "
            "rural revitalization (2021-2025). Exit codes: "
            + "; ".join(f"{c} {_short(en)}" for c, (en, _) in EXIT_CODES.items()) + ".",
            "万盛经开区巩固拓展脱贫攻坚成果同乡村振兴有效衔接规划（2021—2025年）规则库。退出码："
            + "；".join(f"{c} {_short(zh)}" for c, (_, zh) in EXIT_CODES.items()) + "。"),
        epilog=tr(lang, f"--lang may come before or after the command; {LANG_ENV} sets its "
                        "default. '-' reads standard input wherever a file is read.",
                  f"--lang 可放在命令之前或之后；环境变量 {LANG_ENV} 设定默认语言。"
                  "凡读文件处，'-' 表示标准输入。"),
    )
    parser.add_argument("--version", action="version", version=f"revitalize {__version__}",
                        help=tr(lang, "show the version and exit", "显示版本并退出"))
    parser.add_argument("--lang", choices=_LANGS, default=default or lang,
                        help=tr(lang, f"output language (default: ${LANG_ENV}, else zh)",
                                f"输出语言（默认：${LANG_ENV}，未设则为 zh）"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                title=tr(lang, "commands", "命令"))
    for module in _command_modules():
        register: Callable[[argparse._SubParsersAction[Parser], str], None]
        register = module.register
        register(sub, lang)
    return parser


def add_lang(parser: argparse.ArgumentParser, lang: str = "zh") -> None:
    """Add ``--lang zh|en`` to a command: it may also come before the command, so here it
    sets the value only when given (the default is the top-level one)."""
    parser.add_argument(
        "--lang", choices=_LANGS, default=argparse.SUPPRESS,
        help=tr(lang, f"output language (default: ${LANG_ENV}, else zh)",
                f"输出语言（默认：${LANG_ENV}，未设则为 zh）"))


def add_output(parser: argparse.ArgumentParser, lang: str, *, what: str | None = None) -> None:
    """Add ``-o/--output FILE``: what the command prints on standard output goes to FILE,
    atomically (``main`` does the writing)."""
    parser.add_argument(
        "-o", "--output", metavar="FILE", default=None,
        help=what or tr(lang, "write the output to FILE (atomically; '-': standard output)",
                        "输出写入 FILE（原子写入；'-' 为标准输出）"))


def encoding(text: str) -> str:
    """An ``argparse`` type for ``--encoding``: a known text encoding (``utf-8``,
    ``gbk`` ...)."""
    try:
        info = codecs.lookup(text)
    except LookupError:
        raise argparse.ArgumentTypeError(
            f"unknown encoding {text!r} (try utf-8 or gbk)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise argparse.ArgumentTypeError(f"{text!r} is not a text encoding (try utf-8 or gbk)")
    return text


def add_encoding(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add ``--encoding ENC`` (default: utf-8, with or without a byte-order mark)."""
    parser.add_argument(
        "--encoding", type=encoding, default=None, metavar="ENC",
        help=tr(lang, "encoding of the input (default utf-8, with or without BOM; gbk for "
                      "files from older office software); not for workbooks",
                "输入文件的编码（默认 utf-8，可带 BOM；旧版办公软件导出的文件用 gbk）；"
                "工作簿不适用"))


def positive_int(text: str) -> int:
    """An ``argparse`` type: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def iso_date(text: str) -> dt.date:
    """An ``argparse`` type for dates: ``YYYY-MM-DD`` as in JSON (no ``20230601``, no
    week dates), between :data:`~revitalize.reading.EARLIEST_DATE` and
    :data:`~revitalize.reading.LATEST_DATE`."""
    try:
        return _iso_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_limits(parser: argparse.ArgumentParser, *, fields: bool = False,
               lang: str = "en") -> None:
    """Add ``--max-record-size`` (and, with ``fields``, ``--max-field-size``)."""
    d = DEFAULT_LIMITS
    mib = d.max_record_bytes // 1024 // 1024
    parser.add_argument(
        "--max-record-size", type=_size, default=d.max_record_bytes, metavar="SIZE",
        help=tr(lang, f"refuse a record (a line, a household, an array element) larger than "
                      f"SIZE bytes, such as 64M (default {mib}M)",
                f"拒绝大于 SIZE 字节的记录（一行、一户、数组的一个元素），如 64M（默认 {mib}M）"))
    if fields:
        parser.add_argument(
            "--max-field-size", type=_size, default=d.max_field_chars, metavar="N",
            help=tr(lang, f"refuse a CSV cell longer than N characters (default "
                          f"{d.max_field_chars})",
                    f"拒绝超过 N 个字符的 CSV 单元格（默认 {d.max_field_chars}）"))


def limits_of(args: argparse.Namespace) -> Limits:
    """The :class:`~revitalize.reading.Limits` given by ``--max-record-size`` and
    ``--max-field-size`` (the defaults for an option the command does not have)."""
    d = DEFAULT_LIMITS
    return Limits(max_depth=d.max_depth,
                  max_record_bytes=getattr(args, "max_record_size", d.max_record_bytes),
                  max_field_chars=getattr(args, "max_field_size", d.max_field_chars),
                  max_number_length=d.max_number_length, max_problems=d.max_problems)


class _Terminated(BaseException):
    """SIGTERM, raised where the program is so that clean-up (a temporary file) runs."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While a command runs in the main thread, SIGTERM unwinds like Ctrl-C (only when
    nobody else handles SIGTERM; the handler before is put back)."""
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def error_line(command: str | None, problem: object, lang: str) -> str:
    """The one line (or block) of an error on stderr, in ``lang``: ``revitalize CMD: error:
    MESSAGE`` or ``revitalize CMD：错误：消息``. ``problem`` is an exception or a message;
    its text is translated by :func:`revitalize.i18n.message`."""
    from ..i18n import message

    text = problem.render(lang) if isinstance(problem, RevitalizeError) else str(problem)
    if not isinstance(problem, RevitalizeError):
        text = message(text, lang)
    head = f"revitalize {command}" if command else "revitalize"
    return f"{head}：错误：{text}" if lang == "zh" else f"{head}: error: {text}"


def usage_error(command: str | None, message: str, lang: str = "zh") -> int:
    """Print a usage error on stderr (:func:`error_line`); :data:`EXIT_USAGE`."""
    print(error_line(command, message, lang), file=sys.stderr)
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (:data:`EXIT_CODES`)."""
    from ._io import UsageError, stdout_to

    argv = list(sys.argv[1:] if argv is None else argv)
    command: str | None = None
    lang = "zh"
    try:
        try:
            default = default_lang()
        except _BadEnvironment as exc:
            return usage_error(None, str(exc))
        lang = _lang_in(argv, default)
        parser = build_parser(lang, default)
        args = parser.parse_args(argv)
        lang = args.lang
        command = args.command
        func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
        if func is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        own: bool | Callable[[argparse.Namespace], bool] = getattr(args, "own_output", False)
        if callable(own):  # the command writes some outputs itself (a workbook)
            own = own(args)
        output = None if own else getattr(args, "output", None)
        with stdout_to(output) as keep, _sigterm_unwinds(), _deprecation_notices(lang):
            code = func(args)
            keep[0] = code in (EXIT_OK, EXIT_FAILED)
            return code
    except UsageError as exc:
        return usage_error(command, str(exc), lang)
    except RevitalizeError as exc:
        print(error_line(None, exc, lang), file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # e.g. `revitalize rules | head`
        return EXIT_OK
    except KeyboardInterrupt:
        print("\nrevitalize：已中断" if lang == "zh" else "\nrevitalize: interrupted",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated:
        print("revitalize：已终止" if lang == "zh" else "revitalize: terminated",
              file=sys.stderr)
        return EXIT_TERMINATED


@contextlib.contextmanager
def _deprecation_notices(lang: str) -> Iterator[None]:
    """Print each retired-ID notice (a :class:`DeprecatedIdWarning`) on stderr, once, in
    ``lang``."""
    from ..i18n import message
    from ..policy.ids import DeprecatedIdWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecatedIdWarning)
        try:
            yield
        finally:
            seen: set[str] = set()
            for w in caught:
                if not issubclass(w.category, DeprecatedIdWarning):
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)
                elif str(w.message) not in seen:
                    seen.add(str(w.message))
                    text = message(str(w.message), lang)
                    print(f"revitalize：警告：{text}" if lang == "zh" else
                          f"revitalize: warning: {text}", file=sys.stderr)
