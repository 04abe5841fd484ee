"""Who is acting on the command line, as the audit log records it."""

from __future__ import annotations

import getpass

# Set by `psmbot --actor NAME ...`; a command's own --actor wins over it.
_declared: str | None = None
LABEL_CHARS = 60


def declare(actor: str | None) -> None:
    """Remember the operator named on the command line."""
    global _declared
    _declared = " ".join(actor.split()) if actor else None


def os_user() -> str:
    """The operating-system account running the command."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "unknown"


def cli_actor(actor: str | None = None) -> str:
    """`cli:<os user>`, with the declared operator when there is one: `cli:root (Budi)`."""
    named = " ".join(actor.split()) if actor else _declared
    label = f"cli:{os_user()}" + (f" ({named})" if named else "")
    return label[:LABEL_CHARS]
