"""Spreadsheet cells that cannot run: text that a spreadsheet would read as a formula is
neutralised (OWASP CSV injection guidance), in exports and in reports alike."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
# Google Sheets: "=HYPERLINK(...)", "+1+cmd", "-2+3", "@SUM(...)", and tab/CR tricks.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value as a safe cell: such text gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
