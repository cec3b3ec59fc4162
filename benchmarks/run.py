"""Measure the main pages and API at scale (not a test: it prints timings).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanming_bench DEBUG=1 \\
        python manage.py seed_demo --enterprises 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanming_bench DEBUG=1 python benchmarks/run.py

Each URL is fetched through Django's test client as a demo user; the table
gives the median and worst of a few runs and the number of queries.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanming_safety.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from grid.models import Enterprise  # noqa: E402

CASES = [
    ("city", "/"),
    ("c350404", "/"),
    ("t350404001", "/"),
    ("city", "/grid/enterprises/"),
    ("city", "/grid/enterprises/?page=200"),
    ("city", "/grid/enterprises/?q=化工&risk_grade=red&ordering=-created_at"),
    ("c350404", "/grid/enterprises/?industry=mining"),
    ("t350404001", "/grid/enterprises/"),
    ("dept", "/grid/enterprises/"),
    ("city", "/grid/regions/1/"),
    ("city", "/hazards/"),
    ("city", "/hazards/?grade=major&ordering=deadline"),
    ("c350404", "/hazards/"),
    ("t350404001", "/hazards/"),
    ("leader", "/hazards/leaders/mine/"),
    ("city", "/hazards/risk-points/"),
    ("city", "/hazards/map/"),
    ("city", "/api/v1/hazards/risk-points/geojson/"),
    ("city", "/api/v1/hazards/hazards/?page=50"),
    ("city", "/grid/supervisors/"),
    ("city", "/grid/overview/"),
    ("c350404", "/grid/visits/"),
    ("supervisor", "/grid/enterprises/"),
    ("city", "/api/v1/grid/enterprises/"),
    ("city", "/api/v1/grid/enterprises/?q=91350404&page=3"),
    ("t350404001", "/grid/enterprises/?export=xlsx"),
    ("c350404", "/grid/enterprises/?export=xlsx"),
]


def main(runs: int = 5) -> None:
    settings.DEBUG = True  # to count queries
    settings.ALLOWED_HOSTS = ["testserver"]
    users = get_user_model().objects
    print(f"database: {connection.vendor}, enterprises: {Enterprise.objects.count():,}")
    print(f"{'user':<12}{'url':<62}{'median ms':>10}{'max ms':>9}{'queries':>9}")
    for username, url in CASES:
        client = Client()
        client.force_login(users.get(username=username))
        timings, queries = [], 0
        for _ in range(runs):
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            queries = len(connection.queries)
            assert response.status_code in (200, 302), (url, response.status_code)
        print(f"{username:<12}{url:<62}{statistics.median(timings):>10.0f}{max(timings):>9.0f}{queries:>9}")


if __name__ == "__main__":
    main()
