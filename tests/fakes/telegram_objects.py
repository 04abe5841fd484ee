"""Telegram's JSON objects as the fake shows them: the bot, chats, and what the bot sent."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

BOT_USER = {"id": 123456, "is_bot": True, "first_name": "PSM Bot", "username": "psm_test_bot"}


def chat_of(chat_id: int) -> dict[str, Any]:
    """The chat object for an id: negative ids are groups."""
    if chat_id < 0:
        return {"id": chat_id, "type": "supergroup", "title": "PSM Sukajadi"}
    return {"id": chat_id, "type": "private", "first_name": "User"}


@dataclass
class Sent:
    """A message the bot put into a chat (or edited)."""

    method: str
    chat_id: int
    message_id: int
    text: str | None = None
    reply_markup: dict[str, Any] | None = None
    file_name: str | None = None
    file_bytes: bytes | None = None
    at: float = field(default_factory=time.monotonic)

    def buttons(self) -> list[tuple[str, str]]:
        """Inline buttons as (label, callback data)."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    def keyboard(self) -> list[dict[str, Any]]:
        """Reply-keyboard buttons as Telegram got them."""
        rows = (self.reply_markup or {}).get("keyboard", [])
        return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]

    def as_message(self) -> dict[str, Any]:
        """The message as Telegram would show it in an update."""
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": int(time.time()),
            "chat": chat_of(self.chat_id),
            "from": BOT_USER,
        }
        if self.method == "sendMessage" or self.method.startswith("edit"):
            message["text"] = self.text or ""
        elif self.method == "sendPhoto":
            message["photo"] = [
                {
                    "file_id": f"out-{self.message_id}",
                    "file_unique_id": "o",
                    "width": 800,
                    "height": 600,
                }
            ]
        else:
            message["document"] = {
                "file_id": f"out-{self.message_id}",
                "file_unique_id": "o",
                "file_name": self.file_name,
            }
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            message["reply_markup"] = self.reply_markup
        return message
