import os

from celery import Celery
from celery.signals import worker_process_init

from base.process import freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanming_safety.settings")

app = Celery("sanming_safety")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_loaded_objects(**kwargs) -> None:
    """Each pool process starts from the worker's loaded project: leave it out of later collections."""
    freeze_loaded_objects()
