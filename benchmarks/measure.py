"""The measuring half of ``scale.py``: run in a child process against one seeded database.

Prints nothing; ``run`` returns the cases (time, queries, peak memory) and the
checks (the app's numbers beside hand-written SQL). See scale.py.
"""

import datetime
import io
import os
import statistics
import tempfile
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanming_safety.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import resolve  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from base import aggregates  # noqa: E402
from base.excel import Viewer, write_workbook  # noqa: E402
from base.process import freeze_loaded_objects  # noqa: E402
from grid.models import Region  # noqa: E402
from hazards import reports  # noqa: E402
from hazards.importers import HazardImporter  # noqa: E402
from sanming_safety.bulletin import write_bulletin  # noqa: E402
from sanming_safety.tasks import renew_kept_numbers  # noqa: E402

EXPORT_USER, IMPORT_USER, IMPORT_ROWS = "c350404", "t350404001", 500
# The city's and 三元区's pages whose numbers are kept and renewed by the worker.
KEPT_PAGES = [("city", "/"), ("city", "/desk/"), ("city", "/hazards/leaders/"), ("c350404", "/"), ("c350404", "/desk/")]


class Counter:
    """Counts the queries run inside it (a wrapper on the connection: no log, no cap, survives reconnects)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapping = connection.execute_wrapper(self)
        self._wrapping.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapping.__exit__(*exc)


class Rollback(Exception):
    """Raised to undo a measured job, export or import, so a rerun measures the same work."""


def timed(call, runs: int) -> tuple[float, int, int]:
    """Median ms of ``runs`` calls after a warm-up, queries of the last, the peak (tracemalloc) of one more."""
    call()
    timings = []
    for _ in range(runs):
        with Counter() as queries:
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(timings), queries.count, peak


def cold(call, runs: int) -> tuple[float, int]:
    """Median ms of ``runs`` calls each after emptying the cache (what the first official after the
    cache's minutes waits), and the queries of the last."""
    timings = []
    for _ in range(runs):
        cache.clear()
        with Counter() as queries:
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), queries.count


def once(call, runs: int = 1, *, before=None) -> tuple[float, int, int]:
    """Median ms of ``runs`` runs, each undone, and the queries of the last; then one more under tracemalloc
    for the peak. ``before``, if given, is called (untimed) before each run."""

    def undone():
        try:
            with transaction.atomic():
                call()
                raise Rollback
        except Rollback:
            pass

    times = []
    for _ in range(runs):
        if before is not None:
            before()
        with Counter() as queries:
            started = time.perf_counter()
            undone()
            times.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    undone()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), queries.count, peak


def user(name: str):
    return get_user_model().objects.get(username=name)


def page_cases(pages, runs: int) -> dict:
    cases = {}
    for username, url, label in pages:
        client = Client()
        client.force_login(user(username))

        def fetch(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)

        cold_ms, cold_queries = cold(fetch, runs)
        ms, queries, peak = timed(fetch, runs)
        cases[f"{username} {url}"] = {
            "label": label,
            "ms": ms,
            "queries": queries,
            "peak": peak,
            "cold_ms": cold_ms,
            "cold_queries": cold_queries,
        }
    return cases


def last_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def export_rows():
    viewer = user(EXPORT_USER)
    view = resolve("/hazards/").func.view_class()
    year = timezone.localdate().year
    return viewer, view, view.export_rows(viewer, QueryDict("")).filter(found_on__year=year)


def import_upload():
    """A workbook of IMPORT_ROWS hazards of the township, as the import page receives it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    township = Region.objects.get(code="350404001")
    workbook = Workbook()
    sheet = workbook.active
    headers = [column.header for column in HazardImporter.columns if column.field]
    sheet.append(headers)
    for index in range(IMPORT_ROWS):
        row = {
            "隐患名称": f"基准导入隐患{index}",
            "隐患等级": "一般隐患",
            "行业": "工贸企业",
            "发现途径": "部门检查",
            "所在乡镇（街道）": township.code,
            "地点": f"某路{index}号",
            "隐患描述": "配电箱门缺失",
            "发现日期": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
            "发现人": "王检查",
        }
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return lambda: SimpleUploadedFile("bench.xlsx", buffer.getvalue())


def job_cases(runs: int) -> dict:
    cases = {}
    # What the worker does every DASHBOARD_CACHE_SECONDS so that the kept pages read kept numbers: renew
    # those asked for (the page cases empty the cache, so they are asked for again here).
    for username, url in KEPT_PAGES:
        client = Client()
        client.force_login(user(username))
        assert client.get(url).status_code == 200
    asked = len(cache.get(aggregates.ASKED_KEY, {}))
    ms, queries, peak = once(renew_kept_numbers)
    cases["renew"] = {
        "label": f"`renew_kept_numbers` (the worker: {asked} kept pages of the city and 三元区)",
        "ms": ms,
        "queries": queries,
        "peak": peak,
    }
    for cadence in ("daily", "monthly"):
        ms, queries, peak = once(lambda cadence=cadence: call_command("run_jobs", cadence, stdout=io.StringIO()))
        cases[f"run_jobs {cadence}"] = {"label": f"`run_jobs {cadence}`", "ms": ms, "queries": queries, "peak": peak}
    city = Region.objects.get(parent__isnull=True)
    ms, queries, peak = once(lambda: write_bulletin(last_month(), city))
    cases["bulletin"] = {"label": "bulletin workbook (city, last month)", "ms": ms, "queries": queries, "peak": peak}

    viewer, view, rows = export_rows()
    count = rows.count()

    def export():
        # Into a temporary file, as the export task writes it: the memory measured is the writer's, not the file's.
        with tempfile.TemporaryFile() as target:
            write_workbook(rows, view.columns, "隐患", viewer=Viewer(viewer, "export"), target=target)

    ms, queries, peak = once(export, runs)
    cases["export"] = {
        "label": "export: 三元区's hazards of this year",
        "rows": count,
        "ms": ms,
        "queries": queries,
        "peak": peak,
    }
    upload = import_upload()
    importer = user(IMPORT_USER)

    def do_import():
        result = HazardImporter().run(upload(), importer)
        assert result.ok, result.errors[:3]

    def vacuum():
        # A rolled-back import leaves its rows dead in the hazards' indexes, where the next run's rows go
        # (the same township, day and user): the SQL of one run after another grew up to 4× at 10×. An
        # import that commits meets no such rows; each run starts from the table as it was.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM hazards_hazard, hazards_historicalhazard")

    ms, queries, peak = once(do_import, runs, before=vacuum)
    cases["import"] = {
        "label": f"import: {IMPORT_ROWS:,} hazards of a township",
        "rows": IMPORT_ROWS,
        "ms": ms,
        "queries": queries,
        "peak": peak,
    }
    return cases


# Hand-written SQL ---------------------------------------------------------------------------------------


def sql(statement: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


DASHBOARD_SQL = """
WITH open AS (
    SELECT h.id, h.grade = 'major' AS major, coalesce(h.deadline < %(today)s, false) AS late,
           substr(r.path, 1, %(child)s) AS area
    FROM hazards_hazard h JOIN grid_region r ON r.id = h.region_id
    WHERE h.status <> 'closed' AND r.path LIKE %(path)s
)
SELECT area, count(*), count(*) FILTER (WHERE late), count(*) FILTER (WHERE major),
       count(*) FILTER (WHERE major AND NOT EXISTS (
           SELECT 1 FROM hazards_leaderassignment a WHERE a.hazard_id = open.id AND a.status = 'active')),
       count(*) FILTER (WHERE major AND late), count(*) FILTER (WHERE major <> late),
       count(*) FILTER (WHERE NOT major AND NOT late)
FROM open GROUP BY GROUPING SETS ((), (area))
"""
ROUND_SQL = """
SELECT count(*), count(*) FILTER (WHERE a.completed_on <= %(today)s),
       count(*) FILTER (WHERE a.completed_on <= %(today)s AND a.completed_on <= a.target_date),
       count(*) FILTER (WHERE a.target_date < %(today)s AND (a.completed_on IS NULL OR a.completed_on > %(today)s))
FROM hazards_leaderassignment a JOIN hazards_hazard h ON h.id = a.hazard_id JOIN grid_region r ON r.id = h.region_id
WHERE a.round = %(year)s AND a.assigned_on <= %(today)s AND r.path LIKE %(path)s
"""


def child_length(region: Region) -> int:
    child = region.children.exclude(level="village").values_list("path", flat=True).first()
    return len(child) if child else len(region.path)


def dashboard_by_sql(region: Region) -> dict:
    today = timezone.localdate()
    params = {"today": today, "year": today.year, "path": region.path + "%", "child": child_length(region)}
    names = {area.path: area.name for area in reports.areas(region)}
    result = {"areas": {name: {"red": 0, "orange": 0, "yellow": 0} for name in names.values()}}
    for area, total, late, major, no_leader, red, orange, yellow in sql(DASHBOARD_SQL, params):
        colours = {"red": red, "orange": orange, "yellow": yellow}
        if area is None:
            result.update(
                totals={"open": total, "overdue": late, "major": major, "major_no_leader": no_leader}, colours=colours
            )
        elif area in names:
            result["areas"][names[area]] = colours
    result.setdefault("totals", {"open": 0, "overdue": 0, "major": 0, "major_no_leader": 0})
    result.setdefault("colours", {"red": 0, "orange": 0, "yellow": 0})
    assigned, completed, on_time, overdue = sql(ROUND_SQL, params)[0]
    result["round"] = {"assigned": assigned, "completed": completed, "on_time": on_time, "overdue": overdue}
    return result


def dashboard_by_app(username: str) -> dict:
    data = reports.dashboard(user(username))
    return {
        "totals": data["totals"],
        "colours": {item["value"]: item["count"] for item in data["colours"]},
        "areas": {row["region"].name: {c: row[c] for c in reports.OPEN_COLOURS} for row in data["areas"]},
        "round": {k: data["round"][k] for k in ("assigned", "completed", "on_time", "overdue")},
    }


BULLETIN_SQL = """
WITH found AS (
    SELECT h.grade = 'major' AS major, h.closed_on IS NOT NULL AND h.closed_on <= %(as_of)s AS closed,
           coalesce(h.deadline < %(as_of)s, false) AND (h.closed_on IS NULL OR h.closed_on > %(as_of)s) AS overdue,
           h.measures_in_place AND h.responsibility_in_place AND h.funds_in_place AND h.time_limit_in_place
               AND h.contingency_in_place AS five,
           EXISTS (SELECT 1 FROM hazards_leaderassignment a WHERE a.hazard_id = h.id AND a.assigned_on <= %(as_of)s)
               AS led,
           h.funds, h.industry, substr(r.path, 1, %(child)s) AS area
    FROM hazards_hazard h JOIN grid_region r ON r.id = h.region_id
    WHERE r.path LIKE %(path)s AND h.found_on BETWEEN %(first)s AND %(as_of)s
)
SELECT area, industry, count(*) FILTER (WHERE NOT major), count(*) FILTER (WHERE NOT major AND closed),
       count(*) FILTER (WHERE major), count(*) FILTER (WHERE major AND closed), count(*) FILTER (WHERE major AND led),
       count(*) FILTER (WHERE major AND five), count(*) FILTER (WHERE major AND overdue),
       count(*) FILTER (WHERE overdue), coalesce(sum(funds), 0)
FROM found GROUP BY GROUPING SETS ((), (area), (industry))
"""
COLOURS_SQL = """
SELECT substr(r.path, 1, %(child)s) AS area,
       count(*) FILTER (WHERE h.grade = 'major' AND coalesce(h.deadline < %(as_of)s, false)),
       count(*) FILTER (WHERE (h.grade = 'major') <> coalesce(h.deadline < %(as_of)s, false)),
       count(*) FILTER (WHERE h.grade <> 'major' AND NOT coalesce(h.deadline < %(as_of)s, false)),
       count(*)
FROM hazards_hazard h JOIN grid_region r ON r.id = h.region_id
WHERE r.path LIKE %(path)s AND h.found_on <= %(as_of)s AND (h.closed_on IS NULL OR h.closed_on > %(as_of)s)
GROUP BY GROUPING SETS ((), (substr(r.path, 1, %(child)s)))
"""
HAZARD_FIELDS = [
    "general_found",
    "general_rectified",
    "major_found",
    "major_closed",
    "major_led",
    "major_five",
    "major_overdue",
    "overdue",
    "funds",
]


def bulletin_by_sql(region: Region, as_of: datetime.date) -> dict:
    params = {
        "as_of": as_of,
        "first": as_of.replace(month=1, day=1),
        "path": region.path + "%",
        "child": child_length(region),
    }
    names = {area.path: area.name for area in reports.areas(region)}
    by_area, by_industry, total = {}, {}, None
    for area, industry, *numbers in sql(BULLETIN_SQL, params):
        counts = dict(zip(HAZARD_FIELDS, [*numbers[:-1], float(numbers[-1])], strict=True))
        if area is None and industry is None:
            total = counts
        elif area is not None:
            by_area[names.get(area, area)] = counts
        else:
            by_industry[industry] = counts
    colours = {}
    for area, red, orange, yellow, count in sql(COLOURS_SQL, params):
        colours[names.get(area, area) if area else "合计"] = {
            "red": red,
            "orange": orange,
            "yellow": yellow,
            "open": count,
        }
    round_params = {"today": as_of, "year": as_of.year, "path": region.path + "%"}
    assigned, completed, on_time, overdue = sql(ROUND_SQL, round_params)[0]
    return {
        "area": {**by_area, "合计": total},
        "industry": {**by_industry, "合计": total},
        "colours": colours,
        "round": {"assigned": assigned, "completed": completed, "on_time": on_time, "overdue": overdue},
    }


def bulletin_by_app(region: Region, as_of: datetime.date) -> dict:
    from grid.choices import Industry

    def clean(counts: dict) -> dict:
        return {key: float(counts.get(key) or 0) if key == "funds" else counts.get(key) or 0 for key in HAZARD_FIELDS}

    labels = {Industry.label(value): value for value in Industry.values}
    area_rows = reports.hazards_by_area(region, as_of)
    industry_rows = reports.hazards_by_industry(region, as_of)
    colour_rows = reports.colours_by_area(region, as_of)
    round_total = reports.leader_round(region, as_of.year, as_of)[-1]
    return {
        "area": {name: clean(counts) for name, counts in area_rows if name == "合计" or any(counts.values())},
        "industry": {
            labels.get(name, name): clean(counts)
            for name, counts in industry_rows
            if name == "合计" or any(counts.values())
        },
        "colours": {
            name: {k: counts[k] or 0 for k in ("red", "orange", "yellow", "open")} for name, counts in colour_rows
        },
        "round": {k: round_total[k] for k in ("assigned", "completed", "on_time", "overdue")},
    }


def normalise_sql_bulletin(result: dict, region: Region) -> dict:
    """The SQL's rows as the app lists them: every area for colours (zeros included), the rest only where found."""
    names = [area.name for area in reports.areas(region)]
    empty = {"red": 0, "orange": 0, "yellow": 0, "open": 0}
    colours = {name: result["colours"].get(name, empty) for name in names}
    colours["合计"] = result["colours"].get("合计", empty)
    return {**result, "colours": colours}


def compare(label: str, app, by_sql, runs: int) -> dict:
    app_ms = statistics.median(_times(app, runs))
    sql_ms = statistics.median(_times(by_sql, runs))
    mine, theirs = app(), by_sql()
    return {"label": label, "app_ms": app_ms, "sql_ms": sql_ms, "equal": mine == theirs, "app": mine, "sql": theirs}


def _times(call, runs: int) -> list[float]:
    call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def checks(runs: int) -> dict:
    city = Region.objects.get(parent__isnull=True)
    county = Region.objects.get(code="350404")
    as_of = (timezone.localdate().replace(day=1)) - datetime.timedelta(days=1)
    return {
        "dashboard city": compare(
            "dashboard numbers, city", lambda: dashboard_by_app("city"), lambda: dashboard_by_sql(city), runs
        ),
        "dashboard county": compare(
            "dashboard numbers, 三元区", lambda: dashboard_by_app("c350404"), lambda: dashboard_by_sql(county), runs
        ),
        "bulletin city": compare(
            "bulletin's hazard numbers, city (by area, industry, colour; the round)",
            lambda: bulletin_by_app(city, as_of),
            lambda: normalise_sql_bulletin(bulletin_by_sql(city, as_of), city),
            runs,
        ),
        "bulletin county": compare(
            "bulletin's hazard numbers, 三元区",
            lambda: bulletin_by_app(county, as_of),
            lambda: normalise_sql_bulletin(bulletin_by_sql(county, as_of), county),
            runs,
        ),
    }


def sessions(usernames: list[str]) -> str:
    """Logged-in sessions and API tokens of ``usernames`` for the load generator: ``name=key:token,…``."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from knox.models import AuthToken

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for name in usernames:
        official = user(name)
        session = store()
        session[SESSION_KEY] = str(official.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = official.get_session_auth_hash()
        session.create()
        token = AuthToken.objects.create(official)[1]
        keys.append(f"{name}={session.session_key}:{token}")
    return ",".join(keys)


def loop_ms() -> float:
    """The machine's speed now: ms of a pure-Python loop (the best of three). This machine's varied by up to
    2× within minutes, and every time measured here with it."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        sum(i * i for i in range(3 * 10**6))
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def run(runs: int, pages) -> dict:
    settings.ALLOWED_HOSTS = ["testserver"]
    speed = [loop_ms()]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-media-")
    # As a gunicorn or Celery worker does once it has loaded the project.
    freeze_loaded_objects()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    cases = page_cases(pages, runs)
    cases.update(job_cases(runs))
    found = checks(runs)
    speed.append(loop_ms())
    for key, check in found.items():
        if not check["equal"]:
            print(f"NOT EQUAL {key}:\n app {check['app']}\n sql {check['sql']}")
    return {
        "meta": {"postgres": postgres, "cores": os.cpu_count(), "loop_ms": speed},
        "cases": cases,
        "checks": {key: {k: v for k, v in check.items() if k not in ("app", "sql")} for key, check in found.items()},
    }
