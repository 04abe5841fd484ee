"""encrypt case NIK and problem, NIK lookup hash, no client data in activity texts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:00:00

Existing rows are rewritten: a case's NIK and problem become Fernet tokens under the configured
key (DATA_ENCRYPTION_KEYS) with the NIK's lookup hash beside them; an activity linked to a case
gets the neutral description "Kunjungan kasus #N" and loses its copy of the message; other
activity texts have NIKs, phone numbers and names masked. Works on SQLite and PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from storage.activities import neutral_description
    from storage.encryption import current_keyring, decrypt_or_plain, is_token
    from storage.personal_data import mask_niks, mask_personal_data

    bind = op.get_bind()
    with op.batch_alter_table("case") as batch_op:
        batch_op.add_column(sa.Column("nik_hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_case_nik_hash", ["nik_hash"], unique=False)
    if bind.dialect.name != "sqlite":
        # A token is far longer than the 16 digits it hides (SQLite has no lengths to change).
        op.alter_column("case", "nik", type_=sa.Text(), existing_nullable=True)
        op.alter_column("case", "problem", type_=sa.Text(), existing_nullable=True)

    cases = sa.table(
        "case",
        sa.column("id", sa.Integer),
        sa.column("nik", sa.Text),
        sa.column("nik_hash", sa.String),
        sa.column("problem", sa.Text),
    )
    rows = bind.execute(
        sa.select(cases.c.id, cases.c.nik, cases.c.problem).where(
            sa.or_(cases.c.nik.is_not(None), cases.c.problem.is_not(None))
        )
    ).all()
    if rows:
        keyring = current_keyring()  # fails clearly when no key is configured
        for case_id, nik, problem in rows:
            plain_nik = decrypt_or_plain(nik) if nik else None
            values = {
                "nik": nik if nik is None or is_token(nik) else keyring.encrypt(nik),
                "nik_hash": keyring.lookup_hash(plain_nik) if plain_nik else None,
                "problem": (
                    problem
                    if problem is None or is_token(problem)
                    else keyring.encrypt(mask_niks(problem))
                ),
            }
            bind.execute(sa.update(cases).where(cases.c.id == case_id).values(**values))

    activities = sa.table(
        "activity",
        sa.column("id", sa.Integer),
        sa.column("activity_type", sa.String),
        sa.column("description", sa.Text),
        sa.column("source_text", sa.Text),
    )
    links = sa.table("activitycase", sa.column("activity_id"), sa.column("case_id"))
    linked: dict[int, int] = {
        activity_id: case_id
        for activity_id, case_id in bind.execute(sa.select(links.c.activity_id, links.c.case_id))
    }
    activity_rows = bind.execute(
        sa.select(
            activities.c.id,
            activities.c.activity_type,
            activities.c.description,
            activities.c.source_text,
        ).where(
            sa.or_(activities.c.description.is_not(None), activities.c.source_text.is_not(None))
        )
    ).all()
    for activity_id, activity_type, description, source_text in activity_rows:
        if activity_id in linked:
            values = {
                "description": neutral_description(activity_type, linked[activity_id]),
                "source_text": None,
            }
        else:
            values = {
                "description": mask_personal_data(description) if description else None,
                "source_text": mask_personal_data(source_text) if source_text else None,
            }
        bind.execute(sa.update(activities).where(activities.c.id == activity_id).values(**values))


def downgrade() -> None:
    from storage.encryption import current_keyring, is_token

    bind = op.get_bind()
    cases = sa.table(
        "case", sa.column("id", sa.Integer), sa.column("nik", sa.Text), sa.column("problem")
    )
    rows = bind.execute(sa.select(cases.c.id, cases.c.nik, cases.c.problem)).all()
    for case_id, nik, problem in rows:
        values = {
            "nik": current_keyring().decrypt(nik) if nik and is_token(nik) else nik,
            "problem": current_keyring().decrypt(problem)
            if problem and is_token(problem)
            else problem,
        }
        bind.execute(sa.update(cases).where(cases.c.id == case_id).values(**values))
    with op.batch_alter_table("case") as batch_op:
        batch_op.drop_index("ix_case_nik_hash")
        batch_op.drop_column("nik_hash")
    if bind.dialect.name != "sqlite":
        op.alter_column("case", "nik", type_=sa.String(length=16), existing_nullable=True)
