"""All tables, imported here so that `SQLModel.metadata` knows every one of them."""

from storage.models.activities import Activity, ActivityCase, ActivityChange
from storage.models.audit import AuditLog
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media
from storage.models.meetings import Meeting, MeetingAttendance, MeetingSeries
from storage.models.messaging import ConversationState, InboundMessage, OutboxMessage
from storage.models.people import Identity, Person
from storage.models.plans import PlannedStep
from storage.models.regions import Region
from storage.models.schedules import ReportSubscription, SchedulerLease
from storage.models.simulator import SimulatorLine

__all__ = [
    "Activity",
    "ActivityCase",
    "ActivityChange",
    "AuditLog",
    "Case",
    "CaseEvent",
    "ConversationState",
    "Identity",
    "InboundMessage",
    "Media",
    "Meeting",
    "MeetingAttendance",
    "MeetingSeries",
    "OutboxMessage",
    "Person",
    "PlannedStep",
    "Region",
    "ReportSubscription",
    "SchedulerLease",
    "SimulatorLine",
]
