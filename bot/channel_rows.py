"""The channel rows a deployment runs beside the one its environment configures.

Each row (`storage/models/channels.py`) is built like the environment's channel of its kind,
from the same settings with the row's own values: `<PREFIX>_<FIELD>` from the environment for
every field its kind reads (`ChannelType.settings_fields`), the environment's own value where a
row has none, except for the fields each row must set itself (`own_fields`: a bot token, a
sender number). Rows are read once, at start: a change takes effect on the next start.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from bot.channels.base import ChannelType
from bot.channels.registry import channel_type
from bot.settings import Settings
from storage.channels import list_channels
from storage.models.channels import Channel

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RowPlan:
    """What becomes of one row at start: its kind and settings, or why it does not run."""

    row: Channel
    kind: ChannelType | None
    settings: Settings | None
    problem: str | None = None


def env_name(prefix: str, field: str) -> str:
    """The variable holding a row's value of a settings field: `SULSEL_TWILIO_WHATSAPP_FROM`."""
    return f"{prefix}_{field.upper()}"


def row_settings(
    settings: Settings, kind: ChannelType, row: Channel, environ: Mapping[str, str]
) -> Settings:
    """The settings the row's channel is built from (ValueError naming what is missing)."""
    update: dict[str, Any] = {}
    for field in kind.settings_fields:
        raw = environ.get(env_name(row.env_prefix, field))
        if raw is None:
            if field in kind.own_fields:
                raise ValueError(f"{env_name(row.env_prefix, field)} is not set")
            continue
        annotation: Any = Settings.model_fields[field].annotation
        try:
            update[field] = TypeAdapter(annotation).validate_python(raw)
        except ValidationError as exc:
            message = exc.errors()[0]["msg"]
            raise ValueError(f"{env_name(row.env_prefix, field)}: {message}") from None
    if row.messages_per_second is not None and kind.rate_field is not None:
        update[kind.rate_field] = row.messages_per_second
    return settings.model_copy(update=update)


def plan_rows(
    engine: Engine, settings: Settings, environ: Mapping[str, str] | None = None
) -> list[RowPlan]:
    """Every channel row with what it will run as (those turned off have no settings)."""
    environ = os.environ if environ is None else environ
    try:
        with Session(engine) as session:
            rows = list_channels(session=session)
    except SQLAlchemyError as exc:  # a database not migrated yet has no channel rows
        log.warning("channel rows not read: %s", exc.__class__.__name__)
        return []
    plans = []
    for row in rows:
        kind = channel_type(row.type)
        if kind is None:
            plans.append(RowPlan(row, None, None, f"unknown kind {row.type!r}"))
        elif not row.enabled:
            plans.append(RowPlan(row, kind, None, "turned off"))
        else:
            try:
                plans.append(RowPlan(row, kind, row_settings(settings, kind, row, environ)))
            except ValueError as exc:
                plans.append(RowPlan(row, kind, None, str(exc)))
    return plans
