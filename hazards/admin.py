from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Hazard, LeaderAssignment, RiskPoint, SupervisionItem


@admin.register(Hazard)
class HazardAdmin(SimpleHistoryAdmin):
    list_display = ["title", "grade", "status", "region", "enterprise", "found_on", "deadline"]
    list_filter = ["grade", "status", "industry"]
    search_fields = ["title", "enterprise__name"]
    raw_id_fields = ["enterprise", "region", "department", "risk_point"]
    # Status moves only through the services, so history keeps why.
    readonly_fields = ["status", "progress", "closed_on", "acceptance_note"]


@admin.register(LeaderAssignment)
class LeaderAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["hazard", "leader", "round", "target_date", "status"]
    list_filter = ["round", "status"]
    raw_id_fields = ["hazard", "leader"]


@admin.register(SupervisionItem)
class SupervisionItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "source", "category", "region", "deadline", "status"]
    list_filter = ["year", "source", "category", "status"]
    search_fields = ["title"]
    raw_id_fields = ["region", "owner", "hazards"]


@admin.register(RiskPoint)
class RiskPointAdmin(SimpleHistoryAdmin):
    list_display = ["name", "period", "grade", "control_level", "region", "review"]
    list_filter = ["period", "grade", "control_level", "review"]
    search_fields = ["name", "enterprise__name"]
    raw_id_fields = ["enterprise", "region", "previous"]
