"""The dashboard's navigation: one entry per page, in the order shown.

A page added to the dashboard adds its entry here (and its route module to `routes.PAGES`).
`roles` limits who sees the entry; empty means every coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.models.people import PersonRole


@dataclass(frozen=True, slots=True)
class NavItem:
    """One link of the navigation bar: its text key (`dash.nav.<key>`) and its path."""

    key: str
    path: str
    roles: tuple[PersonRole, ...] = ()

    def shown_to(self, role: PersonRole) -> bool:
        """Whether a viewer of this role sees the entry."""
        return not self.roles or role in self.roles


NAV: list[NavItem] = [
    NavItem("overview", "/dasbor/"),
    NavItem("activities", "/dasbor/kegiatan"),
    NavItem("cases", "/dasbor/kasus"),
    NavItem("psm", "/dasbor/psm"),
    NavItem("roster", "/dasbor/roster"),
    NavItem("meetings", "/dasbor/pertemuan"),
    NavItem("audit", "/dasbor/audit", roles=(PersonRole.DINSOS, PersonRole.ADMIN)),
]
