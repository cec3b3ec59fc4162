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
