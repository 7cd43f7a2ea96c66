"""The ``revitalize`` command: a thin layer over the public API.

Each command lives in its own module under ``revitalize.cli`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a
function ``(args) -> int``. Exit codes: 0 ok, 1 some records failed or a
check failed, 2 usage error. ``--lang zh|en`` (Chinese by default) applies
everywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType

from .._version import __version__
from ..errors import RevitalizeError

__all__ = ["add_lang", "build_parser", "iso_date", "main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _command_modules() -> tuple[ModuleType, ...]:
    """The modules that register commands, in the order ``--help`` lists them."""
    from . import (
        _assess,
        _assets,
        _cases,
        _docs,
        _indicators,
        _inputs,
        _places,
        _rules,
        _scenarios,
        _serve,
    )

    return (_rules, _indicators, _docs, _inputs, _assets, _places, _cases, _assess, _scenarios,
            _serve)


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
    """An ``argparse`` type for ISO dates, with a message that shows the expected form."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO date such as 2023-06-01, got {text!r}") from None


def add_lang(parser: argparse.ArgumentParser) -> None:
    """Add the ``--lang zh|en`` option (Chinese by default)."""
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="output language (default: zh)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        with _deprecation_notices():
            return func(args)
    except RevitalizeError as exc:
        print(f"revitalize: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # e.g. `revitalize rules | head`
        return EXIT_OK


@contextlib.contextmanager
def _deprecation_notices() -> Iterator[None]:
    """Print each retired-ID notice (a :class:`DeprecatedIdWarning`) on stderr, once."""
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
                    print(f"revitalize: warning: {w.message}", file=sys.stderr)
