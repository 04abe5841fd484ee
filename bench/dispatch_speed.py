"""Throughput of the message pipeline: quick-capture reports through the dispatcher.

Each message is one full turn (dedupe, identity, state, parser, draft, outbox) in one
transaction. Prints messages per second and per-message latency percentiles.

    .venv/bin/python -m bench.dispatch_speed [--url DATABASE_URL] [--messages 500]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.dispatcher import Dispatcher
from handlers.messages import Inbound
from handlers.turn import HandlerConfig
from handlers.wiring import conversation
from storage.db import make_engine
from storage.migrate import upgrade
from tests.factories import add_person, seed_area

TEXTS = [
    "kmrn dampingi penyaluran BPNT di balai RW 05, 32 KPM hadir",
    "Simpan",
    "td pagi sosialisasi PKH di masjid rw 7, 25 org",
    "1",
]


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=None)
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--senders", type=int, default=50)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    engine = make_engine(args.url or f"sqlite:///{folder / 'bench.sqlite3'}")
    upgrade(engine)
    seed_area(engine)
    phones = [f"+628130000{n:04d}" for n in range(args.senders)]
    for phone in phones:
        add_person(engine, phone)
    dispatcher = Dispatcher(
        engine, HandlerConfig(), wiring=conversation(), draft_ttl=timedelta(hours=72)
    )
    latencies = []
    start = time.perf_counter()
    for n in range(args.messages):
        phone = phones[n % len(phones)]
        inbound = Inbound(
            channel="sim",
            address=phone,
            urn=f"sim:{phone}",
            external_id=uuid.uuid4().hex,
            received_at=datetime.now(UTC),
            text=TEXTS[(n // len(phones)) % len(TEXTS)],
        )
        began = time.perf_counter()
        dispatcher.dispatch(inbound)
        latencies.append((time.perf_counter() - began) * 1000)
    elapsed = time.perf_counter() - start
    latencies.sort()
    print(f"backend: {engine.dialect.name}")
    print(f"messages: {args.messages}, senders: {args.senders}")
    print(f"throughput: {args.messages / elapsed:.0f} messages/s")
    print(
        f"latency ms: median {statistics.median(latencies):.2f}, "
        f"p95 {latencies[int(len(latencies) * 0.95)]:.2f}, max {latencies[-1]:.2f}"
    )


if __name__ == "__main__":
    main()
