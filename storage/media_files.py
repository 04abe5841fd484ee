"""Media files under MEDIA_DIR: removing the ones whose records were erased."""

from __future__ import annotations

from pathlib import Path


def delete_media_files(media_dir: Path, relative_paths: list[str]) -> int:
    """Remove erased media from disk (after the commit); returns how many were there."""
    removed = 0
    root = media_dir.resolve()
    for relative in relative_paths:
        path = (media_dir / relative).resolve()
        if not path.is_relative_to(root):
            continue  # a stored path never leaves MEDIA_DIR; refuse if one somehow does
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
    return removed
