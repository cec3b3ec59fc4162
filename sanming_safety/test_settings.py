"""Settings for the test suite: production settings, with what tests cannot have."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DEBUG", "0")

from .settings import *  # noqa: F403

# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
# Hashing is deliberately slow; tests log in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Tasks run in-process so tests see their effects; the broker itself is still
# checked by /healthz, and tests/test_worker.py sends jobs through a real worker.
CELERY_TASK_ALWAYS_EAGER = True
