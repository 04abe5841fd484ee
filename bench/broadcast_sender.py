"""The sender process of `bench.broadcast`: the service's own sender until the queue is empty.

python -m bench.broadcast_sender CHANNEL DATABASE_URL SETTINGS_JSON
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

from sqlmodel import Session, col, func, select

from storage.db import make_engine
from storage.models.messaging import OutboxMessage, OutboxStatus
from tests.factories import make_services


def open_rows(session: Session, channel: str) -> int:
    return session.exec(
        select(func.count()).where(
            OutboxMessage.channel == channel,
            col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
        )
    ).one()


async def main(channel: str, url: str, settings: dict[str, object]) -> None:
    engine = make_engine(url)
    services = make_services(
        engine,
        Path(tempfile.mkdtemp()),
        simulator_enabled=False,
        outbox_poll_seconds=0.2,
        sender_lease_seconds=5.0,
        **settings,
    )
    async with services.running():
        while True:
            with Session(engine) as session:
                if not open_rows(session, channel):
                    break
            await asyncio.sleep(0.2)
    engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3])))
