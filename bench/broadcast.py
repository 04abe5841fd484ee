"""A broadcast against platforms that count strictly: 3,000 messages to 3,000 chats.

The fakes count each request when it arrives, after a random network delay (0-30 ms each way
by default), in strict sliding windows with no tolerance: Telegram 30 per second overall and 1
per second per chat, Twilio its configured messages per second. A send beyond a limit is
refused (429) and counted. The service's own sender (one process, the real channel and
limiter) delivers the queue; printed per platform: the time taken against the ideal time at
the ceiling, refusals and duplicates. Also written as JSON to bench/results/.

    .venv/bin/python -m bench.broadcast [--messages 3000] [--twilio-rate 10] [--jitter 0.03]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from storage.db import make_engine
from storage.migrate import upgrade
from storage.models.messaging import Lane, OutboxMessage, OutboxStatus
from storage.models.people import Identity
from tests.fakes.telegram_api import FakeLimits, FakeTelegram
from tests.fakes.telegram_http import serve_in_thread
from tests.fakes.twilio_api import FakeTwilio

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"


class StrictWindow:
    """At most `count` arrivals in any `seconds`, counted with no tolerance."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count, self.seconds = count, seconds
        self.arrivals: deque[float] = deque()
        self.lock = threading.Lock()

    def admit(self, now: float) -> bool:
        with self.lock:
            while self.arrivals and self.arrivals[0] <= now - self.seconds:
                self.arrivals.popleft()
            if len(self.arrivals) >= self.count:
                return False
            self.arrivals.append(now)
            return True


class JitteryTelegram(FakeTelegram):
    """The fake Telegram, strict (no tolerance), with a random delay each way."""

    jitter = 0.03

    async def handle(self, method: str, params: dict[str, Any]) -> Any:
        await asyncio.sleep(random.uniform(0, self.jitter))  # on the way there
        try:
            return await super().handle(method, params)
        finally:
            await asyncio.sleep(random.uniform(0, self.jitter))  # the answer's way back


class JitteryTwilio(FakeTwilio):
    """The fake Twilio with a strict rate of its own and a random delay each way."""

    def __init__(self, rate: float, jitter: float) -> None:
        super().__init__()
        count = max(1, round(rate))
        self.window = StrictWindow(count, count / rate)
        self.jitter = jitter
        self.refusals = 0

    def _create_message(
        self, form: dict[str, list[str]]
    ) -> tuple[int, dict[str, Any], float | None]:
        time.sleep(random.uniform(0, self.jitter))
        try:
            if not self.window.admit(time.monotonic()):
                with self._lock:
                    self.refusals += 1
                body = {"code": 20429, "message": "Too Many Requests", "status": 429}
                return 429, body, 1.0
            return super()._create_message(form)
        finally:
            time.sleep(random.uniform(0, self.jitter))


def queue_broadcast(engine: Engine, channel: str, addresses: list[str]) -> None:
    now = datetime.now(UTC)
    with engine.begin() as connection:
        if channel == "whatsapp":  # everyone wrote lately: inside WhatsApp's 24-hour window
            connection.execute(
                insert(Identity),
                [
                    {
                        "urn": f"whatsapp:{a}",
                        "channel": "whatsapp",
                        "address": a,
                        "created_at": now,
                        "last_inbound_at": now - timedelta(minutes=10),
                    }
                    for a in addresses
                ],
            )
        connection.execute(
            insert(OutboxMessage),
            [
                {
                    "channel": channel,
                    "address": address,
                    "payload": {"text": f"Pengingat laporan mingguan {n}", "options": []},
                    "kind": "nudge",
                    "lane": int(Lane.BULK),
                    "status": OutboxStatus.PENDING,
                    "attempts": 0,
                    "part_ids": [],
                    "created_at": now,
                    "next_attempt_at": now,
                }
                for n, address in enumerate(addresses)
            ],
        )


def deliver(channel: str, url: str, **settings: object) -> None:
    """Run the service's sender in a process of its own until the channel's queue is empty.

    Its own process, as in production: the platform (here the fake, in this process) does
    not share the sender's interpreter.
    """
    command = [sys.executable, "-m", "bench.broadcast_sender", channel, url, json.dumps(settings)]
    subprocess.run(command, check=True, cwd=ROOT, timeout=3600)


def figures(
    platform: str, messages: int, rate: float, arrivals: list[tuple[str, float]], refused: int
) -> dict[str, Any]:
    """From the arrivals at the fake: (chat, monotonic time) of each accepted send."""
    times = sorted(at for _chat, at in arrivals)
    seconds = times[-1] - times[0] if len(times) > 1 else 0.0
    # The fastest a strict window allows: a full window at once, then one a period.
    count = max(1, round(rate))
    ideal = (math.ceil(messages / count) - 1) * count / rate
    duplicates = sum(count - 1 for count in Counter(c for c, _ in arrivals).values() if count > 1)
    return {
        "platform": platform,
        "messages": messages,
        "ceiling_per_s": rate,
        "seconds": round(seconds, 1),
        "ideal_seconds": round(ideal, 1),
        "share_of_ceiling": round(ideal / seconds, 3) if seconds else None,
        "refusals": refused,
        "refusals_per_1000": round(1000 * refused / messages, 1),
        "duplicates": duplicates,
        "delivered": len({chat for chat, _ in arrivals}),
    }


def telegram_run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    fake = JitteryTelegram()
    fake.jitter = args.jitter
    fake.port = serve_in_thread(fake)
    fake.reset(FakeLimits(tolerance_seconds=0.0))
    url = args.url or f"sqlite:///{folder / 'telegram.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    queue_broadcast(engine, "telegram", [str(500_000 + n) for n in range(args.messages)])
    engine.dispose()
    deliver(
        "telegram",
        url,
        telegram_bot_token=fake.token,
        telegram_api_base_url=fake.url,
        telegram_mode="webhook",
        telegram_webhook_secret="broadcast-bench",
        public_base_url="https://psmbot.example.org",
    )
    arrivals = [(str(sent.chat_id), sent.at) for sent in fake.sent]
    return figures("telegram", args.messages, 30.0, arrivals, fake.flood_refusals)


def twilio_run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    with JitteryTwilio(args.twilio_rate, args.jitter) as fake:
        url = args.url or f"sqlite:///{folder / 'twilio.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        queue_broadcast(engine, "whatsapp", [f"+6281{n:08d}" for n in range(args.messages)])
        engine.dispose()
        deliver("whatsapp", url, **fake.settings(twilio_messages_per_second=args.twilio_rate))
        arrivals = [(message.to, message.at) for message in fake.messages]
        return figures("twilio", args.messages, args.twilio_rate, arrivals, fake.refusals)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--twilio-rate", type=float, default=10.0)
    parser.add_argument("--jitter", type=float, default=0.03, help="seconds, each way, at most")
    parser.add_argument("--url", default=None, help="a fresh database (default: SQLite)")
    parser.add_argument("--only", choices=["telegram", "twilio"], default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    results = []
    if args.only in (None, "telegram"):
        results.append(telegram_run(args, folder))
    if args.only in (None, "twilio"):
        results.append(twilio_run(args, folder))
    print(
        f"{'platform':<10}{'msgs':>6}{'ceiling/s':>11}{'seconds':>9}{'ideal':>8}"
        f"{'share':>7}{'429s':>6}{'dups':>6}{'delivered':>11}"
    )
    for row in results:
        print(
            f"{row['platform']:<10}{row['messages']:>6}{row['ceiling_per_s']:>11}"
            f"{row['seconds']:>9}{row['ideal_seconds']:>8}{row['share_of_ceiling']:>7}"
            f"{row['refusals']:>6}{row['duplicates']:>6}{row['delivered']:>11}"
        )
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"broadcast-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    target.write_text(json.dumps({"jitter_s": args.jitter, "runs": results}, indent=2))
    print(f"written: {target}")


if __name__ == "__main__":
    main()
