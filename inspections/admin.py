from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Campaign,
    CampaignPhase,
    ChecklistItem,
    DutyAssignment,
    Evaluation,
    Inspection,
    InspectionCheck,
    InspectionFinding,
    InspectionTeam,
    SelfCheckProblem,
    SelfCheckReport,
    TeamMember,
    TeamTraining,
)


class CampaignPhaseInline(admin.TabularInline):
    model = CampaignPhase
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "region", "document_number", "starts_on", "ends_on"]
    list_filter = ["year"]
    search_fields = ["name", "document_number"]
    raw_id_fields = ["region"]
    inlines = [CampaignPhaseInline]


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "department"]
    list_filter = ["campaign"]
    raw_id_fields = ["department"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["official", "expert"]


class TeamTrainingInline(admin.TabularInline):
    model = TeamTraining
    extra = 0


@admin.register(InspectionTeam)
class InspectionTeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "campaign", "region", "department", "leader_name"]
    list_filter = ["campaign"]
    search_fields = ["name", "leader_name"]
    raw_id_fields = ["region", "department", "leader"]
    inlines = [TeamMemberInline, TeamTrainingInline]


class InspectionCheckInline(admin.TabularInline):
    model = InspectionCheck
    extra = 0
    raw_id_fields = ["item"]


class InspectionFindingInline(admin.TabularInline):
    model = InspectionFinding
    extra = 0
    readonly_fields = ["hazard"]


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise", "inspected_on", "phase", "team", "result", "previous"]
    list_filter = ["campaign", "phase", "result"]
    search_fields = ["enterprise__name", "document_number"]
    raw_id_fields = ["enterprise", "team", "previous"]
    inlines = [InspectionCheckInline, InspectionFindingInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SimpleHistoryAdmin):
    list_display = ["industry", "number", "text", "region"]
    list_filter = ["industry"]
    search_fields = ["text"]


class SelfCheckProblemInline(admin.TabularInline):
    model = SelfCheckProblem
    extra = 0
    readonly_fields = ["hazard"]


@admin.register(SelfCheckReport)
class SelfCheckReportAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise", "campaign", "checked_on", "items_checked", "problems_found", "principal_signed"]
    list_filter = ["campaign", "principal_signed"]
    search_fields = ["enterprise__name"]
    raw_id_fields = ["enterprise"]
    inlines = [SelfCheckProblemInline]


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["year", "region", "department", "grade"]
    list_filter = ["year", "grade"]
    raw_id_fields = ["region", "department"]
