from django.apps import AppConfig


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = "平台基础"
    navigation = [("job_schedule", "定时任务", ("admin", "city_committee"), "看板")]

    def ready(self):
        # Every app's registrations are declared at start-up, not on the first request:
        # notices written by workers need the models' get_absolute_url, jobs the importers' forms.
        from .registry import registrations

        registrations()
