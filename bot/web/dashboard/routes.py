"""The dashboard's route modules, in one explicit list.

A page module has a `routes() -> list[BaseRoute]` function whose paths are relative to
`/dasbor` (e.g. `Route("/psm", psm_list)` answers at `/dasbor/psm`). Adding a page is one
module and one line in `PAGES` (and its entry in `navigation.NAV`).
"""

from __future__ import annotations

from types import ModuleType

from starlette.routing import BaseRoute

from bot.web.dashboard import (
    activities,
    audit,
    cases,
    media,
    meetings,
    overview,
    psm,
    roster,
    signin,
)

PAGES: list[ModuleType] = [
    signin,
    overview,
    activities,
    cases,
    media,
    psm,
    roster,
    meetings,
    audit,
]


def page_routes() -> list[BaseRoute]:
    """Every page's routes, in the order of `PAGES`."""
    found: list[BaseRoute] = []
    for module in PAGES:
        found += module.routes()
    return found
