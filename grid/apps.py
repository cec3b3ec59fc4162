from django.apps import AppConfig

OFFICES = ("city_committee", "county_committee", "township", "admin")


class GridConfig(AppConfig):
    name = "grid"
    verbose_name = "属地与网格"
    navigation = [
        ("grid:enterprise_list", "生产经营单位", None),
        ("grid:region_list", "行政区划", None),
        ("grid:grid_overview", "网格与督导员", OFFICES, "一员一长一所"),
        ("grid:supervision_guide_list", "督导指南", None, "一员一长一所"),
        ("grid:supervision_visit_create", "填写督导记录", ("grid_supervisor",), "一员一长一所"),
        ("grid:supervision_visit_list", "督导记录", None, "一员一长一所"),
        ("grid:grassroots", "房长制与消防所", OFFICES, "一员一长一所"),
    ]

    def ready(self):
        from .models import region_carried, region_moved

        region_moved.connect(_transfer_enterprises, dispatch_uid="grid.transfer_enterprises")
        region_carried.connect(_announce_move, dispatch_uid="grid.announce_move")


def _transfer_enterprises(sender, region, **kwargs) -> str:
    """A township moved to another county takes its enterprises along, each to that county's department of
    its department's kind."""
    from .models import Enterprise
    from .services import regulators_transfer

    enterprises = Enterprise.objects.filter(region__path__startswith=region.path)
    total = enterprises.count()
    if not total:
        return ""
    transferred = regulators_transfer(records=enterprises, region=region)
    return f"生产经营单位{total}家" + (f"（{transferred}家改由{region.parent}同类部门监管）" if transferred else "")


def _announce_move(sender, region, was, carried, **kwargs) -> None:
    """The committees of the region a township left and of the one it joined hear what moved with it."""
    from .services import region_announce_move

    region_announce_move(region=region, was=was, carried=carried)
