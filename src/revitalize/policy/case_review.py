"""A review of a case register on a date: what ``revitalize cases`` and ``POST /cases/due`` report.

:func:`review_cases` gives each case's due actions (MON-07, MON-09, AST-09),
the compliance findings (应纳尽纳、应扶尽扶、应消尽消、应保尽保) and the
statistics (MON-10d) of a :class:`~revitalize.policy.cases.CaseRegister`; the
review is ``ok`` when no action is overdue and no compliance check is violated.

>>> import datetime as dt
>>> from revitalize.policy.cases import CaseRegister
>>> from revitalize.policy.parameters import default_parameters
>>> review = review_cases(CaseRegister(cases=()), default_parameters(), dt.date(2023, 6, 1))
>>> review.ok, review.to_json()["statistics"]["total"]
(True, 0)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .cases import CaseRegister, DueAction, compliance, due_actions
from .engine import Finding, Status
from .parameters import ParameterSet
from .platform import CaseStatistics, statistics

__all__ = ["CaseReview", "review_cases"]


@attrs.frozen
class CaseReview:
    """The due actions, compliance findings and statistics of a case register on ``on``."""

    on: dt.date
    due_actions: tuple[DueAction, ...]
    compliance: tuple[Finding, ...]
    statistics: CaseStatistics

    @property
    def overdue(self) -> tuple[DueAction, ...]:
        """The actions whose due date has passed."""
        return tuple(a for a in self.due_actions if a.overdue)

    @property
    def violations(self) -> tuple[Finding, ...]:
        """The compliance checks that are violated (status problem)."""
        return tuple(f for f in self.compliance if f.status is Status.PROBLEM)

    @property
    def ok(self) -> bool:
        """No action is overdue and no compliance check is violated."""
        return not (self.overdue or self.violations)

    def to_json(self) -> dict[str, Any]:
        """The review as JSON (``revitalize cases --json``)."""
        return {
            "on": self.on.isoformat(), "ok": self.ok,
            "due_actions": [a.to_json() for a in self.due_actions],
            "compliance": [f.to_json() for f in self.compliance],
            "statistics": self.statistics.to_json(),
        }


def review_cases(register: CaseRegister, params: ParameterSet, on: dt.date) -> CaseReview:
    """Review every case of ``register`` on ``on`` with ``params``."""
    files = register.files(params, on)
    actions = tuple(a for f in files for a in due_actions(f, params, on))
    return CaseReview(on, actions, compliance(files, params, on), statistics(register.cases))
