"""People on Telegram, for tests: each action builds the update Telegram would send the bot."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_objects import BOT_USER, Sent, chat_of

Update = dict[str, Any]


@dataclass
class TelegramUser:
    """A Telegram account; in a private chat with the bot unless `chat_id` names a group."""

    fake: FakeTelegram
    user_id: int
    first_name: str
    last_name: str | None = None
    chat_id: int | None = None

    @property
    def chat(self) -> int:
        """The chat the user writes in."""
        return self.chat_id if self.chat_id is not None else self.user_id

    def in_group(self, group_id: int) -> TelegramUser:
        """The same user writing in a group."""
        return TelegramUser(self.fake, self.user_id, self.first_name, self.last_name, group_id)

    def _from(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        return user

    def message(self, **fields: Any) -> Update:
        """An update with a new message carrying `fields`."""
        chat = chat_of(self.chat)
        if chat["type"] == "private":
            chat["first_name"] = self.first_name
        return {
            "update_id": self.fake.next_update_id(),
            "message": {
                "message_id": self.fake.next_message_id(),
                "date": int(time.time()),
                "chat": chat,
                "from": self._from(),
                **fields,
            },
        }

    def says(self, text: str) -> Update:
        """A text message (or a command)."""
        update = self.message(text=text)
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            update["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return update

    def shares_contact(self, phone: str, *, own: bool = True) -> Update:
        """A contact, their own (the contact button) or someone else's."""
        contact: dict[str, Any] = {"phone_number": phone, "first_name": self.first_name}
        if own:
            contact["user_id"] = self.user_id
        return self.message(contact=contact)

    def sends_photo(
        self,
        caption: str | None = None,
        *,
        group_id: str | None = None,
        size: int | None = None,
        content: bytes | None = None,
    ) -> Update:
        """A photo in three sizes; only the largest is ever meant to be downloaded."""
        content = content if content is not None else b"\xff\xd8\xff\xe0" + os.urandom(2048)
        sizes = []
        for width, share in ((90, 20), (320, 5), (1280, 1)):
            data = content[: max(1, len(content) // share)]
            claimed = size if share == 1 and size else len(data)
            file_id = self.fake.add_file(data, claimed)
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": f"u{file_id}",
                    "width": width,
                    "height": width * 3 // 4,
                    "file_size": claimed,
                }
            )
        fields: dict[str, Any] = {"photo": sizes}
        if caption:
            fields["caption"] = caption
        if group_id:
            fields["media_group_id"] = group_id
        return self.message(**fields)

    def sends_album(self, count: int, caption: str) -> list[Update]:
        """Several photos sent at once: one update each, the caption on the first."""
        group_id = f"album-{self.fake.next_message_id()}"
        return [
            self.sends_photo(caption if index == 0 else None, group_id=group_id)
            for index in range(count)
        ]

    def sends_document(
        self, file_name: str, mime_type: str, content: bytes = b"%PDF-1.4 test", size: int = 0
    ) -> Update:
        """A file sent as a document."""
        file_id = self.fake.add_file(content, size or len(content), kind="documents")
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": size or len(content),
        }
        return self.message(document=document)

    def sends_location(self, latitude: float, longitude: float) -> Update:
        """A shared location."""
        return self.message(location={"latitude": latitude, "longitude": longitude})

    def sends_voice(self) -> Update:
        """A voice note."""
        file_id = self.fake.add_file(b"OggS", kind="voice")
        return self.message(voice={"file_id": file_id, "file_unique_id": "v", "duration": 3})

    def edits(self, update: Update, text: str) -> Update:
        """An earlier message, edited."""
        message = {**update["message"], "text": text, "edit_date": int(time.time())}
        return {"update_id": self.fake.next_update_id(), "edited_message": message}

    def presses(self, sent: Sent, label: str) -> Update:
        """A press of the inline button labelled `label` under a message of the bot."""
        data = dict(sent.buttons()).get(label)
        assert data is not None, f"no button {label!r} under {sent!r}"
        return {
            "update_id": self.fake.next_update_id(),
            "callback_query": {
                "id": f"cbq-{self.fake.next_message_id()}",
                "from": self._from(),
                "chat_instance": f"ci-{self.chat}",
                "message": {**sent.as_message(), "from": BOT_USER},
                "data": data,
            },
        }
