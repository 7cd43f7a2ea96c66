"""Shared test configuration: the hypothesis profile, the plan text, a live HTTP server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, settings

from revitalize import evidence

settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--fuzz-long``: 10,000 fuzzed inputs per reader (``tests/test_reliability_*.py``)."""
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help="fuzz every reader with 10,000 inputs (REVITALIZE_FUZZ_LONG=1)")


def pytest_configure(config: pytest.Config) -> None:
    """Pass ``--fuzz-long`` on as ``REVITALIZE_FUZZ_LONG`` (read by ``revitalize.testing.fuzz``)."""
    if config.getoption("--fuzz-long", default=False):
        os.environ["REVITALIZE_FUZZ_LONG"] = "1"


@pytest.fixture(scope="session")
def plan_text() -> str:
    """The plan's full text, as shipped in the package (:func:`revitalize.evidence.plan_text`)."""
    return evidence.plan_text()


# --------------------------------------------------------------------------- the HTTP service
# A real server (uvicorn, `revitalize serve`) in a subprocess on a free port, for
# tests/test_server*.py. Its stdout and stderr (the access log) go to a file.

SAMPLE_REFORM = """name = "line-8000"
[changes]
"monitoring.monitoring_line" = "8000"
"""


class LiveServer:
    """A running ``revitalize serve``: its base URL, its log file and its process."""

    def __init__(self, url: str, log: Path, process: subprocess.Popen[bytes],
                 token: str | None = None) -> None:
        self.url = url
        self.log = log
        self.process = process
        self.token = token

    def client(self, token: str | None = None) -> httpx.Client:
        """An HTTP client for the server (with ``Authorization`` when a token is given)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, timeout=60, headers=headers)

    def log_text(self) -> str:
        """What the server has written so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(args: list[str], log: Path, *, env: dict[str, str] | None = None,
                 command: list[str] | None = None, port: int | None = None,
                 token: str | None = None) -> LiveServer:
    """Start ``revitalize serve ARGS`` (or ``command``) and wait until /health answers."""
    port = port or free_port()
    argv = command or [sys.executable, "-m", "revitalize", "serve", "--port", str(port), *args]
    full_env = {k: v for k, v in os.environ.items() if k != "REVITALIZE_TOKEN"}
    full_env.update(env or {})
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=full_env)
    server = LiveServer(f"http://127.0.0.1:{port}", log, process, token)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{server.log_text()}")
        try:
            if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"the server did not answer /health in time:\n{server.log_text()}")


def stop_server(server: LiveServer) -> None:
    """Stop the server (SIGTERM, then SIGKILL after 30 s)."""
    server.process.terminate()
    try:
        server.process.wait(30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(10)


@pytest.fixture(scope="session")
def reform_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reform file that raises the monitoring line to 8000 yuan (name ``line-8000``)."""
    path = tmp_path_factory.mktemp("reform") / "line-8000.toml"
    path.write_text(SAMPLE_REFORM, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory,
                reform_file: Path) -> Iterator[LiveServer]:
    """One worker, no token, the ``line-8000`` reform, a 1 MiB body limit, CORS for one
    origin."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    server = start_server(["--reform", str(reform_file), "--max-body", "1MiB",
                           "--cors-origin", "http://platform.test"], log)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def secured_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Two workers with a token from REVITALIZE_TOKEN (no CORS)."""
    log = tmp_path_factory.mktemp("secured") / "server.log"
    token = "s3cret-token-for-tests"
    server = start_server(["--workers", "2"], log, env={"REVITALIZE_TOKEN": token}, token=token)
    yield server
    stop_server(server)
