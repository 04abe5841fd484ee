"""Inbound turns over the Telegram webhook, against an echo endpoint of the same framework.

`psmbot serve` processes (1, then 2) take Telegram webhooks from a load generator at
concurrency 1, 8 and 32; each update is a registered PSM's plain text (quick captures and
their confirmations, as in `bench.dispatch_speed`). The baseline, run interleaved with it
(A B A B), is a Starlette app served by uvicorn the same way that does one INSERT and one
SELECT per request. Printed per run: messages per second, p50/p99 latency and CPU per message
of the serving processes (the fake Telegram and the load generator are not counted). Before
that, SQL statements per turn are counted in-process with a SQLAlchemy event listener.

    .venv/bin/python -m bench.inbound [--url postgresql://...] [--sqlite] [--code-root DIR]

`--code-root` runs the serve processes from another checkout (a before/after comparison).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.delivery import drop_schema
from bench.inbound_counts import count_statements
from bench.inbound_setup import SECRET, seed_people, update_for
from tests.fakes.telegram_api import FakeLimits, shared_fake

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
SERVE_PORTS = [8650, 8651, 8652]
ECHO_PORTS = [8655, 8656, 8657]


class Served:
    """Processes listening on ports, with their CPU time read from /proc."""

    def __init__(self, commands: list[tuple[list[str], int]], env: dict[str, str], cwd: Path):
        self.ports = [port for _, port in commands]
        self.processes: list[subprocess.Popen[bytes]] = []
        self.log = Path(tempfile.mkstemp(suffix=".log")[1])
        try:
            for command, port in commands:
                port_free(port)
                with self.log.open("ab") as log:
                    self.processes.append(
                        subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)
                    )
                wait_healthy(port, self)
        except BaseException:
            self.stop()
            raise

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for process in self.processes:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def port_free(port: int) -> None:
    """Refuse to start where something already listens (it would answer for us)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"port {port} is taken: stop what listens there first")


def wait_healthy(port: int, served: Served, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in served.processes):
            raise RuntimeError(f"a process died: see {served.log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code < 600:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError(f"port {port} never answered: see {served.log}")


def serve_env(url: str, code_root: Path, fake_url: str, media: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(code_root),
        "DATABASE_URL": url,
        "ENVIRONMENT": "test",
        "TELEGRAM_BOT_TOKEN": shared_fake().token,
        "TELEGRAM_API_BASE_URL": fake_url,
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "PUBLIC_BASE_URL": "https://psmbot.example.org",
        "SCHEDULER_ENABLED": "false",
        "SIMULATOR_ENABLED": "false",
        "MEDIA_DIR": str(media),
        "ENCRYPTION_KEY_FILE": str(media / "encryption.key"),
        "LOG_LEVEL": "WARNING",
    }


async def load(
    urls: list[str], bodies: list[dict[str, Any]], concurrency: int, seconds: float
) -> dict[str, Any]:
    """Post bodies at `concurrency` for `seconds`; throughput and latency."""
    latencies: list[float] = []
    errors = 0
    queue = iter(bodies)
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency * len(urls) + 4)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def worker(n: int) -> None:
            nonlocal errors
            url = urls[n % len(urls)]
            while time.monotonic() < deadline:
                body = next(queue, None)
                if body is None:
                    return
                began = time.perf_counter()
                answer = await client.post(
                    url, json=body, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
                )
                latencies.append((time.perf_counter() - began) * 1000)
                if answer.status_code != 200:
                    errors += 1

        began = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "messages": len(latencies),
        "errors": errors,
        "per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1) if latencies else None,
    }


def timed(served: Served, run: Any) -> dict[str, Any]:
    cpu = served.cpu_seconds()
    figures: dict[str, Any] = asyncio.run(run)
    used = served.cpu_seconds() - cpu
    figures["cpu_ms_per_msg"] = round(1000 * used / max(1, figures["messages"]), 2)
    return figures


def backend_runs(args: argparse.Namespace, url: str, label: str) -> list[dict[str, Any]]:
    fake = shared_fake()
    fake.reset(FakeLimits(overall=1_000_000, per_chat_seconds=0.0))
    media = Path(tempfile.mkdtemp())
    env = serve_env(url, args.code_root, fake.url, media)
    python = sys.executable
    serve = [python, "-c", "from bot.cli import app; app()", "serve", "--host", "127.0.0.1"]
    echo = [python, "-m", "bench.inbound_echo"]
    results = []
    first = Served([([*serve, "--port", str(SERVE_PORTS[0])], SERVE_PORTS[0])], env, args.code_root)
    first.stop()  # the schema is migrated; the people go in before any turn
    users = seed_people(url, args.people)
    counter = iter(range(1, 10_000_000))
    for processes in args.processes:
        ports = SERVE_PORTS[:processes]
        served = Served([([*serve, "--port", str(p)], p) for p in ports], env, args.code_root)
        echo_env = {**env, "PYTHONPATH": str(ROOT)}
        echoes = Served([([*echo, url, str(p)], p) for p in ECHO_PORTS[:processes]], echo_env, ROOT)
        try:
            warm = [update_for(users, next(counter)) for _ in range(args.warmup)]
            asyncio.run(
                load([f"http://127.0.0.1:{p}/telegram/webhook" for p in ports], warm, 4, 60)
            )
            warm = [update_for(users, next(counter)) for _ in range(args.warmup)]
            asyncio.run(load([f"http://127.0.0.1:{p}/echo" for p in echoes.ports], warm, 4, 60))
            for concurrency in args.concurrency:
                for _ in range(args.rounds):
                    for kind, target, targets in (
                        ("echo", echoes, [f"http://127.0.0.1:{p}/echo" for p in echoes.ports]),
                        (
                            "webhook",
                            served,
                            [f"http://127.0.0.1:{p}/telegram/webhook" for p in ports],
                        ),
                    ):
                        bodies = [update_for(users, next(counter)) for _ in range(200_000 // 10)]
                        figures = timed(target, load(targets, bodies, concurrency, args.seconds))
                        figures.update(
                            database=label,
                            endpoint=kind,
                            processes=processes,
                            concurrency=concurrency,
                        )
                        print(
                            f"  {label} {kind:<8} x{processes} c{concurrency:<3} "
                            f"{figures['per_s']:>7}/s p99 {figures['p99_ms']} ms "
                            f"cpu {figures['cpu_ms_per_msg']} ms errors {figures['errors']}",
                            flush=True,
                        )
                        results.append(figures)
        finally:
            served.stop()
            echoes.stop()
    return results


def summary(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Medians over the rounds, per (database, endpoint, processes, concurrency)."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in results:
        key = (row["database"], row["endpoint"], row["processes"], row["concurrency"])
        groups.setdefault(key, []).append(row)
    rows = []
    for (database, endpoint, processes, concurrency), runs in groups.items():
        rows.append(
            {
                "database": database,
                "endpoint": endpoint,
                "processes": processes,
                "concurrency": concurrency,
                "per_s": round(statistics.median(r["per_s"] for r in runs), 1),
                "p99_ms": round(statistics.median(r["p99_ms"] or 0 for r in runs), 1),
                "cpu_ms_per_msg": round(statistics.median(r["cpu_ms_per_msg"] for r in runs), 2),
                "errors": sum(r["errors"] for r in runs),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--code-root", type=Path, default=ROOT)
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=100, help="turns before measuring")
    parser.add_argument("--no-count", action="store_true")
    args = parser.parse_args()
    args.processes = [int(n) for n in args.processes.split(",")]
    args.concurrency = [int(n) for n in args.concurrency.split(",")]
    args.code_root = args.code_root.resolve()
    output: dict[str, Any] = {"code_root": str(args.code_root)}
    if not args.no_count and args.code_root == ROOT:
        output["statements"] = count_statements()
        print(f"statements: {output['statements']}", flush=True)
    results: list[dict[str, Any]] = []
    if not args.no_sqlite:
        folder = Path(tempfile.mkdtemp())
        url = f"sqlite:///{folder / 'inbound.sqlite3'}"
        results += backend_runs(args, url, "sqlite")
    if not args.no_postgres:
        url, schema = fresh_schema_plain(args.url)
        try:
            results += backend_runs(args, url, "postgresql")
        finally:
            drop_schema(args.url, schema)
    rows = summary(results)
    output.update(runs=results, summary=rows)
    print(
        f"\n{'database':<11}{'endpoint':<9}{'procs':>6}{'conc':>6}{'msg/s':>8}{'p99 ms':>9}"
        f"{'cpu ms':>8}{'errors':>8}"
    )
    for row in rows:
        print(
            f"{row['database']:<11}{row['endpoint']:<9}{row['processes']:>6}"
            f"{row['concurrency']:>6}{row['per_s']:>8}{row['p99_ms']:>9}"
            f"{row['cpu_ms_per_msg']:>8}{row['errors']:>8}"
        )
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"inbound-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    target.write_text(json.dumps(output, indent=2))
    print(f"written: {target}")


def fresh_schema_plain(url: str) -> tuple[str, str]:
    """A new, empty schema (each checkout's `serve` migrates it); (its URL, its name)."""
    from sqlalchemy import text

    from storage.db import make_engine

    schema = f"psmbot_inbound_{os.getpid()}_{int(time.time())}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}", schema


if __name__ == "__main__":
    main()
