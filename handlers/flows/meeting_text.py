"""Meetings in words: a time in the area's zone, a rule read aloud, a person list.

Business-initiated messages also carry their values as WhatsApp template variables; each kind
keeps one shape so one approved template serves it (named keys too, for the adapter's mapping):

- `meeting_reminder`: 1 title, 2 when, 3 place (options: hadir, tidak hadir, izin)
- `meeting_notice`: 1 title, 2 when, 3 place, 4 the whole notice as one line (no options)
- `meeting_attendance`: 1 title, 2 when, 3 place (options: record attendance, not held)
- `followup`: 1 client, 2 days without update (options: visited, no change, close)
- `followup_escalation`: 1 client, 2 days, 3 area, 4 PSM (to the TKSK; no options)
- `nudge`: 1 name
- `planned_step`: 1 client, 2 the question as one line (options: done, not yet, cancelled)
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_day_names

from handlers.i18n import t
from storage.models.meetings import Meeting

ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def zone_name(zone: str) -> str:
    """WIB / WITA / WIT for Indonesia's zones, the IANA name elsewhere."""
    return ZONE_NAMES.get(zone, zone)


def clock(moment: time, locale: str) -> str:
    """09.00 in Indonesian, 09:00 in English."""
    separator = "." if locale == "id" else ":"
    return f"{moment.hour:02d}{separator}{moment.minute:02d}"


def when(moment: datetime, zone: str, locale: str) -> str:
    """`Selasa, 8 Desember 2026 pukul 09.00 WITA` for a UTC instant."""
    local = moment.astimezone(ZoneInfo(zone))
    pattern = "EEEE, d MMMM y" if locale == "id" else "EEEE d MMMM y"
    return t(
        locale,
        "meetings.when",
        date=format_date(local.date(), pattern, locale=locale),
        time=clock(local.time(), locale),
        zone=zone_name(zone),
    )


def short_when(moment: datetime, zone: str, locale: str) -> str:
    """`Sel 8 Des 09.00` for a button."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{format_date(local.date(), 'EEE d MMM', locale=locale)} {clock(local.time(), locale)}"


def describe_rule(rule: str, zone: str, locale: str) -> str:
    """An RRULE made by `parse_schedule`, read aloud (`setiap Senin pukul 13.00 WIB`)."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    at = clock(time(int(parts.get("BYHOUR", 0)), int(parts.get("BYMINUTE", 0))), locale)
    names = get_day_names("wide", locale=locale)
    values = {"time": at, "zone": zone_name(zone)}
    if "BYMONTHDAY" in parts:
        return t(locale, "meetings.rule.monthly_day", day=parts["BYMONTHDAY"], **values)
    days = parts.get("BYDAY", "").split(",")
    if parts.get("FREQ") == "MONTHLY" and len(days) == 1:
        ordinal, code = days[0][:-2].lstrip("+") or "1", days[0][-2:]
        return t(
            locale,
            "meetings.rule.monthly_nth",
            day=names[RRULE_DAYS.index(code)],
            ordinal=t(locale, f"meetings.ordinal.{ordinal}"),
            **values,
        )
    day_names = [str(names[RRULE_DAYS.index(code)]) for code in days if code in RRULE_DAYS]
    joined = (
        f"{', '.join(day_names[:-1])} {t(locale, 'meetings.and')} {day_names[-1]}"
        if len(day_names) > 1
        else "".join(day_names)
    )
    interval = parts.get("INTERVAL", "1")
    if interval != "1":
        return t(locale, "meetings.rule.weekly_interval", interval=interval, days=joined, **values)
    return t(locale, "meetings.rule.weekly", days=joined, **values)


def place_of(meeting: Meeting, locale: str) -> str:
    """The meeting's place, or a note that it is not set."""
    return meeting.place or t(locale, "meetings.no_place")


def meeting_values(meeting: Meeting, zone: str, locale: str) -> dict[str, str]:
    """Title, time and place of a meeting, for texts and template variables."""
    return {
        "title": meeting.title,
        "when": when(meeting.starts_at, zone, locale),
        "place": place_of(meeting, locale),
    }


def template_variables(values: dict[str, str], order: tuple[str, ...]) -> dict[str, str]:
    """Numbered ("1", "2", ...) and named template variables from a text's values."""
    numbered = {str(n): values[name] for n, name in enumerate(order, start=1)}
    return {**numbered, **{name: values[name] for name in order}}
