"""``revitalize serve``: the rules over HTTP (needs the ``server`` extra).

``revitalize serve [--host 127.0.0.1] [--port 8000] [--workers N] [--reform FILE]...
[--token TOKEN] [--max-body SIZE] [--cors-origin ORIGIN]...`` runs
:func:`revitalize.server.app_from_env` under uvicorn. The options become the
environment variables that function reads (``REVITALIZE_REFORMS``,
``REVITALIZE_MAX_BODY``, ``REVITALIZE_CORS_ORIGINS``, ``REVITALIZE_TOKEN``), so
every worker process builds the same app; the configuration is checked once
before the server starts (a bad reform file is an error naming its line, exit 1).
The token may come from ``REVITALIZE_TOKEN`` instead of ``--token`` (better: a
command line is visible to other users of the machine).
"""

from __future__ import annotations

import argparse
import copy
import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

from . import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error_line, positive_int, tr

__all__ = ["register"]

_EXTRA = "revitalize serve needs the server extra: pip install 'revitalize[server]'"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """Add the ``serve`` command (help in ``lang``)."""
    p = sub.add_parser(
        "serve", help=tr(lang, "serve the rules over HTTP (the server extra)",
                         "以 HTTP 提供规则服务（需 server 扩展）"),
        description=tr(lang, "Serve the rules over HTTP: POST /assess, /explain, /diff, "
                             "/cases/due, /assets/check, /governance/check, "
                             "/indicators/progress; GET /rules, /parameters, /indicators, "
                             "/schema, /health, /version, /openapi.json and the /docs page. "
                             "Binds 127.0.0.1 unless told otherwise. Needs "
                             "pip install 'revitalize[server]'.",
                       "以 HTTP 提供规则服务：POST /assess、/explain、/diff、/cases/due、"
                       "/assets/check、/governance/check、/indicators/progress；GET /rules、"
                       "/parameters、/indicators、/schema、/health、/version、/openapi.json 及 "
                       "/docs 页面。默认只绑定 127.0.0.1。需 pip install 'revitalize[server]'。"))
    p.add_argument("--host", default="127.0.0.1",
                   help=tr(lang, "address to bind (default 127.0.0.1: this machine only)",
                           "绑定地址（默认 127.0.0.1：仅本机）"))
    p.add_argument("--port", type=int, default=8000, help=tr(lang, "port (default 8000)",
                                                             "端口（默认 8000）"))
    p.add_argument("--workers", type=positive_int, default=1, metavar="N",
                   help=tr(lang, "worker processes (default 1)", "工作进程数（默认 1）"))
    p.add_argument("--reform", action="append", default=[], metavar="FILE",
                   help=tr(lang, "load a reform file; requests select it with ?reform=NAME "
                                 "(repeatable)",
                           "加载改革文件；请求以 ?reform=NAME 选用（可重复）"))
    p.add_argument("--token", default=None,
                   help=tr(lang, "require 'Authorization: Bearer TOKEN' on every endpoint but "
                                 "/health (default: $REVITALIZE_TOKEN; none: no authentication)",
                           "除 /health 外每个接口都要求 'Authorization: Bearer TOKEN'（默认："
                           "$REVITALIZE_TOKEN；未设则不认证）"))
    p.add_argument("--max-body", default="10MiB", metavar="SIZE",
                   help=tr(lang, "largest request body: bytes, or with KiB/MiB/GiB (default "
                                 "10MiB)", "请求体上限：字节数，或带 KiB/MiB/GiB（默认 10MiB）"))
    p.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                   help=tr(lang, "allow browser calls from ORIGIN, e.g. https://platform.example "
                                 "(repeatable; default: CORS off)",
                           "允许来自 ORIGIN 的浏览器调用，如 https://platform.example（可重复；"
                           "默认关闭 CORS）"))
    p.add_argument("--log-level", choices=("debug", "info", "warning", "error"),
                   default="info", help=tr(lang, "log level (default info)",
                                           "日志级别（默认 info）"))
    p.set_defaults(func=_serve)


def _log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging configuration, plus the service's loggers (access lines on stdout,
    errors on stderr). uvicorn's own access log is off: it would print query strings."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["revitalize_access"] = {
        "formatter": "default", "class": "logging.StreamHandler", "stream": "ext://sys.stdout"}
    config["loggers"]["revitalize.server"] = {
        "handlers": ["default"], "level": level.upper(), "propagate": False}
    config["loggers"]["revitalize.server.access"] = {
        "handlers": ["revitalize_access"], "level": level.upper(), "propagate": False}
    return config


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..server import app_from_env, parse_size
    except ImportError:
        print(error_line(None, _EXTRA, getattr(args, "lang", "zh")), file=sys.stderr)
        return EXIT_FAILED
    if args.workers < 1 or not 0 <= args.port <= 65535:
        print(error_line("serve", "--workers must be at least 1 and --port 0-65535",
                         getattr(args, "lang", "zh")), file=sys.stderr)
        return EXIT_USAGE
    env = {
        "REVITALIZE_REFORMS": os.pathsep.join(str(Path(f).resolve()) for f in args.reform),
        "REVITALIZE_MAX_BODY": str(parse_size(args.max_body)),
        "REVITALIZE_CORS_ORIGINS": ",".join(args.cors_origin),
    }
    token = args.token if args.token is not None else os.environ.get("REVITALIZE_TOKEN")
    env["REVITALIZE_TOKEN"] = token or ""
    app_from_env(env)  # check the configuration once: a bad reform file fails here
    os.environ.update(env)
    if not token and not _is_loopback(args.host):
        print(f"revitalize serve: warning: serving on {args.host} without a token; anyone who "
              f"can reach the port can call the service (give --token or REVITALIZE_TOKEN)",
              file=sys.stderr)
    uvicorn.run("revitalize.server:app_from_env", factory=True, host=args.host,
                port=args.port, workers=args.workers if args.workers > 1 else None,
                access_log=False, log_config=_log_config(args.log_level),
                log_level=args.log_level, server_header=False)
    return EXIT_OK
