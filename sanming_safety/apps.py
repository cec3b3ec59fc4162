from django.apps import AppConfig


class SanmingSafetyConfig(AppConfig):
    name = "sanming_safety"
    verbose_name = "安委办"
    navigation = [("bulletin_list", "督查通报", ("admin", "city_committee", "county_committee"))]

    def ready(self) -> None:
        from . import auth  # noqa: F401  (connects the token-revoking signal receivers)
