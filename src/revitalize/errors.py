"""The exceptions `revitalize` raises.

Every error the library raises is a :class:`RevitalizeError`. Each child also
subclasses the matching builtin, so ``except ValueError`` keeps working for
callers who do not know this library (the pattern of ``attr.exceptions``).

Messages say what was wrong, where (a JSON path such as
``$.members[2].birth_date``, or a file and line), and what was expected. They
never echo a personal identifier: callers pass field *paths*, never values of
fields marked personal.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "IllegalTransitionError",
    "InvalidInputError",
    "MissingParameterValueError",
    "Problem",
    "RevitalizeError",
    "UnknownNameError",
    "close_matches",
]


class RevitalizeError(Exception):
    """The root of every error raised by `revitalize`.

    ``str(error)`` is the English message; :meth:`render` gives it in Chinese or
    English (what the command line and the HTTP server show).
    """

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` (``zh`` or ``en``; see :func:`revitalize.i18n.message`)."""
        from .i18n import message

        return message(str(self), lang)


@attrs.frozen
class Problem:
    """One thing wrong with an input: where it is and what was expected.

    ``path`` is a JSON path (``$.members[0].income``) or ``file:line``;
    ``message`` says what was wrong and what was expected.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


#: The message of an :class:`InvalidInputError` lists at most this many problems.
_LISTED = 100


class InvalidInputError(RevitalizeError, ValueError):
    """Input that breaks the model's rules: every problem is kept, each with its path.

    The message lists the first 100 and counts the rest (``problems`` has them all).
    """

    def __init__(self, problems: Sequence[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        n = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems[:_LISTED])
        if n > _LISTED:
            lines += f"\n  ... and {n - _LISTED:,} more (the first {_LISTED} are listed)"
        super().__init__(f"{head}{n:,} problem{'s' if n != 1 else ''} in the input:\n{lines}")

    @classmethod
    def one(cls, path: str, message: str) -> InvalidInputError:
        """Build the error for a single problem."""
        return cls([Problem(path, message)])


def close_matches(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` names from ``known`` that look like ``name``.

    >>> close_matches("monitoring.multiplyer", ["monitoring.multiplier", "x"])
    ['monitoring.multiplier']
    """
    return difflib.get_close_matches(name, list(known), n=n, cutoff=0.6)


class UnknownNameError(RevitalizeError, KeyError):
    """A name (parameter, town, village, rule, model ...) that is not known.

    The message names the kind of thing, the close matches and, when the list
    is short, every known name. The parts of a name (``GUA-06.access`` for
    ``GUA-06``: known names that start with the name and a dot) come first among
    the suggestions.

    >>> str(UnknownNameError("rule", "GUA-06", ["GUA-06.access", "GUA-06.quality", "GUA-05"]))
    "unknown rule 'GUA-06'; did you mean 'GUA-06.access' or 'GUA-06.quality' or 'GUA-05'? \
Known: GUA-05, GUA-06.access, GUA-06.quality."
    """

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        known_list = sorted(known)
        self.kind = kind
        self.name = name
        self.known = tuple(known_list)
        parts = [k for k in known_list if k.startswith(f"{name}.")]
        self.suggestions = tuple(dict.fromkeys(
            [*parts, *close_matches(name, known_list)]))
        msg = f"unknown {kind} {name!r}"
        if self.suggestions:
            msg += f"; did you mean {' or '.join(repr(s) for s in self.suggestions)}?"
        if len(known_list) <= 20:
            msg += f" Known: {', '.join(known_list)}."
        else:
            msg += f" ({len(known_list)} known)"
        self.message = msg
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message


class MissingParameterValueError(RevitalizeError, LookupError):
    """A parameter has no value in force on the requested date."""


class IllegalTransitionError(RevitalizeError, ValueError):
    """A state-machine move that is not allowed from the current state."""

    def __init__(self, machine: str, state: str, target: str, allowed: Iterable[str]) -> None:
        self.state = state
        self.target = target
        self.allowed = tuple(allowed)
        moves = ", ".join(self.allowed) or "none (final state)"
        super().__init__(
            f"{machine}: cannot move from {state!r} to {target!r}; allowed moves: {moves}"
        )
