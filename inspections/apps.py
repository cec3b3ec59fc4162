from django.apps import AppConfig

from base.choices import Role

GROUP = "大检查"
COMMITTEES = (Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE, Role.LEADER)
OFFICES = (Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE, Role.DEPARTMENT, Role.TOWNSHIP, Role.LEADER)


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "安全生产大检查"
    navigation = [
        ("inspections:campaign_list", "检查行动", OFFICES, GROUP),
        ("inspections:duty_assignment_list", "职责分工", OFFICES, GROUP),
        ("inspections:inspection_team_list", "检查组", OFFICES, GROUP),
        ("inspections:inspection_list", "检查记录", OFFICES, GROUP),
        ("inspections:self_check_report_list", "企业自查报告", OFFICES, GROUP),
        ("inspections:checklist_item_list", "检查表", OFFICES, GROUP),
        ("inspections:evaluation_list", "年底总评", (*COMMITTEES, Role.DEPARTMENT), GROUP),
        # The mechanisms (mechanism_views): lists by priority, coverage, the cadence's tables and workbooks.
        ("inspections:units", "单位清单（重点优先）", OFFICES, GROUP),
        ("inspections:coverage", "检查覆盖率", OFFICES, GROUP),
        ("inspections:evaluation_table", "年底一总评表", (*COMMITTEES, Role.DEPARTMENT), GROUP),
        ("inspections:cadence_report_list", "四项机制报表", OFFICES, GROUP),
    ]

    def ready(self):
        from . import panels  # noqa: F401
