"""Load the HTTP service: N ``POST /assess`` requests at concurrency C against W workers.

    python benchmarks/serve.py                          # the run in the docs: 20,000 / 50 / 2
    python benchmarks/serve.py -n 2000 -c 10 --workers 1  # a quick one

The script starts ``revitalize serve --workers W`` on a free port of
127.0.0.1 (or uses ``--url``, which must be a loopback address), waits for
``/health``, then sends the packaged sample households (300, cycled) one per
request from C concurrent httpx connections. Each answer must be a 200 whose
``subject`` is the household sent: anything else is an error; a request that
gets no answer at all (timeout, reset) is *lost*. It prints the throughput, the
latency percentiles, the errors and the lost responses (target: 0 and 0), and
the machine's load average, since client and server share its cores.

The loop is bounded: N requests, a per-request timeout, and ``--max-seconds``
for the whole run, after which the remaining requests are not sent (and are
reported as not sent).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from importlib import resources
from urllib.parse import urlsplit

import httpx

ON = "2023-06-01"


def _households() -> list[tuple[str, bytes]]:
    text = (resources.files("revitalize") / "data" / "samples" / "households.jsonl").read_text(
        encoding="utf-8")
    return [(json.loads(line)["id"], line.encode("utf-8")) for line in text.splitlines()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _start(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "revitalize", "serve", "--port", str(port), "--workers",
         str(workers), "--log-level", "warning"], stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                time.sleep(2.0 * workers)  # let every worker finish starting
                return process, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not answer /health within 120 s")


async def _run(url: str, n: int, concurrency: int, detail: str, timeout: float,
               max_seconds: float) -> dict[str, object]:
    households = _households()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lost_kinds: dict[str, int] = {}
    lost = 0
    sent = 0
    next_index = 0
    start = time.perf_counter()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal next_index, sent, lost
        while next_index < n and time.perf_counter() - start < max_seconds:
            i = next_index
            next_index += 1
            subject, body = households[i % len(households)]
            sent += 1
            t = time.perf_counter()
            try:
                r = await client.post("/assess", params={"on": ON, "detail": detail},
                                      content=body,
                                      headers={"Content-Type": "application/json"})
            except httpx.HTTPError as exc:
                lost += 1
                kind = f"{type(exc).__name__}: {exc}"[:80]
                lost_kinds[kind] = lost_kinds.get(kind, 0) + 1
                continue
            latencies.append(time.perf_counter() - t)
            if r.status_code != 200:
                errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
            elif r.json().get("subject") != subject:
                errors["wrong subject"] = errors.get("wrong subject", 0) + 1

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    wall = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": n, "sent": sent, "not_sent": n - sent, "answered": len(latencies),
        "lost": lost, "lost_kinds": lost_kinds, "errors": sum(errors.values()),
        "error_kinds": errors,
        "wall_s": round(wall, 2), "throughput_rps": round(len(latencies) / wall, 1),
        "p50_ms": round(pct(0.50), 1), "p90_ms": round(pct(0.90), 1),
        "p99_ms": round(pct(0.99), 1), "max_ms": round(latencies[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="requests (default 20000)")
    parser.add_argument("-c", "--concurrency", type=int, default=50,
                        help="concurrent connections (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="server workers (default 2)")
    parser.add_argument("--detail", choices=("full", "summary"), default="full")
    parser.add_argument("--url", help="a running server on a loopback address")
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--max-seconds", type=float, default=1800.0,
                        help="stop sending after this long (default 1800)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    if args.url and not _loopback(args.url):
        raise SystemExit("--url must be a loopback address (127.0.0.0/8, ::1, localhost)")
    process, url = (None, args.url) if args.url else _start(args.workers)
    try:
        result = asyncio.run(_run(url, args.n, args.concurrency, args.detail, args.timeout,
                                  args.max_seconds))
    finally:
        if process is not None:
            process.terminate()
            process.wait(30)
    result.update({"concurrency": args.concurrency, "workers": args.workers,
                   "detail": args.detail, "cpus": os.cpu_count(),
                   "load_average_after": [round(x, 2) for x in os.getloadavg()]})
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"POST /assess × {result['requests']:,} at concurrency {args.concurrency} against "
          f"{args.workers} worker(s), detail={args.detail}, {result['cpus']} CPUs")
    print(f"  answered {result['answered']:,} in {result['wall_s']} s: "
          f"{result['throughput_rps']} requests/s")
    print(f"  latency ms: p50 {result['p50_ms']}  p90 {result['p90_ms']}  "
          f"p99 {result['p99_ms']}  max {result['max_ms']}  mean {result['mean_ms']}")
    print(f"  errors {result['errors']} {result['error_kinds'] or ''}  lost {result['lost']} "
          f"{result['lost_kinds'] or ''}  not sent {result['not_sent']}")
    print(f"  load average after the run: {result['load_average_after']}")


if __name__ == "__main__":
    main()
