"""Saving received photos and documents under MEDIA_DIR, named by their checksum."""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import datetime
from pathlib import Path

from handlers.messages import InboundMedia

# Spreadsheets are rosters sent by coordinators; they never join a report.
SPREADSHEET_TYPES = {
    "text/csv",
    "text/comma-separated-values",
    "application/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",  # old .xls, and what Windows calls a .csv
}
ACCEPTED_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf", *SPREADSHEET_TYPES}
MAX_MEDIA_BYTES = 20 * 1024 * 1024


class MediaRejected(ValueError):
    """A file the service does not take; `reason` is a catalog key suffix."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_media(content_type: str, size_bytes: int | None) -> None:
    """Refuse files of the wrong type or over the size limit, before downloading them."""
    if content_type.split(";")[0].strip().lower() not in ACCEPTED_TYPES:
        raise MediaRejected("file_type")
    if size_bytes is not None and size_bytes > MAX_MEDIA_BYTES:
        raise MediaRejected("too_large")


def store_media(media_dir: Path, data: bytes, content_type: str, *, now: datetime) -> InboundMedia:
    """Write the bytes once (same content, same file) and describe them."""
    content_type = content_type.split(";")[0].strip().lower()
    check_media(content_type, len(data))
    digest = hashlib.sha256(data).hexdigest()
    extension = mimetypes.guess_extension(content_type) or ".bin"
    relative = Path(f"{now:%Y}") / f"{now:%m}" / f"{digest}{extension}"
    target = media_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(target)
    return InboundMedia(
        path=relative.as_posix(), content_type=content_type, sha256=digest, size_bytes=len(data)
    )
