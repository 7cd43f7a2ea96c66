"""No file clobbered: the batch output never replaces its input, a link or a device.

``write_atomic`` writes a temporary file and renames it over the output. The
output must not be the input (the same file, also through a symbolic or a hard
link); a symbolic link is written through to its target when that is a regular
file; a device, a pipe, a directory or a broken link is refused. The file's mode
follows the umask. A temporary file left by a killed run is removed by the next.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from revitalize import batch
from revitalize.batch import OutputError, write_atomic
from revitalize.cli import main

ON = "2023-06-01"
LINE = json.dumps({"id": "H-1", "town": "丛林镇", "village": "海孔村",
                   "poverty_status": "never_registered", "annual_net_income": "9000.00",
                   "members": [{"id": "M1", "birth_date": "1980-01-31"}]}, ensure_ascii=False)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    f = tmp_path / "in.jsonl"
    f.write_text(LINE + "\n", encoding="utf-8")
    return f


def assess(source: Path, target: Path | str) -> int:
    return main(["assess", "--jsonl", str(source), str(target), "--on", ON])


def test_output_equal_to_input_is_refused(source: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """``--jsonl IN IN`` exits 2 (a usage error) and leaves the input as it was."""
    before = source.read_bytes()
    assert assess(source, source) == 2
    assert source.read_bytes() == before
    assert "就是输入文件" in capsys.readouterr().err


def test_output_linked_to_the_input_is_refused(source: Path, tmp_path: Path) -> None:
    """A symbolic link or a hard link to the input is the input: refused, nothing changed."""
    before = source.read_bytes()
    sym, hard = tmp_path / "sym.jsonl", tmp_path / "hard.jsonl"
    sym.symlink_to(source)
    os.link(source, hard)
    for out in (sym, hard):
        assert assess(source, out) == 2
        assert source.read_bytes() == before
    assert sym.is_symlink()


def test_a_symlink_to_a_regular_file_is_written_through(source: Path, tmp_path: Path) -> None:
    """An output that links to another regular file writes that file; the link stays."""
    real = tmp_path / "data" / "out.jsonl"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "out.jsonl"
    link.symlink_to(real)
    assert assess(source, link) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))["subject"] == "H-1"
    assert not list(real.parent.glob(".*.tmp")) and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("kind", ["fifo", "directory", "dangling link", "link to a directory"])
def test_special_outputs_are_refused(source: Path, tmp_path: Path, kind: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A pipe, a directory, a broken link or a link to a directory is never replaced."""
    out = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "directory":
        out.mkdir()
    elif kind == "dangling link":
        out.symlink_to(tmp_path / "nowhere")
    else:
        (tmp_path / "d").mkdir()
        out.symlink_to(tmp_path / "d")
    mode = os.lstat(out).st_mode
    assert assess(source, out) == 2
    assert os.lstat(out).st_mode == mode
    err = capsys.readouterr().err
    assert "未写入" in err and ("不予替换" in err or "目标不存在" in err)  # Chinese by default
    assert main(["assess", "--jsonl", str(source), str(out), "--on", ON, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "nothing was written" in err and "Traceback" not in err
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_device_is_refused_by_write_atomic(tmp_path: Path) -> None:
    """``/dev/null`` (a device) is refused before anything is written."""
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    with pytest.raises(OutputError, match="a device, pipe or socket"):
        write_atomic("/dev/null", [{"line": 1}])
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_write_atomic_refuses_its_inputs(tmp_path: Path) -> None:
    """write_atomic(path, ..., inputs=[path]) refuses, and the file is untouched."""
    f = tmp_path / "f.jsonl"
    f.write_text("keep\n", encoding="utf-8")
    with pytest.raises(OutputError, match="is the input file"):
        write_atomic(f, [{"line": 1}], inputs=[f])
    assert f.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_output_mode_follows_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    """A new output file has mode 0666 less the umask (0644 by default), not 0600."""
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "out.jsonl", [{"line": 1}])
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out.jsonl").st_mode) == mode


def _dead_pid() -> int:
    """The pid of a process that has ended."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_stale_temporary_files_are_removed_by_the_next_run(tmp_path: Path) -> None:
    """A temporary file of the same output left by a dead process of this host is removed;
    one of a live process, another host or another output is kept."""
    host = batch._host()
    out = tmp_path / "out.jsonl"
    stale = tmp_path / f".out.jsonl.revitalize-{host}-{_dead_pid()}-0badf00d.tmp"
    live = tmp_path / f".out.jsonl.revitalize-{host}-{os.getpid()}-12345678.tmp"
    remote = tmp_path / ".out.jsonl.revitalize-elsewhere-1-abcdef01.tmp"
    other = tmp_path / f".other.jsonl.revitalize-{host}-{_dead_pid()}-0badf00d.tmp"
    for f in (stale, live, remote, other):
        f.write_text("partial", encoding="utf-8")
    write_atomic(out, [{"line": 1}])
    assert not stale.exists()
    assert live.exists() and remote.exists() and other.exists()
    assert socket.gethostname()


def _failing() -> Iterator[dict[str, Any]]:
    yield {"line": 1}
    raise KeyboardInterrupt


def test_an_interrupted_write_leaves_the_output_and_no_temporary(tmp_path: Path) -> None:
    """Ctrl-C while writing removes the temporary file and leaves the old output."""
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        write_atomic(out, _failing())
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
