"""Pages from Jinja2 templates, with the viewer, the texts and the helpers every page needs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.web.dashboard.csrf import csrf_field, csrf_token
from bot.web.dashboard.navigation import NAV
from bot.web.dashboard.viewer import Viewer
from handlers.i18n import t
from reports.building.formatting import day, label, number

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def page_locale(request: Request, viewer: Viewer | None) -> str:
    """The language of a page: the viewer's, else Indonesian."""
    return viewer.locale if viewer is not None else "id"


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """Render a page template (extending `base.html`) as the response.

    Every template sees: `viewer` (or None), `locale`, `t(key, **values)`, `label(vocabulary,
    code)`, `number(n)`, `day(date)`, `csrf_field()`, `csrf_token`, `nav` (the entries this
    viewer sees), `path` (the request's path, to mark the current entry) and `query(**changes)`
    (this page's query string with some values changed, for paging links).
    """
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    locale = page_locale(request, viewer)

    def text(key: str, **values: Any) -> str:
        return t(locale, key, **values)

    def query(**changes: Any) -> str:
        params = dict(request.query_params)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = str(value)
        return "?" + urlencode(params)

    values: dict[str, Any] = {
        "viewer": viewer,
        "locale": locale,
        "t": text,
        "label": lambda vocabulary, code: label(vocabulary, code, locale),
        "number": lambda n: number(n, locale),
        "day": lambda value: _day(value, locale),
        "csrf_field": (lambda: csrf_field(viewer)) if viewer else (lambda: ""),
        "csrf_token": csrf_token(viewer) if viewer else "",
        "nav": [item for item in NAV if viewer and item.shown_to(viewer.role)],
        "path": request.url.path,
        "query": query,
    }
    values.update(context or {})
    html = environment.get_template(template).render(values)
    return HTMLResponse(html, status_code=status)


def _day(value: date | datetime | None, locale: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return day(value, locale)
