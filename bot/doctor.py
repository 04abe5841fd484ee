"""`psmbot doctor`: check a configuration end to end and say what to fix, as a table.

Each check answers OK, WARN (works, but not as a deployment should), FAIL (will not work) or
SKIP (not configured). The platform checks use the configured base URLs, so the tests point
them at the fake Telegram and Twilio servers.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Literal

import httpx
from sqlalchemy import Engine, select

from bot.channels.base import channel_path
from bot.settings import Settings

Status = Literal["OK", "WARN", "FAIL", "SKIP"]
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# Messages the service starts itself: outside WhatsApp's 24 hours each needs a template.
BUSINESS_KINDS = (
    "meeting_reminder",
    "meeting_notice",
    "meeting_attendance",
    "followup",
    "followup_escalation",
    "nudge",
    "weekly_report",
    "monthly_report",
    "yearly_report",
)


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the table."""

    name: str
    status: Status
    detail: str


def run_checks(settings: Settings, engine: Engine) -> list[Check]:
    """Every check, in the order an operator would fix them."""
    checks: list[tuple[str, Callable[[], Check]]] = [
        ("database", lambda: _database(engine)),
        ("regions", lambda: _regions(engine)),
        ("holidays", _calendar),
        ("telegram", lambda: _telegram(settings)),
        ("twilio", lambda: _twilio(settings)),
        ("whatsapp templates", lambda: _templates(settings)),
        *_channel_row_checks(settings, engine),
        ("public url", lambda: _public_url(settings)),
        ("pdf", _pdf),
        ("media dir", lambda: _media(settings)),
        ("scheduler", lambda: _scheduler(settings, engine)),
    ]
    results = []
    for name, check in checks:
        try:
            results.append(check())
        except Exception as exc:  # a check that breaks is a failed check, not a crash
            results.append(Check(name, "FAIL", _short(exc)))
    return results


def table(results: list[Check]) -> str:
    """The results as aligned columns."""
    width = max([len("check"), *(len(r.name) for r in results)])
    lines = [f"{'check'.ljust(width)}  status  detail", f"{'-' * width}  ------  ------"]
    lines += [f"{r.name.ljust(width)}  {r.status.ljust(6)}  {r.detail}" for r in results]
    return "\n".join(lines)


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"


def _database(engine: Engine) -> Check:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    name = "database"
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as exc:
        return Check(name, "FAIL", f"not reachable ({_short(exc)})")
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    backend = engine.url.get_backend_name()
    if current != heads:
        return Check(name, "FAIL", f"{backend}: not migrated; run `psmbot db upgrade`")
    return Check(name, "OK", f"{backend}, schema at {', '.join(sorted(heads))}")


def _regions(engine: Engine) -> Check:
    from sqlmodel import Session

    from storage.region_sync import count_by_level, official_count

    with Session(engine) as session:
        levels = count_by_level(session=session)
        official = official_count(session=session)
    villages = levels.get("village", 0)
    if villages == 0:
        return Check("regions", "FAIL", "no regions; run `psmbot db upgrade`")
    detail = f"{levels.get('province', 0)} provinsi, {villages:,} desa/kelurahan"
    if official == 0:
        return Check("regions", "WARN", f"{detail}, none official; run `psmbot regions sync`")
    return Check("regions", "OK", detail)


def _calendar() -> Check:
    from storage.calendar import known_years

    years = known_years()
    this_year = datetime.now(UTC).year
    listed = ", ".join(str(y) for y in years)
    if this_year not in years:
        return Check(
            "holidays",
            "WARN",
            f"no holiday decree for {this_year} (have {listed}); upgrade lokal-id",
        )
    return Check("holidays", "OK", f"libur nasional and cuti bersama for {listed}")


def _channel_row_checks(
    settings: Settings, engine: Engine
) -> list[tuple[str, Callable[[], Check]]]:
    """One check per channel row: why it cannot start, or its platform's answer."""
    from bot.channel_rows import plan_rows

    checks: list[tuple[str, Callable[[], Check]]] = []
    for plan in plan_rows(engine, settings):
        name = f"channel {plan.row.key}"
        if plan.settings is None:
            status: Status = "FAIL" if plan.row.enabled else "SKIP"
            checks.append((name, partial(Check, name, status, plan.problem or "")))
        elif plan.row.type == "telegram":
            checks.append((name, partial(_telegram, plan.settings, plan.row.key, name)))
        else:  # a Twilio number: the account answers; the number is the row's own
            checks.append((name, partial(_twilio, plan.settings, name, sender=False)))
    return checks


def _telegram(settings: Settings, key: str | None = None, name: str = "telegram") -> Check:
    if settings.telegram_bot_token is None:
        return Check(name, "SKIP", "TELEGRAM_BOT_TOKEN not set")
    base = f"{settings.telegram_api_base_url.rstrip('/')}/bot"
    token = settings.telegram_bot_token.get_secret_value()
    with httpx.Client(timeout=TIMEOUT) as client:
        me = client.get(f"{base}{token}/getMe")
        if me.status_code != 200 or not me.json().get("ok"):
            return Check(name, "FAIL", f"token refused (HTTP {me.status_code})")
        info = client.get(f"{base}{token}/getWebhookInfo").json().get("result", {})
    username = me.json()["result"].get("username", "?")
    url = info.get("url", "")
    if settings.telegram_mode == "webhook":
        expected = settings.public_base_url.rstrip("/") + channel_path("telegram", key, "webhook")
        if url != expected:
            shown = url or "none"
            return Check(
                name,
                "WARN",
                f"@{username}: webhook is {shown}, expected {expected} (set when `serve` starts)",
            )
        return Check(name, "OK", f"@{username}, webhook {url}")
    if url:
        return Check(name, "WARN", f"@{username}: polling, but a webhook is set ({url})")
    return Check(name, "OK", f"@{username}, polling")


def _twilio(settings: Settings, name: str = "twilio", *, sender: bool = True) -> Check:
    if not settings.twilio_account_sid or settings.twilio_auth_token is None:
        return Check(name, "SKIP", "TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN not set")
    sid = settings.twilio_account_sid
    url = f"{settings.twilio_api_base_url.rstrip('/')}/2010-04-01/Accounts/{sid}.json"
    with httpx.Client(timeout=TIMEOUT) as client:
        answer = client.get(url, auth=(sid, settings.twilio_auth_token.get_secret_value()))
    if answer.status_code != 200:
        return Check(name, "FAIL", f"credentials refused (HTTP {answer.status_code})")
    status = answer.json().get("status", "?")
    if not sender:  # a channel row: the account answers; its number is its own
        return Check(name, "OK", f"account {status}")
    senders = [
        label
        for label, number in (
            ("WhatsApp", settings.twilio_whatsapp_from),
            ("SMS", settings.twilio_sms_from),
        )
        if number
    ]
    if not senders:
        return Check(name, "FAIL", "neither TWILIO_WHATSAPP_FROM nor TWILIO_SMS_FROM is set")
    return Check(name, "OK", f"account {status}, sender set ({', '.join(senders)})")


def _templates(settings: Settings) -> Check:
    if not settings.whatsapp_enabled:
        return Check("whatsapp templates", "SKIP", "WhatsApp not configured")
    missing = [k for k in BUSINESS_KINDS if k not in settings.whatsapp_templates]
    if missing:
        return Check(
            "whatsapp templates",
            "WARN",
            f"none for {', '.join(missing)}: those wait for the contact's next message",
        )
    return Check("whatsapp templates", "OK", f"all {len(BUSINESS_KINDS)} kinds configured")


def _public_url(settings: Settings) -> Check:
    url = f"{settings.public_base_url.rstrip('/')}/healthz"
    try:
        with httpx.Client(timeout=TIMEOUT) as client:
            answer = client.get(url)
    except httpx.HTTPError as exc:
        return Check("public url", "FAIL", f"{url} not reachable ({type(exc).__name__})")
    if answer.status_code != 200:
        return Check("public url", "FAIL", f"{url} answered HTTP {answer.status_code}")
    if not url.startswith("https://") and (settings.telegram_enabled or settings.whatsapp_enabled):
        return Check("public url", "WARN", f"{url} answers, but platforms need https")
    return Check("public url", "OK", f"{url} answers")


# The PDF check renders a page in a process of its own: the doctor never loads WeasyPrint.
PDF_PROBE = "from reports.rendering.pdf import pdf_available; print(pdf_available() or '')"


def pdf_problem() -> str | None:
    """None when WeasyPrint and Pango render a page here; otherwise what is wrong."""
    import subprocess
    import sys

    try:
        probe = subprocess.run(
            [sys.executable, "-c", PDF_PROBE],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"the PDF check could not run ({type(exc).__name__})"
    if probe.returncode != 0:
        return (probe.stderr.strip().splitlines() or ["the PDF check failed"])[-1][:160]
    lines = probe.stdout.strip().splitlines()
    return lines[-1] if lines else None


def _pdf() -> Check:
    problem = pdf_problem()
    if problem:
        return Check(
            "pdf", "WARN", f"{problem}; reports go without PDF (install Pango, see README)"
        )
    return Check("pdf", "OK", "WeasyPrint and Pango render")


def _media(settings: Settings) -> Check:
    directory = settings.media_dir
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check("media dir", "FAIL", f"{directory} not writable ({_short(exc)})")
    return Check("media dir", "OK", f"{directory} writable")


def _scheduler(settings: Settings, engine: Engine) -> Check:
    from sqlmodel import Session

    from storage.models.leases import Lease

    with Session(engine) as session:
        # The scheduler's lease, and the sender lease of each channel.
        leases = list(session.execute(select(Lease)).scalars())
    now = datetime.now(UTC)
    live = [lease for lease in leases if lease.expires_at > now]
    if live:
        holders = ", ".join(
            f"{lease.holder} until {lease.expires_at:%H:%M:%S} UTC" for lease in live
        )
        return Check("scheduler", "OK", f"lease held by {holders}")
    if not settings.scheduler_enabled:
        return Check(
            "scheduler", "WARN", "SCHEDULER_ENABLED=false and no scheduler holds the lease"
        )
    return Check("scheduler", "WARN", "no scheduler holds the lease (is `psmbot serve` running?)")
