from django.apps import AppConfig


class GridConfig(AppConfig):
    name = "grid"
    verbose_name = "属地与网格"
    navigation = [
        ("grid:enterprise_list", "生产经营单位", None),
        ("grid:region_list", "行政区划", None),
    ]
