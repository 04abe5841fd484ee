"""All tables, imported here so that `SQLModel.metadata` knows every one of them."""

import storage.column_fit  # noqa: F401  (texts fit their columns, on every table)
from storage.models.activities import Activity, ActivityCase, ActivityChange
from storage.models.audit import AuditLog
from storage.models.cases import Case, CaseEvent
from storage.models.channels import Channel
from storage.models.dashboard import DashboardLink, DashboardSession
from storage.models.leases import Lease
from storage.models.media import Media
from storage.models.meetings import Meeting, MeetingAttendance, MeetingSeries
from storage.models.messaging import ConversationState, InboundMessage, OutboxMessage
from storage.models.people import Identity, Person
from storage.models.plans import PlannedStep
from storage.models.regions import Region
from storage.models.render_jobs import RenderJob
from storage.models.schedules import ReportSubscription
from storage.models.simulator import SimulatorLine

__all__ = [
    "Activity",
    "ActivityCase",
    "ActivityChange",
    "AuditLog",
    "Case",
    "CaseEvent",
    "Channel",
    "ConversationState",
    "DashboardLink",
    "DashboardSession",
    "Identity",
    "InboundMessage",
    "Lease",
    "Media",
    "Meeting",
    "MeetingAttendance",
    "MeetingSeries",
    "OutboxMessage",
    "Person",
    "PlannedStep",
    "Region",
    "RenderJob",
    "ReportSubscription",
    "SimulatorLine",
]
