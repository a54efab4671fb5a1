"""The whole domain as SQLAlchemy 2 typed models; constraints carry the rules the database enforces.

One module per context, like the services. Importing this package registers every model
on the one metadata (migrations and `create_all` need them all), and it is the name the
rest of the house imports models by.
"""

from db.models.action import (
    Activity,
    Actor,
    CatalogueEntry,
    ChecklistItem,
    Initiative,
    InitiativeActor,
    Milestone,
    TimelineEntry,
    initiative_activity,
    initiative_catalogue_entry,
    initiative_idea,
)
from db.models.admin import AuditEvent, SignInPolicy, User
from db.models.base import NAMING_CONVENTION, Base, table_of
from db.models.insight import DataVersion
from db.models.knowledge import ConcretePlan, KnowledgeItem
from db.models.matrix import Matrix, MatrixIdea, MatrixPlacement
from db.models.open_space import (
    OpenSpace,
    OpenSpaceAttendance,
    OpenSpaceIdea,
    OpenSpacePick,
    OpenSpaceReport,
    OpenSpaceRoom,
    OpenSpaceSession,
    OpenSpaceSlot,
)
from db.models.site import SiteSetting
from db.models.surveys import SurveyAnswer, SurveyResponse, SurveyWave
from db.models.volunteering import HoursEntry, HoursMonth, StaffTimeEntry, Volunteer, VolunteerMonth
from db.models.workshop import (
    Cluster,
    Comment,
    Idea,
    IdeaDecision,
    IdeaSupport,
    IdeaSupportByGroup,
    Participant,
    Process,
    ProcessTargetGroup,
    Theme,
    Vote,
    Workshop,
)

__all__ = [
    "NAMING_CONVENTION",
    "Activity",
    "Actor",
    "AuditEvent",
    "Base",
    "CatalogueEntry",
    "ChecklistItem",
    "Cluster",
    "Comment",
    "ConcretePlan",
    "DataVersion",
    "HoursEntry",
    "HoursMonth",
    "Idea",
    "IdeaDecision",
    "IdeaSupport",
    "IdeaSupportByGroup",
    "Initiative",
    "InitiativeActor",
    "KnowledgeItem",
    "Matrix",
    "MatrixIdea",
    "MatrixPlacement",
    "Milestone",
    "OpenSpace",
    "OpenSpaceAttendance",
    "OpenSpaceIdea",
    "OpenSpacePick",
    "OpenSpaceReport",
    "OpenSpaceRoom",
    "OpenSpaceSession",
    "OpenSpaceSlot",
    "Participant",
    "Process",
    "ProcessTargetGroup",
    "SignInPolicy",
    "SiteSetting",
    "StaffTimeEntry",
    "SurveyAnswer",
    "SurveyResponse",
    "SurveyWave",
    "Theme",
    "TimelineEntry",
    "User",
    "Volunteer",
    "VolunteerMonth",
    "Vote",
    "Workshop",
    "initiative_activity",
    "initiative_catalogue_entry",
    "initiative_idea",
    "table_of",
]
