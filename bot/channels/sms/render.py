"""How an outbox message looks as SMS: plain text, options as numbered lines, split in parts."""

from __future__ import annotations

from bot.channels import text_parts
from bot.channels.twilio_messaging import MAX_BODY_CHARS
from handlers.messages import Option


def with_options(text: str, options: tuple[Option, ...], hint: str) -> str:
    """The text with its options as numbered lines under it (answer "2" or the label)."""
    if not options:
        return text
    lines = [f"{number}. {option.label}" for number, option in enumerate(options, start=1)]
    block = "\n".join([*lines, hint])
    return f"{text}\n\n{block}" if text else block


def split_text(text: str, limit: int = MAX_BODY_CHARS) -> list[str]:
    """Parts of at most `limit` UTF-16 units, cut at a paragraph, a line or a space if any."""
    return text_parts.split_text(text.strip(), limit, breaks=text_parts.PARAGRAPHS)
