"""A job sent through the real broker is done by a real Celery worker process."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from base.models import Notification
from sanming_safety.celery import app

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs Redis and PostgreSQL (set REDIS_URL and DATABASE_URL)",
    ),
    # send_task always goes through the broker, which is the point here.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
    # The worker is another process: the data must be committed. The cast
    # fixture brings back the divisions that a flush after another test removed.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker():
    db = settings.DATABASES["default"]
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sanming_safety.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "SECRET_KEY": "worker-test-key",
        "DEBUG": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sanming_safety",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield queue
    process.terminate()
    process.wait(timeout=20)


def test_a_worker_sends_queued_notice_emails(cast, worker):
    cast.user_a.email = "a@example.gov.cn"
    cast.user_a.save()
    notice = Notification.objects.create(recipient=cast.user_a, kind="test", text="经由 Redis 的通知")
    app.send_task("base.tasks.send_notification_emails", queue=worker)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        notice.refresh_from_db()
        if notice.emailed_at is not None:
            break
        time.sleep(0.5)
    assert notice.emailed_at is not None
