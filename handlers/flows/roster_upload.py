"""A roster sent to the bot as a document: imported within the sender's area, answered by row.

Admins import anywhere, Dinas Sosial within their kab/kota and below their rank, a TKSK only
PSM and ketua PSM of their kecamatan. The checks are the command line's (`handlers.roster`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from handlers.messages import Attachment, InboundMedia, Reply
from handlers.roster import ImportReport, ImportScope, RosterFileError, import_in_session
from handlers.turn import Turn
from storage.models.people import PersonRole
from storage.region_lookup import AreaFinder

SPREADSHEETS = {
    "text/csv",
    "text/comma-separated-values",
    "application/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
}
IMPORTERS = (PersonRole.TKSK, PersonRole.DINSOS, PersonRole.ADMIN)
# More refused rows than this go in an attached workbook; the message shows the first ones.
SHOWN_ERRORS = 8
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def roster_file(turn: Turn) -> InboundMedia | None:
    """The spreadsheet a message carries, if any."""
    return next((m for m in turn.inbound.media if m.content_type in SPREADSHEETS), None)


def receive(turn: Turn, media: InboundMedia) -> None:
    """Import the roster the sender attached (the draft in progress is left as it is)."""
    person = turn.person
    assert person is not None
    if person.role not in IMPORTERS:
        turn.notice("roster.chat.not_allowed")
        return
    scope = _scope(turn)
    with tempfile.TemporaryDirectory() as scratch:
        path = named_by_content(Path(turn.config.media_dir) / media.path, Path(scratch))
        try:
            report = import_in_session(
                session=turn.session,
                path=path,
                scope=scope,
                actor_id=person.id,
                locale=turn.locale,
            )
        except RosterFileError as exc:
            turn.notice("roster.chat.unreadable", reason=exc.message(turn.locale))
            return
    _answer(turn, report, scope)


def _scope(turn: Turn) -> ImportScope:
    person = turn.person
    assert person is not None
    if person.role is PersonRole.ADMIN:
        return ImportScope(None, PersonRole.ADMIN, turn.text("roster.chat.everywhere"))
    return ImportScope(
        person.area_code, person.role, AreaFinder(turn.session).path(person.area_code)
    )


def named_by_content(stored: Path, scratch: Path) -> Path:
    """A copy named for what the file is: `.xlsx` (zip), `.xls` (OLE2) or `.csv` (text)."""
    head = stored.read_bytes()[:8]
    if head.startswith(b"PK\x03\x04"):
        suffix = ".xlsx"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        suffix = ".xls"
    else:
        suffix = ".csv"
    target = scratch / f"roster{suffix}"
    shutil.copyfile(stored, target)
    return target


def _answer(turn: Turn, report: ImportReport, scope: ImportScope) -> None:
    text = turn.text(
        "roster.chat.done",
        area=scope.area_label,
        created=report.created,
        updated=report.updated,
        rejected=report.rejected,
    )
    attachments: list[Attachment] = []
    if report.errors:
        lines = "\n".join(
            turn.text("roster.chat.error_line", line=line, reason=reason)
            for line, reason in report.errors[:SHOWN_ERRORS]
        )
        if len(report.errors) > SHOWN_ERRORS:
            attachments.append(_error_file(turn, report))
            text += "\n\n" + turn.text("roster.chat.errors_file", lines=lines)
        else:
            text += "\n\n" + turn.text("roster.chat.errors", lines=lines)
    turn.replies.append(Reply(text=text, attachments=attachments))


def _error_file(turn: Turn, report: ImportReport) -> Attachment:
    """Every refused row in a small workbook under MEDIA_DIR."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([turn.text("roster.errors.header_line"), turn.text("roster.errors.header_reason")])
    for line, reason in report.errors:
        sheet.append([line, reason])
    media_dir = Path(turn.config.media_dir)
    name = f"baris-ditolak-{turn.inbound.external_id[-12:]}.xlsx"
    relative = Path("roster") / turn.now.strftime("%Y%m%d") / name
    (media_dir / relative).parent.mkdir(parents=True, exist_ok=True)
    workbook.save(media_dir / relative)
    return Attachment(relative.as_posix(), XLSX, name)
