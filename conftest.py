import os

import pytest
from django.test import override_settings

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploads and generated files of the whole run go to a temporary directory, never the repository's media/."""
    root = str(tmp_path_factory.mktemp("media"))
    # The Celery worker that tests/test_worker.py starts reads its settings from the environment.
    os.environ["MEDIA_ROOT"] = root
    with override_settings(MEDIA_ROOT=root):
        yield root


@pytest.fixture(scope="session", autouse=True)
def live_aggregates():
    """Pages compute their numbers on every request, so tests compare them with live counts after each step;
    base/tests/test_aggregates.py turns the short cache on."""
    with override_settings(DASHBOARD_CACHE_SECONDS=0):
        yield
