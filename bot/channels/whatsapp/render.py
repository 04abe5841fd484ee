"""How an outbox message looks on WhatsApp: numbered options, safe splitting, template values."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from bot.channels import text_parts
from bot.channels.twilio_messaging import MAX_BODY_CHARS
from handlers.messages import Option

# WhatsApp refuses template values with new lines, tabs or more than four spaces in a row.
_TEMPLATE_SPACING = re.compile(r"[\n\r\t]+| {5,}")
MAX_VARIABLE_CHARS = 1000


def with_options(text: str, options: tuple[Option, ...], hint: str) -> str:
    """The text with its options as a numbered list under it (answer "2" or the label)."""
    if not options:
        return text
    lines = [f"{number}. {option.label}" for number, option in enumerate(options, start=1)]
    block = "\n".join([*lines, f"_{hint}_"])
    return f"{text}\n\n{block}" if text else block


def split_text(text: str, limit: int = MAX_BODY_CHARS) -> list[str]:
    """Parts of at most `limit` UTF-16 units, cut at a paragraph, a line or a space if any."""
    return text_parts.split_text(text.strip(), limit, breaks=text_parts.PARAGRAPHS)


class MissingVariable(KeyError):
    """A template names a value the message does not carry."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def content_variables(
    names: list[str],
    values: Mapping[str, Any],
    *,
    options: tuple[Option, ...] = (),
) -> str:
    """The Content API's `{"1": ..., "2": ...}` JSON for a template's variable names.

    A name is looked up in the message's `template_variables`; `option:N` and `option_label:N`
    give the key and label of the Nth option (quick-reply buttons answer with the key).
    """
    filled: dict[str, str] = {}
    for number, name in enumerate(names, start=1):
        value = _value_of(name, values, options)
        if value is None:
            raise MissingVariable(name)
        filled[str(number)] = _template_safe(value)
    return json.dumps(filled, ensure_ascii=False)


def _value_of(name: str, values: Mapping[str, Any], options: tuple[Option, ...]) -> str | None:
    if name in values and values[name] is not None and str(values[name]).strip():
        return str(values[name])
    prefix, _, position = name.partition(":")
    if prefix in {"option", "option_label"} and position.isdigit():
        index = int(position) - 1
        if 0 <= index < len(options):
            return options[index].key if prefix == "option" else options[index].label
    return None


def _template_safe(value: str) -> str:
    """One line, no runs of spaces, not overlong: what WhatsApp accepts in a template."""
    return _TEMPLATE_SPACING.sub(" ", value).strip()[:MAX_VARIABLE_CHARS]
