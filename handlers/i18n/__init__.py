"""User-facing texts, Bahasa Indonesia first, English per person.

Each feature keeps its texts in a module of `handlers/i18n/catalogs/` with an `ID` and an `EN`
dict; adding a feature's texts is one module and one line in `FEATURES`.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from handlers.i18n.catalogs import (
    conversation,
    core,
    dashboard,
    dashboard_manage,
    deliveries,
    meetings,
    onboarding,
    privacy,
    reminders,
    report_columns,
    reporting,
    reports,
    roster,
    telegram,
    vocabulary,
    whatsapp,
)

if TYPE_CHECKING:
    from storage.vocabulary import Term

FEATURES: list[ModuleType] = [
    core,
    onboarding,
    reporting,
    reports,
    deliveries,
    report_columns,
    whatsapp,
    telegram,
    meetings,
    reminders,
    roster,
    privacy,
    conversation,
    dashboard,
    dashboard_manage,
    vocabulary,
]
LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"


def _merge(attribute: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for module in FEATURES:
        texts: dict[str, str] = getattr(module, attribute)
        duplicated = merged.keys() & texts.keys()
        if duplicated:
            raise RuntimeError(f"text keys defined twice: {sorted(duplicated)}")
        merged.update(texts)
    return merged


CATALOGS: dict[str, dict[str, str]] = {"id": _merge("ID"), "en": _merge("EN")}


def t(locale: str, key: str, **values: Any) -> str:
    """The text for `key` in `locale`, filled with `values`; Indonesian when missing."""
    catalog = CATALOGS.get(locale, CATALOGS[DEFAULT_LOCALE])
    template = catalog.get(key) or CATALOGS[DEFAULT_LOCALE][key]
    return template.format(**values) if values else template


def term_label(term: Term, locale: str = DEFAULT_LOCALE) -> str:
    """What people read for a stored code (`storage.vocabulary`) in `locale`."""
    return t(locale, f"vocabulary.{term.vocabulary}.{term.code}")
