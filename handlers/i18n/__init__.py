"""User-facing texts, Bahasa Indonesia first, English per person."""

from __future__ import annotations

from typing import Any

from handlers.i18n import en, id_

CATALOGS: dict[str, dict[str, str]] = {"id": id_.TEXTS, "en": en.TEXTS}
DEFAULT_LOCALE = "id"


def t(locale: str, key: str, **values: Any) -> str:
    """The text for `key` in `locale`, filled with `values`; Indonesian when missing."""
    catalog = CATALOGS.get(locale, CATALOGS[DEFAULT_LOCALE])
    template = catalog.get(key) or CATALOGS[DEFAULT_LOCALE][key]
    return template.format(**values) if values else template
