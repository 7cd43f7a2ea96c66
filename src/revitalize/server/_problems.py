"""RFC 9457 problem details: every error response of the service.

A problem is ``application/problem+json``::

    {"type": "about:blank", "title": "Unprocessable Content", "status": 422,
     "detail": "2 problems in the input:\\n  $.town: missing required field\\n  ...",
     "instance": "/assess",
     "errors": [{"path": "$.town", "message": "missing required field"}, ...]}

``detail`` and each error's ``path`` and ``message`` are the library's own
(:class:`~revitalize.errors.InvalidInputError`'s problems, an
:class:`~revitalize.errors.UnknownNameError`'s message with its
``suggestions``). ``type`` is ``about:blank``: the HTTP status says what kind of
problem it is, and ``title`` is its phrase, in Chinese or English (``lang``;
RFC 9457 §4.2.1 allows a localized title); ``detail`` is in the same language
(:func:`revitalize.i18n.message`), while each error's ``message`` stays the
library's English text, stable for programs that match on it. No response ever carries a stack
trace: an unexpected exception is logged by the server and answered with a
500 problem that says only that.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from ..errors import InvalidInputError, Problem, RevitalizeError, UnknownNameError
from ..i18n import message

__all__ = ["MEDIA_TYPE", "TITLES", "HTTPProblem", "from_error", "problem_body"]

#: The media type of every error response.
MEDIA_TYPE: Final = "application/problem+json"

#: The title of each status the service answers with, in Chinese and English.
TITLES: Final[Mapping[int, tuple[str, str]]] = {
    400: ("请求格式错误", "Bad Request"),
    401: ("需要身份认证", "Unauthorized"),
    403: ("无权访问", "Forbidden"),
    404: ("未找到", "Not Found"),
    405: ("不支持该请求方法", "Method Not Allowed"),
    413: ("请求体过大", "Content Too Large"),
    415: ("不支持的媒体类型", "Unsupported Media Type"),
    422: ("输入有误", "Unprocessable Content"),
    500: ("服务器内部错误", "Internal Server Error"),
}


class HTTPProblem(Exception):
    """An error response: its status, detail, the problems with their paths, and more
    members (``suggestions`` ...), and headers (``WWW-Authenticate``, ``Allow``)."""

    def __init__(self, status: int, detail: str, *, errors: Sequence[Problem] = (),
                 extra: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = tuple(errors)
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})

    @classmethod
    def invalid(cls, problems: Iterable[Problem]) -> HTTPProblem:
        """A 422 listing ``problems`` (with the library's message for them)."""
        error = InvalidInputError(list(problems))
        return cls(422, str(error), errors=error.problems)


def from_error(exc: RevitalizeError, *, not_found: bool = False) -> HTTPProblem:
    """The problem for a library error: 422 for invalid input (every problem listed),
    404 for an unknown name looked up by the path (``not_found``), else 422."""
    if isinstance(exc, UnknownNameError):
        status = 404 if not_found else 422
        return HTTPProblem(status, str(exc), extra={"suggestions": list(exc.suggestions)},
                           errors=() if not_found else (Problem("$", str(exc)),))
    if isinstance(exc, InvalidInputError):
        return HTTPProblem(422, str(exc), errors=exc.problems)
    return HTTPProblem(422, str(exc))


def problem_body(problem: HTTPProblem, lang: str, instance: str) -> bytes:
    """The problem document as JSON bytes (``title`` and ``detail`` in ``lang``)."""
    zh, en = TITLES.get(problem.status, (str(problem.status), str(problem.status)))
    doc: dict[str, Any] = {
        "type": "about:blank",
        "title": zh if lang == "zh" else en,
        "status": problem.status,
        "detail": message(problem.detail, lang),
        "instance": instance,
    }
    if problem.status == 422 or problem.errors:
        doc["errors"] = [{"path": p.path, "message": p.message} for p in problem.errors]
    doc.update(problem.extra)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
