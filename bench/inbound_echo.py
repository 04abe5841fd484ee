"""The baseline of `bench.inbound`: Starlette under uvicorn, one INSERT and one SELECT a request.

python -m bench.inbound_echo DATABASE_URL PORT
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime

import uvicorn
from sqlalchemy import Engine
from sqlmodel import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storage.db import make_engine, transaction
from storage.models.messaging import InboundMessage


def store(engine: Engine, update_id: int) -> int:
    with transaction(engine) as session:
        session.add(
            InboundMessage(
                channel="echo",
                external_id=str(update_id),
                urn=f"echo:{update_id}",
                received_at=datetime.now(UTC),
            )
        )
        session.flush()
        found = session.exec(
            select(InboundMessage.id).where(
                InboundMessage.channel == "echo", InboundMessage.external_id == str(update_id)
            )
        ).one()
    return int(found or 0)


def app(engine: Engine) -> Starlette:
    async def echo(request: Request) -> Response:
        data = json.loads(await request.body())
        await asyncio.to_thread(store, engine, int(data["update_id"]))
        return Response(status_code=200)

    async def healthz(_request: Request) -> Response:
        return Response("ok")

    return Starlette(routes=[Route("/echo", echo, methods=["POST"]), Route("/healthz", healthz)])


if __name__ == "__main__":
    url, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run(app(make_engine(url)), host="127.0.0.1", port=port, log_level="warning")
