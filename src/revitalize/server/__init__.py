"""The rules over HTTP: an ASGI application (Starlette) for systems that are not Python.

Install the ``server`` extra (``pip install 'revitalize[server]'``: Starlette and
uvicorn), then run ``revitalize serve`` or mount the app under any ASGI server::

    from revitalize.server import create_app
    app = create_app(params=default_parameters(), reforms=[reform])

or, configured from the environment (what each worker of ``revitalize serve
--workers N`` runs)::

    uvicorn --factory revitalize.server:app_from_env --workers 4

The endpoints (``/openapi.json`` describes them; ``/docs`` is a page that calls
them): ``POST /assess``, ``/explain``, ``/diff``, ``/cases/due``,
``/assets/check``, ``/governance/check``, ``/indicators/progress``; ``GET
/rules``, ``/rules/{id}``, ``/parameters``, ``/indicators``, ``/schema``,
``/schema/{model}``, ``/health``, ``/version``. JSON in and out through the
library's own converter (:mod:`revitalize.serialization`) and ``to_json()``
methods, so an answer is exactly what the library gives; the request schemas
in the OpenAPI document are the library's (:mod:`revitalize.schema`).

A request sends data, never code: a reform is chosen by name among those
loaded at start (``?reform=NAME``). Errors are RFC 9457 problem details with
the library's paths and messages (:mod:`revitalize.server._problems`). The
body is bounded (``max_body``, 10 MiB by default) before it is read, then read
by the library's reader (:func:`revitalize.serialization.loads`) with its
bounds. Access logs (logger ``revitalize.server.access``) name the route
template, never a body, a query string or a header.

Why Starlette and uvicorn: both are small, maintained and typed; the service
needs routing, CORS and a server, nothing more (validation and JSON are the
library's own). The bounded body reader, the bearer check and the access log
are written here because each is a few lines that must behave exactly as
described above (a 413 before the body is read, 401 vs 403, no query string
in the log), which Starlette's generic pieces do not promise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from starlette.applications import Starlette

from ..errors import InvalidInputError
from ..policy.parameters import ParameterSet, default_parameters, load_reform
from ._app import DEFAULT_MAX_BODY, build_app

__all__ = ["DEFAULT_MAX_BODY", "app_from_env", "create_app", "parse_size"]

_SIZE = re.compile(r"([0-9]{1,12})(KiB|MiB|GiB)?")
_UNITS = {None: 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}


def parse_size(text: str) -> int:
    """A size in bytes from ``1048576``, ``512KiB``, ``10MiB`` or ``1GiB``.

    >>> parse_size("10MiB")
    10485760
    >>> parse_size("10 MB")
    Traceback (most recent call last):
    ...
    revitalize.errors.InvalidInputError: 1 problem in the input:
      size: expected a number of bytes such as 1048576, 512KiB or 10MiB, got '10 MB'
    """
    m = _SIZE.fullmatch(text)
    if m is None or int(m.group(1)) == 0:
        raise InvalidInputError.one("size", "expected a number of bytes such as 1048576, "
                                            f"512KiB or 10MiB, got {text[:40]!r}")
    return int(m.group(1)) * _UNITS[m.group(2)]


def create_app(params: ParameterSet | None = None,
               reforms: Iterable[ParameterSet] | Mapping[str, ParameterSet] = (), *,
               token: str | None = None, max_body: int = DEFAULT_MAX_BODY,
               cors_origins: Sequence[str] = ()) -> Starlette:
    """The ASGI application (Starlette) serving the rules over HTTP.

    ``params`` is the base parameter set (default: the packaged one);
    ``reforms`` are the parameter sets a request may select with ``?reform=NAME``
    (a mapping from name, or sets keyed by their own ``name``; two with one name
    are an error). With ``token`` every endpoint but ``/health`` (and the static
    ``/docs`` page) needs ``Authorization: Bearer TOKEN``. ``max_body`` bounds a
    request body in bytes; ``cors_origins`` allows those origins (CORS is off
    without them).

    >>> from revitalize.policy.parameters import default_parameters
    >>> base = default_parameters()
    >>> app = create_app(base, [base.reform({"monitoring.monitoring_line": "8000"},
    ...                                     name="line-8000")])
    >>> sorted(app.state.service.reforms)
    ['line-8000']
    """
    return build_app(params, reforms, token=token, max_body=max_body,
                     cors_origins=cors_origins)


def app_from_env(environ: Mapping[str, str] | None = None) -> Starlette:
    """The app configured from environment variables (for ``uvicorn --factory`` and the
    workers of ``revitalize serve``):

    - ``REVITALIZE_TOKEN``: the bearer token (none: no authentication);
    - ``REVITALIZE_REFORMS``: reform files, separated by ``os.pathsep`` (``:``);
    - ``REVITALIZE_MAX_BODY``: the body limit (``10MiB`` by default);
    - ``REVITALIZE_CORS_ORIGINS``: allowed origins, separated by commas.
    """
    env = os.environ if environ is None else environ
    base = default_parameters()
    files = [f for f in env.get("REVITALIZE_REFORMS", "").split(os.pathsep) if f]
    reforms = [load_reform(Path(f), base) for f in files]
    origins = [o.strip() for o in env.get("REVITALIZE_CORS_ORIGINS", "").split(",") if o.strip()]
    max_body = env.get("REVITALIZE_MAX_BODY")
    return create_app(base, reforms, token=env.get("REVITALIZE_TOKEN") or None,
                      max_body=parse_size(max_body) if max_body else DEFAULT_MAX_BODY,
                      cors_origins=origins)
