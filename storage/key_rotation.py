"""Re-encrypting stored values under the newest key, after a new key was put in front."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from storage.audit import audit
from storage.encryption import current_keyring

# The raw columns, read and written as the tokens they hold (no decrypting column type).
_CASES = sa.table(
    "case",
    sa.column("id", sa.Integer),
    sa.column("nik", sa.Text),
    sa.column("nik_hash", sa.String),
    sa.column("problem", sa.Text),
)


def rotate_all(*, session: Session, actor_label: str) -> int:
    """Every encrypted value re-encrypted with the newest key (hashes too); returns how many."""
    keyring = current_keyring()
    rows = session.connection().execute(
        sa.select(_CASES.c.id, _CASES.c.nik, _CASES.c.problem).where(
            sa.or_(_CASES.c.nik.is_not(None), _CASES.c.problem.is_not(None))
        )
    )
    count = 0
    for case_id, nik, problem in rows.all():
        values: dict[str, str | None] = {}
        if nik:
            values["nik"] = keyring.rotate(nik)
            values["nik_hash"] = keyring.lookup_hash(keyring.decrypt(nik))
            count += 1
        if problem:
            values["problem"] = keyring.rotate(problem)
            count += 1
        session.connection().execute(
            sa.update(_CASES).where(_CASES.c.id == case_id).values(**values)
        )
    audit(
        session=session,
        action="privacy.rotate_keys",
        actor_label=actor_label,
        detail={"values": count},
    )
    return count
