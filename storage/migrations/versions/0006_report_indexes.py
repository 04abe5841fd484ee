"""indexes for the report queries: area code first, then the period column

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:30:00

Every report query is bounded by an area (a code range, see `storage.area_scope.in_area`)
and a period. These composite indexes start with the area code, then the date the period is
cut on. On PostgreSQL the area column uses `varchar_pattern_ops`, whose byte-order operators
serve the code range under any collation. Also: case events by actor (who reported nothing),
by case and day (a case's last news) and by kind and day (referrals of a period), media by
arrival time and by what they document.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PATTERN = {"area_code": "varchar_pattern_ops"}
INDEXES: list[tuple[str, str, list[str], dict[str, str]]] = [
    ("activity", "ix_activity_area_occurred", ["area_code", "occurred_on"], PATTERN),
    ("case", "ix_case_area_opened", ["area_code", "opened_on"], PATTERN),
    ("meeting", "ix_meeting_area_starts", ["area_code", "starts_at"], PATTERN),
    ("person", "ix_person_area_role", ["area_code", "role"], PATTERN),
    ("caseevent", "ix_caseevent_actor_occurred", ["actor_id", "occurred_on"], {}),
    ("caseevent", "ix_caseevent_case_occurred", ["case_id", "occurred_on"], {}),
    ("caseevent", "ix_caseevent_kind_occurred", ["kind", "occurred_on"], {}),
    ("media", "ix_media_created_at", ["created_at"], {}),
    ("media", "ix_media_case_event_id", ["case_event_id"], {}),
    ("media", "ix_media_meeting_id", ["meeting_id"], {}),
]


def upgrade() -> None:
    for table, name, columns, ops in INDEXES:
        op.create_index(name, table, columns, unique=False, postgresql_ops=ops)


def downgrade() -> None:
    for table, name, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
