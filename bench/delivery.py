"""Delivery under load: three sender processes on one PostgreSQL, one killed in the middle.

A province's Friday: thousands of bulk messages (nudges) to distinct chats, ten ordered
messages to each of a hundred chats, and a live stream of replies, sent by three `psmbot`
sender processes against a fake Telegram that enforces Telegram's limits (30 messages per
second overall, one per second per chat) and answers 429 beyond them. A third of the way
through, the process holding the sender lease is killed with SIGKILL. Printed: duplicates,
losses, order violations, refusals, peak send rate, reply latency during the bulk, and the
gap the kill left. Also written as JSON.

    .venv/bin/python -m bench.delivery [--url postgresql://...] [--bulk 3000] [--json FILE]

Production timings by default (claims of 45 s renewed while sending, 15 s leases, a rescue
pass every 10 s); `--fast` uses 6 s claims and 2 s leases.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text

from storage import outbox
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.models.messaging import Lane, OutboxMessage, OutboxStatus
from tests.bot.sending.processes import SenderProcess, sender_lease_holder, settled
from tests.fakes.telegram_api import FakeTelegram, shared_fake

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ORDERED_CHATS = [10_000 + n for n in range(100)]
PER_ORDERED_CHAT = 10
LIVE_CHATS = [30_000 + n for n in range(40)]


def fresh_schema(url: str) -> tuple[str, str]:
    """A new, migrated schema for the run; (its URL, its name)."""
    schema = f"psmbot_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    separator = "&" if "?" in url else "?"
    schema_url = f"{url}{separator}options=-csearch_path%3D{schema}"
    engine = make_engine(schema_url)
    upgrade(engine)
    engine.dispose()
    return schema_url, schema


def drop_schema(url: str, schema: str) -> None:
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def enqueue_bulk(engine: Engine, bulk: int) -> set[str]:
    """The ordered series and the single nudges, in one insert; their texts."""
    now = datetime.now(UTC)
    texts = [(chat, f"{chat}:{n}") for n in range(PER_ORDERED_CHAT) for chat in ORDERED_CHATS] + [
        (20_000 + n, f"{20_000 + n}:0") for n in range(bulk)
    ]
    with transaction(engine) as session:
        session.execute(
            insert(OutboxMessage),
            [
                {
                    "channel": "telegram",
                    "address": str(chat),
                    "kind": "nudge",
                    "lane": int(Lane.BULK),
                    "payload": {"text": body},
                    "status": OutboxStatus.PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                    "part_ids": [],
                }
                for chat, body in texts
            ],
        )
    return {body for _chat, body in texts}


def enqueue_reply(engine: Engine, n: int) -> str:
    chat = LIVE_CHATS[n % len(LIVE_CHATS)]
    body = f"{chat}:reply:{n}"
    with transaction(engine) as session:
        outbox.enqueue(
            session=session,
            channel="telegram",
            address=str(chat),
            payload={"text": body},
            now=datetime.now(UTC),
        )
    return body


def peak_rate(times: list[float], window: float = 1.0) -> int:
    """The most sends in any window of `window` seconds."""
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while times[start] <= moment - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def run(args: argparse.Namespace) -> dict[str, Any]:
    url, schema = fresh_schema(args.url)
    engine = make_engine(url)
    fake: FakeTelegram = shared_fake()
    fake.reset()
    workdir = Path(tempfile.mkdtemp(prefix="psmbot-bench-"))
    claim, lease, rescue = ("6", "2", "1") if args.fast else ("45", "15", "10")
    timings = {
        "PSMBOT_CLAIM_SECONDS": claim,
        "PSMBOT_LEASE_SECONDS": lease,
        "PSMBOT_RESCUE_SECONDS": rescue,
    }
    processes = [SenderProcess(url, fake, workdir, f"sender-{n}", **timings) for n in range(3)]
    try:
        expected = enqueue_bulk(engine, args.bulk)
        total = len(expected)
        enqueued_at: dict[str, float] = {}
        started = time.monotonic()
        killed_at: float | None = None
        killed: str | None = None
        n = 0
        next_reply = started
        while len(fake.sent) < total + len(enqueued_at):
            now = time.monotonic()
            if now >= next_reply and len(fake.sent) < total:
                body = enqueue_reply(engine, n)
                enqueued_at[body] = time.monotonic()
                n += 1
                next_reply = now + 1.0 / args.reply_rate
            if killed is None and len(fake.sent) >= total // 3:
                killed = sender_lease_holder(engine)
                for process in processes:
                    if process.holder == killed:
                        process.kill()
                killed_at = time.monotonic()
                print(f"killed {killed} after {len(fake.sent)} sends", flush=True)
            if now - started > args.timeout:
                raise SystemExit(f"not drained after {args.timeout} s: {len(fake.sent)} sent")
            time.sleep(0.05)
        while not settled(engine):
            time.sleep(0.2)
        elapsed = time.monotonic() - started
    finally:
        for process in processes:
            process.close()
    sent = list(fake.sent)
    bodies = [s.text or "" for s in sent]
    arrived = {s.text: s.at for s in sent}
    duplicates = len(bodies) - len(set(bodies))
    lost = len((expected | set(enqueued_at)) - set(bodies))
    violations = 0
    for chat in ORDERED_CHATS:
        got = [int(b.rsplit(":", 1)[1]) for b in fake.texts_to(chat)]
        violations += sum(1 for a, b in itertools.pairwise(got) if b <= a)
    gap = 0.0
    if killed_at is not None:
        before = [s.at for s in sent if s.at <= killed_at]
        after = [s.at for s in sent if s.at > killed_at]
        gap = (min(after) - max(before)) if before and after else 0.0
    # Replies asked for while no sender was alive wait for the takeover; the others should not.
    window = (killed_at - 1.0, killed_at + gap + 1.0) if killed_at is not None else (0.0, 0.0)
    latencies = sorted(
        arrived[body] - at
        for body, at in enqueued_at.items()
        if body in arrived and not window[0] <= at <= window[1]
    )
    waited = sorted(
        arrived[body] - at
        for body, at in enqueued_at.items()
        if body in arrived and window[0] <= at <= window[1]
    )
    result = {
        "messages": len(expected) + len(enqueued_at),
        "bulk": len(expected),
        "replies": len(enqueued_at),
        "seconds": round(elapsed, 1),
        "duplicates": duplicates,
        "lost": lost,
        "order_violations": violations,
        "refusals_429": fake.flood_refusals,
        "peak_sends_per_second": peak_rate([s.at for s in sent]),
        "limit_per_second": 30,
        "reply_latency_p50_s": round(statistics.median(latencies), 2) if latencies else None,
        "reply_latency_p95_s": round(latencies[int(len(latencies) * 0.95) - 1], 2)
        if latencies
        else None,
        "reply_latency_max_s": round(latencies[-1], 2) if latencies else None,
        "killed": killed,
        "gap_after_kill_s": round(gap, 1),
        "replies_during_takeover": len(waited),
        "their_latency_max_s": round(waited[-1], 2) if waited else None,
    }
    engine.dispose()
    drop_schema(args.url, schema)
    return result


def main() -> None:
    """Run the scenario and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="PostgreSQL (a schema is made)")
    parser.add_argument("--bulk", type=int, default=3_000, help="single nudges, one per chat")
    parser.add_argument("--reply-rate", type=float, default=2.0, help="live replies per second")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--fast", action="store_true", help="short claims and leases")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    random.seed(1)
    result = run(args)
    width = max(len(key) for key in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
