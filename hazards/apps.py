from django.apps import AppConfig
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_save

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
        ("hazards:risk_map", "风险电子一张图", None, GROUP),
    ]

    def ready(self):
        from grid.models import region_moved

        # 登记为隐患 on grid's visit page, through the panel it renders.
        from . import panels  # noqa: F401
        from .models import Hazard

        post_save.connect(_announce_unassigned, sender=Hazard, dispatch_uid="hazards.announce_unassigned")
        region_moved.connect(_carry_hazards, dispatch_uid="hazards.carry_along")


def _announce_unassigned(sender, instance, created, update_fields=None, **kwargs):
    """However a major hazard is recorded (page, API, import, a finding), the committee hears it needs a leader."""
    from .services import hazard_announce_unassigned

    if instance.is_major and (created or update_fields is None) and not kwargs.get("raw"):
        hazard_announce_unassigned(hazard=instance)


def _carry_hazards(sender, region, **kwargs) -> str:
    """A township moved to another county takes its hazards along: their stored county (the county's scope
    reads it) and, for those still open, that county's department of their department's kind.

    A leader of the old county keeps a major hazard assigned to them: the notice says how many the new
    county has to assign again.
    """
    from grid.models import Region
    from grid.services import regulators_transfer

    from .choices import AssignmentStatus
    from .models import Hazard, LeaderAssignment

    parent = Region.objects.filter(pk=OuterRef("region_id")).values("parent_id")
    hazards = Hazard.objects.filter(region__path__startswith=region.path)
    moved = hazards.update(county_id=Subquery(parent))
    if not moved:
        return ""
    details = []
    transferred = regulators_transfer(records=hazards.open(), region=region)
    if transferred:
        details.append(f"未销号的{transferred}条改由{region.parent}同类部门督办")
    led_from_before = (
        LeaderAssignment.objects.filter(hazard__in=hazards, status=AssignmentStatus.ACTIVE)
        .exclude(leader__region__code__in=region.ancestor_codes)
        .count()
    )
    if led_from_before:
        details.append(f"{led_from_before}条重大隐患的挂包领导仍为原县（区）领导，待重新明确")
    return f"隐患{moved}条" + (f"（{'；'.join(details)}）" if details else "")
