"""/dasbor: a coordinator gets a one-time sign-in link to the web dashboard; PSM are refused."""

from __future__ import annotations

from handlers.turn import Turn
from storage.dashboard_access import LINK_MINUTES, create_link, may_use_dashboard, sign_in_url


def send_link(turn: Turn) -> None:
    """Reply with a fresh sign-in link (private chats only: the router refuses groups)."""
    person = turn.person
    assert person is not None
    if not may_use_dashboard(person):
        turn.say("dashboard.only_coordinators")
        return
    token = create_link(session=turn.session, person=person, now=turn.now)
    turn.say(
        "dashboard.link",
        url=sign_in_url(turn.config.public_base_url, token),
        minutes=LINK_MINUTES,
    )
