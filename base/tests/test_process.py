"""A web or Celery worker process leaves the project it loaded at startup out of later garbage collections."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOADED = 50_000  # Django with the project's apps is some 170,000 objects


def frozen_after(script: str) -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sanming_safety.settings", "SECRET_KEY": "process-test-key"}
    result = subprocess.run(
        [sys.executable, "-c", f"import gc\n{script}\nprint(gc.get_freeze_count())"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.split()[-1])


def test_nothing_is_frozen_by_merely_setting_django_up():
    assert frozen_after("import django; django.setup()") == 0


@pytest.mark.parametrize(
    "started",
    [
        pytest.param("import sanming_safety.wsgi", id="gunicorn worker"),
        pytest.param(
            "import django; from sanming_safety.celery import app; django.setup()\n"
            "from celery.signals import worker_process_init; worker_process_init.send(sender=None)",
            id="celery pool process",
        ),
    ],
)
def test_a_worker_process_freezes_what_it_loaded(started):
    assert frozen_after(started) > LOADED
