"""enums stored by value: `psm`, `open`, `pending` instead of `PSM`, `OPEN`, `PENDING`

The enum columns held the members' names, so the database spoke another spelling than the code
(and than raw SQL, exports and the partial indexes written against it). PostgreSQL renames the
labels of its enum types, which rewrites no row; SQLite keeps the enums as text, so its rows are
rewritten and the partial indexes of the outbox made again with the new spelling.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Enum type, table, column, and the members (their values; the names are the same upper-case).
ENUMS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("regionlevel", "region", "level", ("province", "regency", "district", "village")),
    ("personrole", "person", "role", ("psm", "ketua_psm", "tksk", "dinsos", "admin")),
    ("casestatus", "case", "status", ("open", "in_progress", "referred", "moved", "closed")),
    (
        "caseeventkind",
        "caseevent",
        "kind",
        (
            "opened",
            "visit",
            "assessment",
            "referral",
            "assistance",
            "status_change",
            "moved",
            "closed",
            "edited",
            "note",
        ),
    ),
    (
        "outboxstatus",
        "outboxmessage",
        "status",
        ("pending", "sending", "sent", "delivered", "read", "failed", "undeliverable", "held"),
    ),
)

# The outbox's partial indexes: name, columns, and the statuses they hold.
OUTBOX_INDEXES: tuple[tuple[str, list[str], tuple[str, ...]], ...] = (
    ("ix_outbox_pending_lane", ["channel", "lane", "id"], ("pending",)),
    ("ix_outbox_open_chat", ["channel", "address", "id"], ("pending", "sending")),
    ("ix_outbox_claims", ["claimed_until"], ("sending",)),
)


def _spell(value: str, *, upper: bool) -> str:
    return value.upper() if upper else value


def _convert(*, to_upper: bool) -> None:
    """Spell every stored member as its value (lower case) or, going back, as its name."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for type_name, _table, _column, values in ENUMS:
            for value in values:
                old, new = _spell(value, upper=not to_upper), _spell(value, upper=to_upper)
                op.execute(f"ALTER TYPE {type_name} RENAME VALUE '{old}' TO '{new}'")
        # The partial indexes compare with enum labels, which follow the rename.
        return
    for _type_name, table, column, _values in ENUMS:
        spelled = "upper" if to_upper else "lower"
        op.execute(f'UPDATE "{table}" SET "{column}" = {spelled}("{column}")')
    for name, columns, statuses in OUTBOX_INDEXES:
        spelled_statuses = [f"'{_spell(s, upper=to_upper)}'" for s in statuses]
        # Written as the models write them (`=` for one status, `IN` for several).
        if len(spelled_statuses) == 1:
            where = sa.text(f"status = {spelled_statuses[0]}")
        else:
            where = sa.text(f"status IN ({', '.join(spelled_statuses)})")
        op.drop_index(name, table_name="outboxmessage")
        op.create_index(name, "outboxmessage", columns, sqlite_where=where)


def upgrade() -> None:
    _convert(to_upper=False)


def downgrade() -> None:
    _convert(to_upper=True)
