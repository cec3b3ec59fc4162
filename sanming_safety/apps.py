from django.apps import AppConfig


class SanmingSafetyConfig(AppConfig):
    name = "sanming_safety"
    verbose_name = "安委办"
