"""A sender process for the crash tests: the real service's sender and Telegram channel.

    python -m tests.bot.sending.sender_process

Configured by the environment (DATABASE_URL, TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL,
MEDIA_DIR, PSMBOT_HOLDER) with short claims and leases so that a takeover takes seconds.
SIGTERM stops it cleanly. With PSMBOT_CRASH_BEFORE_SEND=1, a message whose text contains
`CRASH-BEFORE-SEND` makes the process kill itself after claiming the row and before sending
it, as a crash at that moment would.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from dataclasses import replace

from bot.app import build_services
from bot.channels.base import RecordPart, SendResult
from bot.settings import Settings
from handlers.messages import OutboundMessage

CRASH_MARK = "CRASH-BEFORE-SEND"


def settings() -> Settings:
    """The service as a sender-only process."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        telegram_mode="webhook",
        telegram_webhook_secret="crash-test-secret",
        public_base_url="https://psmbot.example.org",
        scheduler_enabled=False,
        simulator_enabled=False,
        outbox_claim_seconds=float(os.environ.get("PSMBOT_CLAIM_SECONDS", "6")),
        sender_lease_seconds=float(os.environ.get("PSMBOT_LEASE_SECONDS", "2")),
        outbox_poll_seconds=0.2,
    )


async def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    services = build_services(settings())
    sender = services.sender
    sender.holder = os.environ.get("PSMBOT_HOLDER", sender.holder)
    sender.config = replace(
        sender.config,
        rescue_seconds=float(os.environ.get("PSMBOT_RESCUE_SECONDS", "1")),
        shutdown_grace_seconds=1.0,
    )
    telegram = services.adapters["telegram"]
    real_send = telegram.send
    crash = os.environ.get("PSMBOT_CRASH_BEFORE_SEND") == "1"

    async def send(message: OutboundMessage, record_part: RecordPart) -> SendResult:
        if crash and CRASH_MARK in message.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return await real_send(message, record_part)

    telegram.send = send  # type: ignore[method-assign]
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with services.running():
        print("running", flush=True)
        await stop.wait()
    print("stopped", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
