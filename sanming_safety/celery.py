import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanming_safety.settings")

app = Celery("sanming_safety")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
