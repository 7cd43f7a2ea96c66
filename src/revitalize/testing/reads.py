"""Record which input fields each rule actually reads, as field paths.

:func:`recording` is a context manager: inside it, every call of a registered
:class:`~revitalize.policy.engine.Rule` records the paths of the fields of its
subject that the rule's function read — ``annual_net_income``,
``members[].labor_capacity``, ``rigid_expenditure.medical_out_of_pocket`` — by
rule ID. The consistency test (``tests/test_explain.py``) runs the packaged
scenarios under it and checks that every path a rule read is among those its
:attr:`RuleSpec.reads <revitalize.policy.engine.RuleSpec.reads>` declares, so
the declarations (which ``explain`` and the rules reference print) cannot drift
from the code.

Hand-written because no maintained library records attribute reads of attrs
instances by their path in an object graph: on each rule call the recorder
walks the subject once, mapping every attrs instance it reaches to its path
(an element of a sequence or the value of a mapping gets ``[]``), then replaces
``__getattribute__`` on those classes while the rule runs, recording an attrs
field read on a mapped instance. The replacement mutates classes: use it in
tests and tools, never in a server or across threads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import attrs

from ..policy.engine import Finding, Rule

__all__ = ["Recorder", "recording"]


class Recorder:
    """The paths each rule read, by rule ID (:attr:`reads`), filled inside :func:`recording`."""

    def __init__(self) -> None:
        self.reads: dict[str, set[str]] = {}
        self._paths: dict[int, str] = {}
        self._fields: dict[type[Any], frozenset[str]] = {}
        self._saved: dict[type[Any], Any] = {}
        self._current: list[str] = []

    def _walk(self, value: Any, path: str) -> None:
        if attrs.has(type(value)):
            if id(value) in self._paths:
                return
            self._paths[id(value)] = path
            self._patch(type(value))
            prefix = f"{path}." if path else ""
            for a in attrs.fields(type(value)):
                if a.name.startswith("_"):
                    continue
                self._walk(object.__getattribute__(value, a.name), prefix + a.name)
        elif isinstance(value, tuple | list | frozenset | set):
            for v in value:
                self._walk(v, f"{path}[]")
        elif isinstance(value, Mapping):
            for v in value.values():
                self._walk(v, f"{path}[]")

    def _patch(self, cls: type[Any]) -> None:
        if cls in self._saved:
            return
        # Private fields (``_towns``) are indexes derived from public ones: not recorded.
        self._fields[cls] = frozenset(a.name for a in attrs.fields(cls)
                                      if not a.name.startswith("_"))
        self._saved[cls] = cls.__dict__.get("__getattribute__")
        original: Callable[[Any, str], Any] = getattr(cls, "__getattribute__")  # noqa: B009
        recorder = self

        def __getattribute__(obj: Any, name: str) -> Any:
            value = original(obj, name)
            current = recorder._current
            if current and name in recorder._fields.get(type(obj), ()):
                path = recorder._paths.get(id(obj))
                if path is not None:
                    recorder.reads.setdefault(current[-1], set()).add(
                        f"{path}.{name}" if path else name)
            return value

        type.__setattr__(cls, "__getattribute__", __getattribute__)

    def _restore(self) -> None:
        for cls, saved in self._saved.items():
            if saved is None:
                type.__delattr__(cls, "__getattribute__")
            else:
                type.__setattr__(cls, "__getattribute__", saved)
        self._saved.clear()

    def call(self, rule: Rule[Any], subject: Any, run: Callable[[], Finding]) -> Finding:
        """Run ``run`` (the rule's call on ``subject``), recording under the rule's ID."""
        self._paths.clear()
        self._walk(subject, "")
        self.reads.setdefault(rule.id, set())
        self._current.append(rule.id)
        try:
            return run()
        finally:
            self._current.pop()


@contextmanager
def recording() -> Iterator[Recorder]:
    """Record the field paths every rule call reads (see the module doc); not thread-safe."""
    recorder = Recorder()
    original = Rule.__call__

    def call(self: Rule[Any], subject: Any, params: Any, on: Any) -> Finding:
        return recorder.call(self, subject, lambda: original(self, subject, params, on))

    type.__setattr__(Rule, "__call__", call)
    try:
        yield recorder
    finally:
        type.__setattr__(Rule, "__call__", original)
        recorder._restore()
