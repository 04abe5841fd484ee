"""`psmbot chat`: the simulator channel in a terminal, one stdin line per message."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from sqlmodel import Session

from bot.app import Services
from bot.media import MediaRejected, store_media
from handlers.messages import Inbound, InboundMedia, Location
from storage.outbox_views import messages_for

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}


def build_inbound(
    services: Services, phone: str, line: str, *, display_name: str | None = None
) -> Inbound | str:
    """The message a typed line stands for, or an error text for the terminal user."""
    now = datetime.now(UTC)
    text, media, location, rejected = line, (), None, None
    media_list: tuple[InboundMedia, ...] = media
    if line.startswith("/photo"):
        parts = line.split(maxsplit=2)
        if len(parts) < 2:
            return "usage: /photo PATH [caption]"
        path = Path(parts[1]).expanduser()
        if not path.is_file():
            return f"no such file: {path}"
        try:
            media_list = (
                store_media(
                    services.settings.media_dir,
                    path.read_bytes(),
                    CONTENT_TYPES.get(path.suffix.lower(), "application/x"),
                    now=now,
                ),
            )
        except MediaRejected as exc:
            rejected = exc.reason
        text = parts[2] if len(parts) > 2 else ""
    elif line.startswith("/location"):
        parts = line.split()
        try:
            location = Location(float(parts[1]), float(parts[2]))
        except (IndexError, ValueError):
            return "usage: /location LAT LON"
        text = ""
    return Inbound(
        channel="sim",
        address=phone,
        urn=f"sim:{phone}",
        external_id=uuid.uuid4().hex,
        received_at=now,
        text=text,
        media=media_list,
        location=location,
        display_name=display_name,
        rejected=rejected,
    )


def format_message(text: str, options: list[list[str]]) -> str:
    """A reply as the terminal shows it: the text, then `[1] label` lines."""
    lines = [text] + [f"[{n}] {label}" for n, (_, label) in enumerate(options, start=1)]
    return "\n".join(lines)


async def run_terminal_chat(
    services: Services,
    phone: str,
    stdin: TextIO,
    stdout: TextIO,
    *,
    display_name: str | None = None,
) -> None:
    """Read lines until end of input, dispatch each, print the replies."""
    cursor = 0

    def show_new() -> None:
        nonlocal cursor
        with Session(services.engine) as session:
            for row in messages_for(session=session, channel="sim", address=phone, after_id=cursor):
                cursor = max(cursor, row.id or 0)
                print(
                    format_message(row.payload.get("text", ""), row.payload.get("options", [])),
                    file=stdout,
                )
                for attachment in row.payload.get("attachments", []):
                    print(f"(lampiran: {attachment[2]})", file=stdout)
                print(file=stdout)
        stdout.flush()

    # Only replies to what is typed now are shown, not the history of this number.
    with Session(services.engine) as session:
        history = messages_for(session=session, channel="sim", address=phone, limit=100000)
        cursor = max((row.id or 0 for row in history), default=0)
    async with services.running(send_loop=False):
        while True:
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            line = line.rstrip("\n")
            if not line.strip():
                continue
            inbound = build_inbound(services, phone, line, display_name=display_name)
            if isinstance(inbound, str):
                print(inbound, file=stdout)
                continue
            await asyncio.to_thread(services.dispatcher.dispatch, inbound)
            await services.deliver()
            show_new()
