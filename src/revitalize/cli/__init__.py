"""The ``revitalize`` command: a thin layer over the public API.

Each command lives in its own module under ``revitalize.cli`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a
function ``(args) -> int``. Exit codes: 0 ok, 1 some records failed or a
check failed, 2 usage error, 130 interrupted (Ctrl-C; 143 for SIGTERM): the
command stops without a traceback and an output file being written is left as
it was. ``--lang zh|en`` (Chinese by default) applies everywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from types import FrameType, ModuleType

from .._version import __version__
from ..errors import RevitalizeError
from ..reading import DEFAULT_LIMITS, Limits, parse_size
from ..reading import iso_date as _iso_date

__all__ = ["add_lang", "add_limits", "build_parser", "error_line", "iso_date", "limits_of", "main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
#: Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130
#: SIGTERM (128 + SIGTERM).
EXIT_TERMINATED = 143


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="revitalize",
        description=(
            "Rules of the Wansheng plan for consolidating poverty-alleviation results and "
            "rural revitalization (2021-2025). 万盛经开区巩固衔接规划规则库。"
        ),
    )
    parser.add_argument("--version", action="version", version=f"revitalize {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        register: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]
        register = module.register
        register(sub)
    return parser


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


def add_limits(parser: argparse.ArgumentParser, *, fields: bool = False) -> None:
    """Add ``--max-record-size`` (and, with ``fields``, ``--max-field-size``)."""
    d = DEFAULT_LIMITS
    parser.add_argument(
        "--max-record-size", type=_size, default=d.max_record_bytes, metavar="SIZE",
        help=f"refuse a record (a line, a household, an array element) larger than SIZE "
             f"bytes, such as 64M (default {d.max_record_bytes // 1024 // 1024}M)")
    if fields:
        parser.add_argument(
            "--max-field-size", type=_size, default=d.max_field_chars, metavar="N",
            help=f"refuse a CSV cell longer than N characters (default {d.max_field_chars})")


def limits_of(args: argparse.Namespace) -> Limits:
    """The :class:`~revitalize.reading.Limits` given by ``--max-record-size`` and
    ``--max-field-size`` (the defaults for an option the command does not have)."""
    d = DEFAULT_LIMITS
    return Limits(max_depth=d.max_depth,
                  max_record_bytes=getattr(args, "max_record_size", d.max_record_bytes),
                  max_field_chars=getattr(args, "max_field_size", d.max_field_chars),
                  max_number_length=d.max_number_length, max_problems=d.max_problems)


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


def add_lang(parser: argparse.ArgumentParser) -> None:
    """Add the ``--lang zh|en`` option (Chinese by default)."""
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="output language (default: zh)"
    )


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (130 after Ctrl-C, 143 after SIGTERM)."""
    lang = "zh"
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        lang = getattr(args, "lang", None) or lang
        func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
        if func is None:
            parser.print_help()
            return EXIT_USAGE
        with _sigterm_unwinds(), _deprecation_notices(lang):
            return func(args)
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
