"""Watch the processes a benchmark starts (Linux ``/proc``): CPU seconds and peak memory.

Worker processes started through a fork server are not children of the benchmark
(they are the server's), so ``resource.getrusage(RUSAGE_CHILDREN)`` does not see
them. :class:`Watch` samples every descendant of a process while a run goes on: the
CPU seconds each has used (the last sample before it ended) and its peak resident
memory (``VmHWM``, kept by the kernel). On a busy machine, CPU seconds say what an
idle one would take: the wall time of a run is at least its busiest process's CPU
time and its total CPU time divided by the cores.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float] | None:
    """``(parent pid, CPU seconds)`` of ``pid``, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def _peak_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Watch:
    """Sample the descendants of ``root`` (default: this process) every ``interval`` s
    (CPU seconds counted from the start of the watch)."""

    def __init__(self, root: int | None = None, interval: float = 0.25) -> None:
        self.root = root if root is not None else os.getpid()
        self.interval = interval
        self.cpu: dict[int, float] = {}
        self.peak: dict[int, int] = {}
        self._before: dict[int, float] = {}  # CPU seconds of those already running
        self.own_cpu = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        parents: dict[int, int] = {}
        cpu: dict[int, float] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                got = _stat(int(entry))
                if got is not None:
                    parents[int(entry)], cpu[int(entry)] = got
        family = {self.root}
        grew = True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in family and pid not in family:
                    family.add(pid)
                    grew = True
        for pid in family - {self.root}:
            if pid in cpu:
                self.cpu[pid] = cpu[pid] - self._before.get(pid, 0.0)
                self.peak[pid] = max(self.peak.get(pid, 0), _peak_kib(pid))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()
        self._sample()
        self.own_cpu = time.thread_time()  # what watching cost this process

    def __enter__(self) -> Watch:
        self._sample()
        self._before = dict(self.cpu)
        self.cpu = {}
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def total_cpu(self) -> float:
        """CPU seconds of every descendant seen."""
        return sum(self.cpu.values())

    @property
    def busiest_cpu(self) -> float:
        """CPU seconds of the busiest descendant."""
        return max(self.cpu.values(), default=0.0)

    @property
    def peak_mib(self) -> float:
        """The largest peak resident memory of a descendant, in MiB."""
        return max(self.peak.values(), default=0) / 1024
