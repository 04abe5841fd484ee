"""Claiming from the outbox as its history grows: 0, 100k and 500k sent rows, both databases.

The history is spread over the same chats that have open rows (the worst case for the check
that only a chat's first open row is claimed). At each size the claim of one sender (8 rows
of the interactive lane) is timed many times, each in a transaction rolled back afterwards so
the queue stays the same; then the claim statement's plan is printed (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN ANALYZE on PostgreSQL). Prints a table and writes JSON to bench/results/.

    .venv/bin/python -m bench.outbox [--url postgresql://...] [--sizes 0,100000,500000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, text
from sqlmodel import Session

from bench.delivery import drop_schema, fresh_schema
from storage import outbox
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models.messaging import Lane, OutboxMessage, OutboxStatus

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
RESULTS = Path(__file__).parent / "results"
CHATS = 2_000
PENDING = 400
CHUNK = 20_000


def add_rows(engine: Engine, count: int, *, status: OutboxStatus, start: int) -> None:
    """`count` rows over the chats; sent ones are a week old."""
    now = datetime.now(UTC)
    made = now - timedelta(days=7) if status == OutboxStatus.SENT else now - timedelta(seconds=5)
    for first in range(0, count, CHUNK):
        rows = [
            {
                "channel": "telegram",
                "address": str(100_000 + (start + n) % CHATS),
                "payload": {"text": f"pesan {start + n}"},
                "kind": "reply",
                "lane": int(Lane.INTERACTIVE),
                "status": status,
                "attempts": 1 if status == OutboxStatus.SENT else 0,
                "part_ids": [],
                "created_at": made,
                "next_attempt_at": made,
                "sent_at": made if status == OutboxStatus.SENT else None,
            }
            for n in range(first, min(count, first + CHUNK))
        ]
        with engine.begin() as connection:
            connection.execute(insert(OutboxMessage), rows)


def claim_once(engine: Engine) -> tuple[float, int]:
    """One claim, timed, then rolled back; (milliseconds, rows claimed)."""
    with Session(engine) as session:
        session.begin()
        began = time.perf_counter()
        claimed = outbox.claim(
            session=session,
            channel="telegram",
            lane=Lane.INTERACTIVE,
            holder="bench",
            now=datetime.now(UTC),
            limit=8,
            visibility=timedelta(seconds=45),
        )
        elapsed = (time.perf_counter() - began) * 1000
        session.rollback()
    return elapsed, len(claimed)


def claim_statement(engine: Engine) -> tuple[str, Any]:
    """The SQL and parameters of the claim, as sent to the database."""
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        claim_once(engine)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return seen[-1]


def plan(engine: Engine) -> list[str]:
    """The claim's plan: EXPLAIN QUERY PLAN (SQLite) or EXPLAIN ANALYZE (PostgreSQL)."""
    statement, parameters = claim_statement(engine)
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE "
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(prefix + statement, parameters)
        rows = cursor.fetchall()
        connection.rollback()
    finally:
        connection.close()
    if engine.dialect.name == "sqlite":
        return [f"{row[0]}|{row[1]} {row[3]}" for row in rows]
    return [row[0] for row in rows]


def measure(engine: Engine, sizes: list[int], repeats: int) -> list[dict[str, Any]]:
    add_rows(engine, PENDING, status=OutboxStatus.PENDING, start=0)
    figures = []
    history = 0
    for size in sizes:
        add_rows(engine, size - history, status=OutboxStatus.SENT, start=history)
        history = size
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:  # what autovacuum does after a bulk of rows
                connection.execute(text("ANALYZE outboxmessage"))
                connection.commit()
        claim_once(engine)  # warm the cache
        times, claimed = [], 0
        for _ in range(repeats):
            elapsed, claimed = claim_once(engine)
            times.append(elapsed)
        times.sort()
        figures.append(
            {
                "database": engine.dialect.name,
                "history": size,
                "claimed": claimed,
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
                "plan": plan(engine),
            }
        )
        print(f"  {engine.dialect.name} at {size:>7} rows: {figures[-1]['median_ms']} ms")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=DEFAULT_URL, help="PostgreSQL (a schema of its own)")
    parser.add_argument("--sizes", default="0,100000,500000")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    figures = []
    folder = Path(tempfile.mkdtemp())
    sqlite = make_engine(f"sqlite:///{folder / 'outbox.sqlite3'}")
    upgrade(sqlite)
    figures += measure(sqlite, sizes, args.repeats)
    sqlite.dispose()
    if not args.no_postgres:
        url, schema = fresh_schema(args.url)
        engine = make_engine(url)
        try:
            figures += measure(engine, sizes, args.repeats)
        finally:
            engine.dispose()
            drop_schema(args.url, schema)
    print(f"\n{'database':<11}{'history':>9}{'claimed':>9}{'median ms':>11}{'p95 ms':>9}")
    for row in figures:
        print(
            f"{row['database']:<11}{row['history']:>9}{row['claimed']:>9}"
            f"{row['median_ms']:>11}{row['p95_ms']:>9}"
        )
    for row in figures:
        if row["history"] == max(sizes):
            print(f"\nplan, {row['database']}, {row['history']} rows of history:")
            print("\n".join(f"  {line}" for line in row["plan"]))
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"outbox-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    target.write_text(json.dumps(figures, indent=2))
    print(f"\nwritten: {target}")


if __name__ == "__main__":
    main()
