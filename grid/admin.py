from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Department, Enterprise, Official, Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "has_inspection_duty"]
    list_filter = ["kind", "has_inspection_duty"]
    search_fields = ["name"]
    raw_id_fields = ["region"]


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "industry", "region", "risk_grade", "status"]
    list_filter = ["industry", "risk_grade", "status"]
    search_fields = ["name", "credit_code"]
    raw_id_fields = ["region", "department"]


@admin.register(Official)
class OfficialAdmin(SimpleHistoryAdmin):
    list_display = ["name", "user", "role", "region", "department", "post"]
    list_filter = ["role"]
    search_fields = ["name", "user__username"]
    raw_id_fields = ["user", "region", "department"]
