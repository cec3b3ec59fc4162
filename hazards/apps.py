from django.apps import AppConfig

from base.choices import Role

DESK_ROLES = (
    Role.ADMIN,
    Role.CITY_COMMITTEE,
    Role.COUNTY_COMMITTEE,
    Role.DEPARTMENT,
    Role.TOWNSHIP,
    Role.GRID_SUPERVISOR,
)


GROUP = "三个一律 · 双重预防"


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = "隐患与风险"
    navigation = [
        ("hazards:hazard_list", "隐患", None, GROUP),
        ("hazards:my_assignments", "我的挂包隐患", (Role.LEADER,), GROUP),
        ("hazards:leader_assignment_list", "挂包整改", None, GROUP),
        (
            "hazards:supervision_item_list",
            "督办清单",
            (Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE, Role.LEADER),
            GROUP,
        ),
        ("hazards:risk_point_list", "风险点", DESK_ROLES, GROUP),
        ("hazards:risk_map", "电子一张图", None, GROUP),
    ]

    def ready(self):
        # Registering the models gives them get_absolute_url, which notices written by workers need too.
        from . import views  # noqa: F401
