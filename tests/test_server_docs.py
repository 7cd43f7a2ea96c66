"""The curl examples of docs/howto/http.md give the output shown, against a live server.

Each ``console`` block of the page is a list of ``$ command`` lines (with ``\\``
continuations) and the output that follows each. Every ``curl`` command runs
against the test server (``http://127.0.0.1:8000`` is replaced by its address)
and its output must match what the page shows, ``...`` matching anything (as in
a doctest). A block after ``<!-- test: secured -->`` runs against the server
with a token, with ``REVITALIZE_TOKEN`` set. The commands run in bash with the
real curl when the machine has one; without curl, each is sent with httpx as
curl would send it, so the outputs are checked either way.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import attrs
import httpx
import pytest

from conftest import LiveServer

PAGE = Path(__file__).resolve().parent.parent / "docs" / "howto" / "http.md"
DOC_URL = "http://127.0.0.1:8000"
_BLOCK = re.compile(r"(<!-- test: secured -->\s*)?```console\n(.*?)```", re.DOTALL)


@attrs.frozen
class Example:
    """One ``$ command`` of the page, the output shown, and which server it is for."""

    command: str
    expected: str
    secured: bool
    line: int


def examples() -> list[Example]:
    """Every curl command of the page with its expected output."""
    text = PAGE.read_text(encoding="utf-8")
    out: list[Example] = []
    for block in _BLOCK.finditer(text):
        secured = block.group(1) is not None
        start_line = text[: block.start(2)].count("\n") + 1
        lines = block.group(2).splitlines()
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            first = i
            command = lines[i][2:]
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + lines[i].strip()
            i += 1
            expected = []
            while i < len(lines) and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
            if command.startswith("curl "):
                out.append(Example(command, "\n".join(expected) + "\n", secured,
                                   start_line + first))
    return out


EXAMPLES = examples()


def _with_httpx(command: str, env: dict[str, str]) -> str:
    """What ``command`` prints, sending its request with httpx (curl's options used here:
    -s -X -H -d -o /dev/null -w '%{http_code}\\n', and a pipe to a python3 -c or
    json.tool filter)."""
    head, _, pipe = command.partition(" | ")
    args = shlex.split(head.replace("$REVITALIZE_TOKEN", env.get("REVITALIZE_TOKEN", "")))
    method, headers, data, url, write_code, quiet_body = "GET", {}, None, "", False, False
    it = iter(args[1:])
    for a in it:
        if a == "-s":
            continue
        if a == "-X":
            method = next(it)
        elif a == "-H":
            k, _, v = next(it).partition(":")
            headers[k.strip()] = v.strip()
        elif a == "-d":
            data = next(it)
            method = "POST" if method == "GET" else method
        elif a == "-o":
            quiet_body = next(it) == "/dev/null"
        elif a == "-w":
            write_code = next(it) == "%{http_code}\\n"
        else:
            url = a
    r = httpx.request(method, url, headers=headers, content=data, timeout=60)
    out = "" if quiet_body else r.text
    if write_code:
        out += f"{r.status_code}\n"
    if pipe:
        filtered = subprocess.run(shlex.split(pipe), input=out, capture_output=True,
                                  text=True, check=True, timeout=60)
        out = filtered.stdout
    return out


def test_the_page_has_curl_examples() -> None:
    """The how-to shows curl examples, for both servers."""
    assert len(EXAMPLES) >= 8
    assert any(e.secured for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line{e.line}" for e in EXAMPLES])
def test_curl_example_gives_the_output_shown(example: Example, live_server: LiveServer,
                                             secured_server: LiveServer) -> None:
    """The command, run against the live server, prints what the page shows."""
    server = secured_server if example.secured else live_server
    command = example.command.replace(DOC_URL, server.url)
    env = {"REVITALIZE_TOKEN": server.token or ""} if example.secured else {}
    if shutil.which("curl"):
        done = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                              timeout=120, env={**os.environ, **env})
        assert done.returncode == 0, done.stderr
        got = done.stdout
    else:
        got = _with_httpx(command, {**os.environ, **env})
    checker = doctest.OutputChecker()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    if not checker.check_output(example.expected, got, flags):
        got_pretty = got if len(got) < 4000 else got[:4000] + "..."
        pytest.fail(f"{PAGE.name}:{example.line}: {example.command}\nexpected:\n"
                    f"{example.expected}\ngot:\n{got_pretty}")
    if example.expected.lstrip().startswith("{") and "..." not in example.expected:
        assert json.loads(got) == json.loads(example.expected)
