from django.apps import AppConfig

COMMITTEES = ("admin", "city_committee", "county_committee")
DESK_ROLES = (*COMMITTEES, "department", "township", "leader")


class SanmingSafetyConfig(AppConfig):
    name = "sanming_safety"
    verbose_name = "安委办"
    navigation = [
        ("bulletin_list", "督查通报", COMMITTEES),
        ("desk", "综合看板", DESK_ROLES, "看板"),
        ("desk_map", "电子一张图（全图层）", DESK_ROLES, "看板"),
        ("screen_link_list", "大屏链接", COMMITTEES, "看板"),
    ]

    def ready(self) -> None:
        from . import auth  # noqa: F401  (connects the token-revoking signal receivers)
