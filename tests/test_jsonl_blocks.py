"""JSONL goes to the workers as blocks of bytes (``batch._raw_jsonl_chunks``), split into
lines where the chunk goes (``batch._raw_items``): the items, their order, the records,
the statistics and the bytes written are what the line reader (``read_jsonl``, built on
``reading.bounded_lines``) gives, for any input."""

from __future__ import annotations

import errno
import gzip
import io
import os
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revitalize import _codec, batch
from revitalize.batch import (
    BatchStatistics,
    BatchTask,
    Numbered,
    assess_records,
    read_jsonl,
    stream,
)
from revitalize.policy.parameters import default_parameters
from revitalize.reading import HEAD_BYTES, Limits
from revitalize.serialization import canonical_json, make_converter, to_json_value
from revitalize.testing.population import SAMPLE_DATE, generate_households

BOM = b"\xef\xbb\xbf"

#: Pieces that make the cases of the reader: ends of line, a BOM, bytes that do not
#: decode as UTF-8 (or do as GBK), JSON that reads, JSON that does not.
_PIECES = st.sampled_from([
    b"\n", b"\r\n", b"\r", b"\n\n", BOM, b"\xff", b"\xe4\xb8", "户".encode(), "户".encode("gbk"),
    b" ", b"\t", b'{"id": 1}', b"not json", b"{", b"x" * 40, b"\x00\n", b"\xfe\xff",
])
_BYTES = st.lists(st.one_of(_PIECES, st.binary(max_size=12)), max_size=40).map(b"".join)


def _blocks(data: bytes, limits: Limits, size: int, read_bytes: int,
            encoding: str = "utf-8") -> list[Numbered]:
    return [_as_read(item)
            for chunk in batch._raw_jsonl_chunks(io.BytesIO(data), limits, size, read_bytes)
            for item in batch._raw_items(chunk, "in.jsonl", encoding, limits)]


def _as_read(item: Numbered) -> Numbered:
    """An item as the line reader gives it: a UTF-8 line handed on undecoded (orjson
    reads bytes) is its text, or the error of a line that does not decode. (That the
    records are the same is checked on the stream's output below.)"""
    raw = item.household
    if not isinstance(raw, bytes):
        return item
    try:
        return attrs.evolve(item, household=raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return attrs.evolve(item, household=None,
                            error=(batch._undecodable(raw, exc, "utf-8", "utf-8"),))


@pytest.mark.parametrize("codec", ["json", "orjson"])
def test_utf8_lines_go_on_undecoded_only_with_a_codec_that_reads_bytes(
        codec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """orjson reads a UTF-8 line's bytes (no decoding, no UTF-8 copy of the text); the
    standard library's codec gets text, as do line 1 (a BOM), other encodings and lines
    that do not start with ``{``."""
    active = _codec.STDLIB if codec == "json" else _codec.orjson_codec()
    assert active is not None
    monkeypatch.setattr(_codec, "ACTIVE", active)
    data = b'{"a": 1}\n{"b": 2}\n [1]\n'
    kinds = [type(i.household) for i in _blocks(data, Limits(), 500, 4096)]
    raw = [type(i.household) for c in batch._raw_jsonl_chunks(io.BytesIO(data), Limits(), 500)
           for i in batch._raw_items(c, "in", "utf-8", Limits())]
    assert kinds == [str, str, str]
    assert raw == ([str, str, str] if codec == "json" else [str, bytes, str])
    gbk = [type(i.household) for c in batch._raw_jsonl_chunks(io.BytesIO(data), Limits(), 500)
           for i in batch._raw_items(c, "in", "gbk", Limits())]
    assert gbk == [str, str, str]


def _lines_of(chunk: batch._RawChunk) -> int:
    """The input lines a chunk holds (the last line of a block may have no end)."""
    _, pieces = chunk
    return sum(1 if isinstance(p, tuple) else p.count(b"\n") + (not p.endswith(b"\n"))
               for p in pieces)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_BYTES, bom=st.booleans(), limit=st.sampled_from([1, 4, 9, 30, 200]),
       size=st.sampled_from([1, 2, 3, 500]), read_bytes=st.sampled_from([1, 2, 5, 16, 4096]),
       encoding=st.sampled_from(["utf-8", "gbk", "latin-1", "utf-16", "utf-8-sig"]))
def test_blocks_give_the_items_of_the_line_reader(data: bytes, bom: bool, limit: int, size: int,
                                                  read_bytes: int, encoding: str) -> None:
    """Any bytes: the items (line numbers, texts, errors: too long, not decodable), in
    order, are ``read_jsonl``'s, whatever the chunk size, the bytes read at a time, the
    limit and the encoding (utf-16, whose characters hold ``\\n`` bytes, is split at those
    bytes by both, as before); every chunk but the last has ``size`` lines."""
    data = BOM + data if bom else data
    limits = Limits(max_record_bytes=limit)
    expected = list(read_jsonl(io.BytesIO(data), "in.jsonl", encoding=encoding, limits=limits))
    assert _blocks(data, limits, size, read_bytes, encoding) == expected
    chunks = list(batch._raw_jsonl_chunks(io.BytesIO(data), limits, size, read_bytes))
    counts = [_lines_of(c) for c in chunks]
    assert all(n == size for n in counts[:-1]) and all(0 < n <= size for n in counts[-1:])
    assert [first for first, _ in chunks] == [1 + sum(counts[:i]) for i in range(len(counts))]
    assert sum(counts) == data.count(b"\n") + (bool(data) and not data.endswith(b"\n"))


@pytest.mark.parametrize("read_bytes", [1, 7, 64, 4096])
@pytest.mark.parametrize("tail", [b"", b"\n", b"\r\n", b"\r", b"\r\r\n"])
@pytest.mark.parametrize("length", [9, 10, 11, 12, 13, 40])
def test_long_lines_are_measured_as_the_line_reader_measures_them(read_bytes: int, tail: bytes,
                                                                  length: int) -> None:
    """Lines around the limit (10 bytes) and far over it, ended or not, with ``\\r`` before
    their end read in another piece: the same items (the error gives the length)."""
    limits = Limits(max_record_bytes=10)
    for data in (b"a" * length + tail + b'{"id":1}\n', b"a" * length + tail,
                 b'{"a":1}\n' + b"\r" * length + tail + b"\n"):
        expected = list(read_jsonl(io.BytesIO(data), "in.jsonl", limits=limits))
        for size in (1, 2, 500):
            assert _blocks(data, limits, size, read_bytes) == expected, (data, size)


def test_a_line_over_the_limit_keeps_only_its_head() -> None:
    """A line with no end in sight past the limit is sent as its head and length."""
    data = b"x" * 200_000 + b"\r\n" + b'{"id":1}\n'
    chunks = list(batch._raw_jsonl_chunks(io.BytesIO(data), Limits(max_record_bytes=1000), 500,
                                          4096))
    assert len(chunks) == 1
    first, pieces = chunks[0]
    assert first == 1
    (head, length), rest = pieces
    assert (length, rest) == (200_000, b'{"id":1}\n')
    assert 1000 < len(head) <= HEAD_BYTES and head == b"x" * len(head)


class _LongLine(io.RawIOBase):
    """A stream of one line of ``size`` bytes (made as it is read), then a short line."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.tail = b'\n{"id":"H-2"}\n'

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.left)
        if n:
            buffer[:n] = b"x" * n
            self.left -= n
            return n
        n = min(len(buffer), len(self.tail))
        buffer[:n] = self.tail[:n]
        self.tail = self.tail[n:]
        return n


def test_memory_follows_the_limit_not_the_line() -> None:
    """A 64 MiB line with a 1 MiB limit is cut into chunks holding about the limit and one
    read in memory (the line is never held whole), and the next line is read."""
    mib = 1 << 20
    limits = Limits(max_record_bytes=mib)
    tracemalloc.start()
    try:
        chunks = list(batch._raw_jsonl_chunks(io.BufferedReader(_LongLine(64 * mib)), limits,
                                              500))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    items = [_as_read(item) for c in chunks
             for item in batch._raw_items(c, "in.jsonl", "utf-8", limits)]
    assert [(i.line, i.household) for i in items] == [(1, None), (2, '{"id":"H-2"}\n')]
    assert "the record is 67,108,864 bytes" in items[0].error[0]
    assert peak < 4 * mib, peak


def _jsonl(n: int) -> list[str]:
    conv = make_converter()
    return [canonical_json(to_json_value(h, converter=conv))
            for h in generate_households(n, seed=3, on=SAMPLE_DATE)]


_HOUSEHOLDS = _jsonl(12)
_LINES = st.lists(st.one_of(
    st.sampled_from(_HOUSEHOLDS).map(str.encode),
    st.sampled_from([b"", b"  ", b'{"id": 1}', b"not json", b"\xff{}", b"x" * 3000,
                     "户".encode("gbk"), b"\r",
                     # lines starting with "{" that orjson gets as bytes: not UTF-8, an
                     # encoded surrogate, an escaped one, a character, not an object
                     b'{"id": "\xff"}', b"{\xe4\xb8", b"{\xed\xa0\x80}", b'{"id": "\\ud800"}',
                     '{"户": 1}'.encode(), b"{}", "{\u3000".encode()]),
    st.binary(max_size=30)), max_size=25)


def _expected(data: bytes, task: BatchTask) -> tuple[bytes, dict[str, Any]]:
    """What the line reader's items give, encoded one by one, and their statistics."""
    items = read_jsonl(io.BytesIO(data), "in.jsonl", limits=task.limits)
    written = attrs.evolve(task, run_notices_in_records=False)  # as stream() writes them
    records = list(assess_records(items, written))
    stats = BatchStatistics()
    stats.add_run_notices(batch.run_notices(task.params, task.on))
    for r in records:
        stats.add(r)
    out = b"".join(_codec.active().ordered_bytes(r) + b"\n" for r in records)
    return out, stats.to_json()


_TASK = BatchTask(default_parameters(), SAMPLE_DATE, limits=Limits(max_record_bytes=2000))


@pytest.mark.parametrize("codec", ["json", "orjson"])
@pytest.mark.parametrize("workers", [1, 2])
def test_stream_writes_what_the_line_reader_gives(tmp_path: Path, workers: int, codec: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Arbitrary lines (households, blank, bad, too long, undecodable; LF, CRLF, a BOM):
    the bytes written and the statistics are the line reader's, with 1 and 2 workers and
    several chunk sizes and read sizes, and with 2 workers from a file too (the workers
    read their chunks in place). (Two workers: a few examples, each run starts a pool.)"""
    examples = 60 if workers == 1 else 4
    active = _codec.STDLIB if codec == "json" else _codec.orjson_codec()
    assert active is not None  # the fast extra is part of the test set-up
    monkeypatch.setattr(_codec, "ACTIVE", active)  # this process's (workers choose their own)

    @settings(max_examples=examples, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(lines=_LINES, ends=st.lists(st.sampled_from([b"\n", b"\r\n"]), min_size=25,
                                      max_size=25),
           last=st.booleans(), bom=st.booleans(), size=st.sampled_from([1, 3, 500]),
           read_bytes=st.sampled_from([7, 1000, 65536]))
    def check(lines: list[bytes], ends: list[bytes], last: bool, bom: bool, size: int,
              read_bytes: int) -> None:
        data = b"".join(line + end for line, end in zip(lines, ends, strict=False))
        if lines and not last:
            data = data.rstrip(b"\r\n")
        data = BOM + data if bom else data
        expected, stats = _expected(data, _TASK)
        monkeypatch.setattr(batch, "_READ_BYTES", read_bytes)
        out = tmp_path / "out.jsonl"
        got = stream(io.BytesIO(data), out, _TASK, workers=workers, chunk_size=size,
                     source_name="in.jsonl")
        assert out.read_bytes() == expected
        assert got.to_json() == stats
        if workers > 1:  # a regular file: the workers read their chunks in place
            path = tmp_path / "in.jsonl"
            path.write_bytes(data)
            with path.open("rb") as f:
                got = stream(f, out, _TASK, workers=workers, chunk_size=size,
                             source_name="in.jsonl")
            assert out.read_bytes() == expected
            assert got.to_json() == stats

    check()


# --------------------------------------------------- a regular file, read in place by workers


def _file_items(path: Path, limits: Limits, size: int, read_bytes: int,
                encoding: str = "utf-8", start: int = 0) -> list[Numbered]:
    """The items of a file as two workers get them: this process finds the chunks
    (``_file_spans``), the worker reads their bytes (``_span_chunk``) and splits them."""
    with path.open("rb") as f:
        fd = f.fileno()
        return [_as_read(item)
                for span in batch._file_spans(fd, start, limits, size, read_bytes)
                for item in batch._raw_items(*_read_span(fd, span), encoding, limits)]


def _read_span(fd: int, span: batch._Span) -> tuple[batch._RawChunk, str]:
    chunk, expect = batch._span_chunk(fd, span, "in.jsonl")
    assert sum(expect) == sum(p[2] if len(p) == 4 else 1 for p in span[1])  # type: ignore[misc]
    return chunk, "in.jsonl"


def _span_lines(span: batch._Span) -> int:
    return sum(p[2] if len(p) == 4 else 1 for p in span[1])  # type: ignore[misc]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_BYTES, bom=st.booleans(), limit=st.sampled_from([1, 4, 9, 30, 200]),
       size=st.sampled_from([1, 2, 3, 500]), read_bytes=st.sampled_from([1, 2, 5, 16, 4096]),
       encoding=st.sampled_from(["utf-8", "gbk", "latin-1", "utf-16", "utf-8-sig"]),
       prefix=st.sampled_from([b"", b"skipped\n"]))
def test_file_spans_give_the_items_of_the_line_reader(data: bytes, bom: bool, limit: int,
                                                      size: int, read_bytes: int,
                                                      encoding: str, prefix: bytes) -> None:
    """Any bytes in a file (from a position: what was read before is not read): the items
    the workers make of the chunks found in place are ``read_jsonl``'s, whatever the
    chunk size, the bytes read at a time (counting the ends of line of a read, or finding
    each), the limit and the encoding; every chunk but the last has ``size`` lines."""
    data = BOM + data if bom else data
    limits = Limits(max_record_bytes=limit)
    expected = list(read_jsonl(io.BytesIO(data), "in.jsonl", encoding=encoding, limits=limits))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_bytes(prefix + data)
        assert _file_items(path, limits, size, read_bytes, encoding, len(prefix)) == expected
        with path.open("rb") as f:
            spans = list(batch._file_spans(f.fileno(), len(prefix), limits, size, read_bytes))
    counts = [_span_lines(s) for s in spans]
    assert all(n == size for n in counts[:-1]) and all(0 < n <= size for n in counts[-1:])
    assert [first for first, _ in spans] == [1 + sum(counts[:i]) for i in range(len(counts))]
    assert sum(counts) == data.count(b"\n") + (bool(data) and not data.endswith(b"\n"))


@pytest.mark.parametrize("read_bytes", [1, 7, 12, 64, 4096])
@pytest.mark.parametrize("tail", [b"", b"\n", b"\r\n", b"\r", b"\r\r\n"])
@pytest.mark.parametrize("length", [9, 10, 11, 12, 13, 40])
def test_file_spans_measure_long_lines_as_the_line_reader(tmp_path: Path, read_bytes: int,
                                                          tail: bytes, length: int) -> None:
    """Lines around the limit (10 bytes) and far over it, ended or not, a ``\\r`` before
    their end in the read before: the same items from a file read in place."""
    limits = Limits(max_record_bytes=10)
    path = tmp_path / "in.jsonl"
    for data in (b"a" * length + tail + b'{"id":1}\n', b"a" * length + tail,
                 b'{"a":1}\n' + b"\r" * length + tail + b"\n"):
        path.write_bytes(data)
        expected = list(read_jsonl(io.BytesIO(data), "in.jsonl", limits=limits))
        for size in (1, 2, 500):
            assert _file_items(path, limits, size, read_bytes) == expected, (data, size)


def test_file_spans_keep_only_the_head_of_a_huge_line(tmp_path: Path) -> None:
    """A 64 MiB line under a 1 MiB limit in a file: neither this process nor the worker
    holds it (about one read and its head in memory), and the next line is read."""
    mib = 1 << 20
    limits = Limits(max_record_bytes=mib)
    path = tmp_path / "in.jsonl"
    with path.open("wb") as f:
        for _ in range(64):
            f.write(b"x" * mib)
        f.write(b'\r\n{"id":"H-2"}\n')
    tracemalloc.start()
    try:
        with path.open("rb") as f:
            spans = list(batch._file_spans(f.fileno(), 0, limits, 500))
            chunks = [batch._span_chunk(f.fileno(), s, "in.jsonl") for s in spans]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert spans == [(1, [(0, 64 * mib), (64 * mib + 2, 13, 1, True)])]
    (head, length), rest = chunks[0][0][1]
    assert (length, rest, len(head)) == (64 * mib, b'{"id":"H-2"}\n', HEAD_BYTES)
    items = [_as_read(i) for c, expect in chunks
             for i in batch._raw_items(c, "in.jsonl", "utf-8", limits, expect)]
    assert [(i.line, i.household) for i in items] == [(1, None), (2, '{"id":"H-2"}\n')]
    assert "the record is 67,108,864 bytes" in items[0].error[0]
    assert peak < 2 * mib, peak


def test_regular_file_only_for_files_read_in_place(tmp_path: Path) -> None:
    """Files opened for reading bytes (from their position) are read in place; in-memory
    streams, pipes and readers whose ``fileno`` is not the bytes they give are not."""
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wb") as g:
        g.write(b'{"id":1}\n')
    with path.open("rb") as f:
        f.read(3)
        assert batch._regular_file(f) == (f.fileno(), 3)
    with path.open("rb", buffering=0) as raw:
        assert batch._regular_file(raw) == (raw.fileno(), 0)
    with gzip.open(path, "rb") as g:
        assert batch._regular_file(g) is None  # type: ignore[arg-type]
    assert batch._regular_file(io.BytesIO(b"{}\n")) is None
    r, w = os.pipe()
    with open(r, "rb") as pipe, open(w, "wb"):
        assert batch._regular_file(pipe) is None
    f = path.open("rb")
    f.close()
    assert batch._regular_file(f) is None


def _spans_then(change: Any) -> Any:
    """A ``_file_spans`` that finds every chunk of the file, then changes the file (before
    the workers read it), then hands the chunks on."""
    find = batch._file_spans

    def spans(fd: int, *args: Any, **kwargs: Any) -> Any:
        found = list(find(fd, *args, **kwargs))
        change()
        yield from found

    return spans


@pytest.mark.parametrize("how", ["cut", "moved", "longer line"])
def test_a_file_changed_while_read_is_an_error_and_nothing_is_written(
        tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers find other bytes than this process found (the file cut short, its
    lines moved though as long, a line over the limit no longer there): the run stops
    with ``InputChangedError`` and the output is not written."""
    lines = [line.encode() for line in _HOUSEHOLDS] * 4
    data = b"\n".join(lines) + b"\n"
    path = tmp_path / "in.jsonl"
    task = attrs.evolve(_TASK, limits=Limits(max_record_bytes=5000))
    if how == "longer line":
        data = data + b"x" * 6000 + b"\n"
    path.write_bytes(data)

    def change() -> None:
        if how == "cut":
            os.truncate(path, len(data) // 2)
        elif how == "moved":  # the same length: one line's end moved by a byte
            at = data.index(b"\n", len(data) // 2)
            path.write_bytes(data[:at] + b" " + data[at + 2:at + 3] + b"\n"
                             + data[at + 3:])
        else:
            path.write_bytes(data[:-6001] + b"\n" * 6001)

    if how == "moved":  # the change keeps the length; check it does move an end of line
        at = data.index(b"\n", len(data) // 2)
        assert data[at + 1:at + 3] != b" \n" and len(data) == len(data[:at] + b" x\n"
                                                                  + data[at + 3:])
    monkeypatch.setattr(batch, "_file_spans", _spans_then(change))
    out = tmp_path / "out.jsonl"
    with path.open("rb") as f, pytest.raises(batch.InputChangedError,
                                             match=r"in\.jsonl: the input file changed") as e:
        stream(f, out, task, workers=2, chunk_size=5, source_name="in.jsonl")
    assert not out.exists() and os.listdir(tmp_path) == ["in.jsonl"]
    what = "is not as long as it was" if how == "longer line" else "are not where they were"
    assert what in str(e.value)
    zh = e.value.render("zh")
    assert "输入文件在读取期间被改动" in zh and "（英文）" not in zh and "line" not in zh, zh


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_stream_of_a_file_in_other_encodings(tmp_path: Path, encoding: str) -> None:
    """GBK and UTF-16 (whose characters hold ``\\n`` bytes, split there as by the line
    reader) from a file with two workers: the bytes and statistics of the in-memory
    stream; the file's position moves on as chunks are read (a progress bar shows it)
    and is left at its end."""
    text = "\n".join([*_HOUSEHOLDS[:6], "", '{"id": "户"}', "not json", *_HOUSEHOLDS[6:]])
    data = text.encode(encoding) + "\r\n".encode(encoding) + b"\xff\xfe"
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    want = tmp_path / "want.jsonl"
    stats = stream(io.BytesIO(data), want, _TASK, workers=1, chunk_size=3, encoding=encoding,
                   source_name="in.jsonl")
    out = tmp_path / "out.jsonl"
    with path.open("rb") as f:
        read: list[int] = []  # where a progress bar finds the stream after each chunk
        got = stream(f, out, _TASK, workers=2, chunk_size=3, encoding=encoding,
                     source_name="in.jsonl", on_chunk=lambda n: read.append(f.tell()))
        assert f.tell() == len(data)
    assert read == sorted(read) and 0 < read[0] < len(data), read  # (reading runs ahead)
    assert out.read_bytes() == want.read_bytes() and got.to_json() == stats.to_json()


@pytest.mark.parametrize("sendfile", [True, False])
def test_a_spooled_block_is_copied_after_what_was_written(
        tmp_path: Path, sendfile: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A block a worker left in a spool file goes to the output after the lines written
    before it (flushed first), by the kernel or, where it cannot copy, read and written;
    only the block's bytes (a spool keeps a longer block's tail from before)."""
    spools = batch._spools(1)
    assert len(spools) == batch._IN_FLIGHT
    try:
        os.pwrite(spools[0], b'{"old":"longer block"}\n', 0)
        os.pwrite(spools[0], b'{"b":2}\n{"c":3}\n', 0)
        if not sendfile:
            def refuse(*args: Any) -> int:
                raise OSError(errno.EINVAL, "not here")
            monkeypatch.setattr(os, "sendfile", refuse)
        out = tmp_path / "out.jsonl"
        with out.open("wb") as f:
            n = batch._write_lines(f.write, [b'{"a":1}\n', batch._Spooled(spools[0], 16),
                                             b'{"d":4}\n'], count=False, file=f)
        assert n == 0
        assert out.read_bytes() == b'{"a":1}\n{"b":2}\n{"c":3}\n{"d":4}\n'
    finally:
        for fd in spools:
            os.close(fd)


def test_stream_of_a_file_from_its_position(tmp_path: Path) -> None:
    """A file whose first line the caller has read already (buffered ahead): two workers
    read from its position on, as the stream would, with its line numbers from 1."""
    rest = ("\n".join(_HOUSEHOLDS[:7]) + "\n").encode()
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"header": true}\n' + rest)
    want = tmp_path / "want.jsonl"
    stats = stream(io.BytesIO(rest), want, _TASK, chunk_size=2, source_name="in.jsonl")
    out = tmp_path / "out.jsonl"
    with path.open("rb") as f:
        assert f.readline() == b'{"header": true}\n'
        got = stream(f, out, _TASK, workers=2, chunk_size=2, source_name="in.jsonl")
    assert out.read_bytes() == want.read_bytes() and got.to_json() == stats.to_json()
    assert stats.records == 7
