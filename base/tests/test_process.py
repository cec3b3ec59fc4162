"""A web or Celery worker process leaves the project it loaded at startup out of later garbage collections."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOADED = 50_000  # Django with the project's apps is some 170,000 objects


def printed(script: str) -> int:
    """The last number ``script`` prints, run in a new process (``gc`` imported)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sanming_safety.settings", "SECRET_KEY": "process-test-key"}
    result = subprocess.run(
        [sys.executable, "-c", f"import gc\n{script}"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return int(result.stdout.split()[-1])


def frozen_after(script: str) -> int:
    return printed(f"{script}\nprint(gc.get_freeze_count())")


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


def test_a_web_worker_has_its_urlconf_loaded_before_it_freezes():
    # Django imports the URLconf (every view module, the API, the filters) at the first request or link:
    # loaded at startup, it is frozen with the rest, and that first request adds few objects of its own.
    added = printed(
        "import sanming_safety.wsgi\nfrom django.urls import get_resolver, reverse\n"
        "before = len(gc.get_objects())\nget_resolver().url_patterns\nreverse('login')\n"
        "print(len(gc.get_objects()) - before)"
    )
    assert added < 1_000
