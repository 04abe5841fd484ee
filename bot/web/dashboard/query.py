"""Reading a page's query values (filters, paging) without trusting them."""

from __future__ import annotations

from datetime import date

from starlette.datastructures import ImmutableMultiDict, QueryParams

PAGE_PARAM = "halaman"
PAGE_SIZE = 25

Values = QueryParams | ImmutableMultiDict[str, str]


def text(values: Values, name: str, allowed: dict[str, object] | None = None) -> str | None:
    """A short text value; None when absent, empty, or not one of `allowed`."""
    value = (values.get(name) or "").strip()[:40]
    if not value or (allowed is not None and value not in allowed):
        return None
    return value


def number(values: Values, name: str) -> int | None:
    """A positive whole number; None otherwise."""
    value = (values.get(name) or "").strip()
    return int(value) if value.isdigit() and 0 < len(value) <= 9 else None


def day(values: Values, name: str) -> date | None:
    """An ISO date (`2026-11-17`); None otherwise."""
    try:
        return date.fromisoformat((values.get(name) or "").strip())
    except ValueError:
        return None


def page(values: Values) -> int:
    """The page asked for, from 1."""
    return max(1, min(number(values, PAGE_PARAM) or 1, 100_000))


def pages(total: int) -> int:
    """How many pages `total` rows fill."""
    return max(1, -(-total // PAGE_SIZE))
