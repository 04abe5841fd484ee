"""Photos and documents of reports, served only to viewers whose area holds their record."""

from __future__ import annotations

import asyncio
import io
import threading
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from bot.web.dashboard.viewer import Viewer, not_found, require_viewer, services_of
from storage.db import reading
from storage.media import media_area
from storage.models.media import Media

THUMBNAIL_PIXELS = 160
# Pillow decodes with global state in places; thumbnails are made one at a time.
_THUMBNAILING = threading.Lock()


def routes() -> list[BaseRoute]:
    """A file at full size, and an image's thumbnail."""
    return [
        Route("/berkas/{media_id:int}", media_file),
        Route("/berkas/{media_id:int}/kecil", thumbnail),
    ]


def _located(request: Request, viewer: Viewer) -> tuple[Path, Media]:
    """The file on disk of a media record the viewer may see; 404 otherwise."""
    services = services_of(request)
    media_id = int(request.path_params["media_id"])
    with reading(services.engine) as session:
        media = session.get(Media, media_id)
        if media is None or not viewer.covers(media_area(session=session, media=media)):
            raise not_found()
    root = services.settings.media_dir.resolve()
    path = (root / media.path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise not_found()
    return path, media


async def media_file(request: Request) -> Response:
    """The file as received; images shown in the page, anything else downloaded."""
    viewer = await require_viewer(request)
    path, media = await asyncio.to_thread(_located, request, viewer)
    image = media.content_type.startswith("image/")
    return FileResponse(
        path,
        media_type=media.content_type if image else "application/octet-stream",
        content_disposition_type="inline" if image else "attachment",
        filename=path.name,
    )


async def thumbnail(request: Request) -> Response:
    """A small JPEG of an image (404 for other files)."""
    viewer = await require_viewer(request)
    path, media = await asyncio.to_thread(_located, request, viewer)
    if not media.content_type.startswith("image/"):
        raise not_found()

    def shrink() -> bytes:
        from PIL import Image

        with _THUMBNAILING, Image.open(path) as image:
            image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=80)
            return out.getvalue()

    try:
        data = await asyncio.to_thread(shrink)
    except OSError:
        raise not_found() from None
    return Response(data, media_type="image/jpeg")
