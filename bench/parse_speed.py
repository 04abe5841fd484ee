"""Parser speed: parse every labelled message many times; print messages/s and median ms.

Run from the project root: `.venv/bin/python bench/parse_speed.py [--rounds N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.parsing import parse_message  # noqa: E402
from handlers.parsing.evaluate import load_rows  # noqa: E402

DATA = ROOT / "tests" / "handlers" / "parsing" / "data"


def main() -> None:
    """Time parse_message over all jsonl messages and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200, help="passes over all messages")
    args = parser.parse_args()

    messages = [
        (row["text"], dt.datetime.fromisoformat(row["now"]))
        for path in sorted(DATA.glob("messages-*.jsonl"))
        for row in load_rows(path)
    ]
    for text, now in messages:  # warm-up: compiled patterns, caches
        parse_message(text, now)

    per_message: list[float] = []
    started = time.perf_counter()
    for _ in range(args.rounds):
        for text, now in messages:
            t0 = time.perf_counter()
            parse_message(text, now)
            per_message.append(time.perf_counter() - t0)
    total = time.perf_counter() - started

    long_text = ("Lapor, kemarin dampingi penyaluran BPNT di RW 05, 32 KPM hadir 🙏 " * 80)[:5000]
    long_times = []
    for _ in range(50):
        t0 = time.perf_counter()
        parse_message(long_text, messages[0][1])
        long_times.append(time.perf_counter() - t0)

    count = len(per_message)
    print(f"messages: {len(messages)} x {args.rounds} rounds = {count} parses")
    print(f"throughput: {count / total:,.0f} messages/second")
    print(f"median: {statistics.median(per_message) * 1000:.3f} ms/message")
    print(f"p95: {sorted(per_message)[int(count * 0.95)] * 1000:.3f} ms/message")
    print(f"max: {max(per_message) * 1000:.3f} ms/message")
    print(f"5,000-char paste median: {statistics.median(long_times) * 1000:.3f} ms")


if __name__ == "__main__":
    main()
