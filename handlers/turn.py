"""One turn of a conversation: the inbound message, who sent it, the state, and the replies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.i18n import t
from handlers.messages import Inbound, Option, Reply
from storage.addressing import latest_address
from storage.models.messaging import ConversationState
from storage.models.people import Identity, Person
from storage.regions import timezone_for_code

if TYPE_CHECKING:
    from handlers.forms import Form


@dataclass(frozen=True, slots=True)
class HandlerConfig:
    """What the conversation core needs to know of the deployment."""

    default_timezone: str = "Asia/Jakarta"
    max_message_chars: int = 4000
    media_dir: str = "data/media"
    # Where people reach the service's web pages (the dashboard's sign-in links).
    public_base_url: str = "http://127.0.0.1:8000"


@dataclass(slots=True)
class Turn:
    """Everything a handler needs for one inbound message; handlers add replies to it."""

    session: Session
    inbound: Inbound
    now: datetime  # UTC
    identity: Identity
    person: Person | None
    state: ConversationState
    config: HandlerConfig
    # The forms a draft can be open in, by name (the conversation's wiring).
    forms: Mapping[str, Form]
    replies: list[Reply] = field(default_factory=list)
    # Names of people told something who cannot be reached (they never chatted with the bot).
    undelivered: list[str] = field(default_factory=list)

    @property
    def locale(self) -> str:
        """The sender's language."""
        return self.person.locale if self.person is not None else "id"

    @property
    def timezone(self) -> ZoneInfo:
        """The zone of the sender's area (the deployment default for strangers).

        An area's zone follows from its province code (as `Region.timezone` is filled), so no
        lookup is needed.
        """
        if self.person is None:
            return ZoneInfo(self.config.default_timezone)
        return ZoneInfo(timezone_for_code(self.person.area_code))

    @property
    def local_now(self) -> datetime:
        """The current time where the sender works."""
        return self.now.astimezone(self.timezone)

    def text(self, key: str, **values: Any) -> str:
        """A catalog text in the sender's language."""
        return t(self.locale, key, **values)

    def say(self, key: str, *, options: list[Option] | None = None, **values: Any) -> None:
        """Reply with a catalog text; options offered replace the ones offered before."""
        self.say_text(self.text(key, **values), options=options)

    def say_text(self, text: str, *, options: list[Option] | None = None) -> None:
        """Reply with a composed text."""
        self.replies.append(Reply(text=text, options=list(options or [])))
        self.state.options = [[o.key, o.label] for o in options or []]

    def answer_aside(self, key: str, **values: Any) -> None:
        """Answer an earlier prompt without disturbing a draft: its question keeps its options."""
        if self.state.flow is None:
            self.say_text(self.text(key, **values))
        else:
            self.notice(key, **values)

    def notice(self, key: str, **values: Any) -> None:
        """Reply without touching the options offered (a hint; the question still stands)."""
        self.replies.append(Reply(text=self.text(key, **values)))

    def tell(self, person: Person, key: str, *, kind: str = "notice", **values: Any) -> bool:
        """Send a catalog text to another person, in their language, on their channel.

        False (and the name noted for the sender) when the person never chatted with the bot,
        so no channel can reach them.
        """
        assert person.id is not None
        if latest_address(session=self.session, person_id=person.id) is None:
            self.undelivered.append(person.name)
            return False
        self.replies.append(
            Reply(text=t(person.locale, key, **values), to_person_id=person.id, kind=kind)
        )
        return True
