"""CSRF tokens for the dashboard's forms, derived from the session cookie (nothing stored).

The token is an HMAC of a fixed label under the session's own secret cookie value, so any
process can check it and a page of another session cannot forge it. Every POST form carries
it as the hidden field `csrf` (`{{ csrf_field() }}` in templates).
"""

from __future__ import annotations

import hashlib
import hmac

from markupsafe import Markup, escape
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.web.dashboard.viewer import Viewer, require_viewer

FIELD = "csrf"


def csrf_token(viewer: Viewer) -> str:
    """The CSRF token of the viewer's session."""
    return hmac.new(
        viewer.session_token.encode(), b"psmbot-dasbor-csrf", hashlib.sha256
    ).hexdigest()


def csrf_field(viewer: Viewer) -> Markup:
    """The hidden input carrying the token, for a form in a template."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, escape(csrf_token(viewer))
    )


async def checked_form(request: Request) -> tuple[Viewer, FormData]:
    """The signed-in viewer and the posted form, once its CSRF token matched (else 403)."""
    viewer = await require_viewer(request)
    form = await request.form()
    given = form.get(FIELD)
    if not isinstance(given, str) or not hmac.compare_digest(given, csrf_token(viewer)):
        raise HTTPException(status_code=403)
    return viewer, form
