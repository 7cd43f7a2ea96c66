"""Kill and Ctrl-C: real signals to a real ``revitalize assess --jsonl`` process.

The input is a named pipe the test writes to, so the run is held at a known
point (records read, temporary file open, workers started) when the signal
comes — no sleeping and hoping. Waits poll with timeouts.

- Ctrl-C (SIGINT to the process group, as a terminal sends it): exit 130, no
  traceback, no output file, no temporary file, no process left.
- SIGTERM: exit 143, the same.
- SIGKILL (no clean-up can run): no output file; the workers end with their
  parent (none alive 30 s later: today at once); the temporary file left is
  removed by the next run that writes the same output.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc and uses named pipes")

ON = "2023-06-01"
LINE = json.dumps({"id": "H-1", "town": "丛林镇", "village": "海孔村",
                   "poverty_status": "never_registered", "annual_net_income": "9000.00",
                   "members": [{"id": "M1", "birth_date": "1980-01-31"}]}, ensure_ascii=False)
TIMEOUT = 60.0


def wait_for(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    """Poll ``condition`` until it holds (fail after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def group(pgid: int) -> list[int]:
    """The live (not zombie) processes of the process group ``pgid``."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state not in ("Z", "X"):
            out.append(int(entry))
    return out


def parent(pid: int) -> int:
    """The parent of ``pid`` (0 when it is gone): workers are children of the fork server."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def ignores_sigint(pid: int) -> bool:
    """Whether the process ``pid`` ignores SIGINT (a worker once set up, the fork server)."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            mask = next(int(line.split()[1], 16) for line in f if line.startswith("SigIgn:"))
    except (OSError, StopIteration):
        return False
    return bool(mask & (1 << (signal.SIGINT - 1)))


def temps(directory: Path) -> list[Path]:
    return sorted(directory.glob(".*.tmp"))


class Run:
    """``revitalize assess --jsonl FIFO OUT`` in its own session, fed line by line."""

    def __init__(self, tmp: Path, workers: int) -> None:
        self.fifo, self.out = tmp / "in.jsonl", tmp / "out.jsonl"
        os.mkfifo(self.fifo)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "revitalize", "assess", "--jsonl", str(self.fifo),
             str(self.out), "--on", ON, "--workers", str(workers), "--chunk-size", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        self.pgid = self.proc.pid
        self.fd = -1

        def opened() -> bool:
            if self.proc.poll() is not None:
                pytest.fail(f"exited early: {self.proc.communicate()}")
            try:
                self.fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # no reader yet
                    raise
                return False
            return True

        wait_for(opened, "the command to open its input")
        os.set_blocking(self.fd, True)

    def feed(self, n: int) -> None:
        os.write(self.fd, ((LINE + "\n") * n).encode())

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def wait(self) -> tuple[int, str]:
        try:
            _, err = self.proc.communicate(timeout=TIMEOUT)
        finally:
            self.close()
        return self.proc.returncode, err.decode("utf-8", "replace")


@pytest.fixture
def runs(tmp_path: Path) -> Iterator[list[Run]]:
    made: list[Run] = []
    yield made
    for r in made:  # never leave a process behind, whatever failed
        r.close()
        for pid in group(r.pgid):
            os.kill(pid, signal.SIGKILL)
        r.proc.wait(timeout=TIMEOUT)


def started(tmp_path: Path, runs: list[Run], workers: int) -> Run:
    """A run that has read some records, opened its temporary file and (with workers)
    started them; it waits for more input."""
    r = Run(tmp_path, workers)
    runs.append(r)
    r.feed(5)
    wait_for(lambda: bool(temps(tmp_path)), "the temporary output file")
    if workers > 1:  # workers started and set up (SIGINT ignored), none starting
        seen: list[set[int]] = []

        def settled() -> bool:
            others = {pid for pid in group(r.pgid) if pid != r.pgid}
            ready = (any(parent(pid) not in (r.pgid, 0) for pid in others)
                     and all(ignores_sigint(pid) for pid in others))
            seen.append(others if ready else set())
            return len(seen) > 5 and ready and all(s == others for s in seen[-6:])

        wait_for(settled, "the workers")
    return r


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_exits_130_leaving_nothing(tmp_path: Path, runs: list[Run], workers: int) -> None:
    """Ctrl-C: exit 130, no traceback, no output, no temporary file, no process left."""
    r = started(tmp_path, runs, workers)
    os.killpg(r.pgid, signal.SIGINT)
    code, err = r.wait()
    assert code == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "已中断" in err  # the default language is Chinese
    assert not r.out.exists() and temps(tmp_path) == []
    wait_for(lambda: not group(r.pgid), "every process of the run to end")


def test_sigterm_exits_143_leaving_nothing(tmp_path: Path, runs: list[Run]) -> None:
    """SIGTERM: exit 143, no traceback, no output, no temporary file."""
    r = started(tmp_path, runs, 2)
    os.kill(r.proc.pid, signal.SIGTERM)
    code, err = r.wait()
    assert code == 143, err
    assert "Traceback" not in err
    assert not r.out.exists() and temps(tmp_path) == []
    wait_for(lambda: not group(r.pgid), "every process of the run to end")


def test_sigkill_leaves_no_output_no_orphans_and_a_temp_the_next_run_removes(
        tmp_path: Path, runs: list[Run]) -> None:
    """SIGKILL to the parent: no output file; its workers end (none alive 30 s later);
    the temporary file it could not remove is removed by the next run."""
    r = started(tmp_path, runs, 2)
    assert len(group(r.pgid)) >= 4
    os.kill(r.proc.pid, signal.SIGKILL)
    r.wait()
    wait_for(lambda: not group(r.pgid), "the workers to end with their parent", timeout=30)
    assert not r.out.exists()
    (left,) = temps(tmp_path)
    assert left.name.startswith(".out.jsonl.revitalize-")
    source = tmp_path / "again.jsonl"
    source.write_text((LINE + "\n") * 3, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "revitalize", "assess", "--jsonl", str(source),
                           str(r.out), "--on", ON], capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert len(r.out.read_text(encoding="utf-8").splitlines()) == 3
    assert temps(tmp_path) == []
