"""Greeting, main menu and help."""

from __future__ import annotations

from handlers import forms
from handlers.messages import Option
from handlers.turn import Turn
from storage.models.people import PersonRole
from storage.regions import display_name, get_region

MENU_KEYS = ("activity", "case", "my_cases", "help")
# Each role's menu: a ketua PSM also sees the kelurahan; coordinators see their area first.
MENUS: dict[str, tuple[str, ...]] = {
    PersonRole.PSM: MENU_KEYS,
    PersonRole.KETUA_PSM: (
        "activity", "case", "my_cases", "village_cases", "meetings", "report", "dashboard",
        "help",
    ),
    PersonRole.TKSK: (
        "report", "meetings", "area_cases", "approvals", "activity", "dashboard", "help",
    ),
    PersonRole.DINSOS: ("report", "meetings", "area_cases", "approvals", "dashboard", "help"),
    PersonRole.ADMIN: ("report", "area_cases", "approvals", "dashboard", "help"),
}  # fmt: skip


def menu_options(turn: Turn) -> list[Option]:
    """The main menu of the person's role, as options."""
    role = turn.person.role if turn.person is not None else PersonRole.PSM
    keys = MENUS.get(role, MENU_KEYS)
    return [Option(f"menu:{key}", turn.text(f"menu.{key}")) for key in keys]


def show_menu(turn: Turn) -> None:
    """Offer the main menu."""
    turn.say("menu.title", options=menu_options(turn))


def greet(turn: Turn) -> None:
    """/start for a registered person: a welcome naming their area, then the menu."""
    assert turn.person is not None
    region = get_region(session=turn.session, code=turn.person.area_code)
    area = display_name(region) if region is not None else turn.person.area_code
    turn.say("welcome", name=turn.person.name, area=area)
    show_menu(turn)


def show_help(turn: Turn) -> None:
    """How to report, in a few lines; a draft in progress keeps its question."""
    if forms.open_form(turn) is not None:
        turn.notice("help")
        forms.resume_open_draft(turn)
        return
    turn.say("help", options=menu_options(turn))
