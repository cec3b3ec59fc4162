"""The performance benchmark at 1× and 10× of the design scale: one command, a Markdown table.

    pip install -r requirements.txt -r requirements-bench.txt
    python benchmarks/scale.py            # seeds (or reuses) both databases, measures, load-tests at 10×

Sizes: 1× is 10,000 enterprises / 100,000 hazards, 10× is 100,000 / 1,000,000,
each seeded by ``seed_demo`` into a PostgreSQL database of its own
(``sm_bench_1x``, ``sm_bench_10x`` on ``BENCH_DATABASE_URL``'s server,
default ``postgres://postgres@127.0.0.1:5432``). A database already holding
exactly those sizes is reused (vacuumed first); one holding others is dropped and seeded again.

For every page, API list, job, the bulletin, an export and an import it prints
the median time at both sizes, their ratio, the queries and the peak Python
memory (tracemalloc, a separate run); then the dashboard's and the bulletin's
numbers beside hand-written SQL on the same data; then p50/p95 of 20
concurrent clients (locust) against gunicorn on loopback at 10×. Jobs, the
export and the import run inside a transaction that is rolled back, so a
rerun measures the same work. Not a test: CI does not time.

Options: ``--sizes 1x,10x`` (a subset), ``--runs 5``, ``--no-load`` (skip the
load test), ``--load-seconds 60``, ``--out FILE`` (the Markdown, also printed).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"1x": (10_000, 100_000), "10x": (100_000, 1_000_000)}
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")

# (user, url, label): pages first, then API lists.
PAGES = [
    ("city", "/", "`/` as the city"),
    ("c350404", "/", "`/` as 三元区 (a county)"),
    ("t350404001", "/", "`/` as 列东街道 (a township)"),
    ("city", "/desk/", "`/desk/` (综合看板) as the city"),
    ("c350404", "/desk/", "`/desk/` as 三元区"),
    ("city", "/hazards/leaders/", "`/hazards/leaders/`, city"),
    ("city", "/api/v1/hazards/hazards/geojson/", "hazard map layer GeoJSON, city"),
    ("city", "/hazards/?grade=major&ordering=deadline", "`/hazards/?grade=major&ordering=deadline`, city"),
    ("city", "/hazards/", "`/hazards/`, city"),
    ("c350404", "/hazards/", "`/hazards/`, county"),
    ("city", "/hazards/risk-points/", "`/hazards/risk-points/`, city"),
    ("city", "/grid/enterprises/", "`/grid/enterprises/`, city"),
    ("city", "/grid/supervisors/", "`/grid/supervisors/`, city"),
    ("city", "/grid/visits/", "`/grid/visits/`, city"),
    ("city", "/enforcement/penalties/", "`/enforcement/penalties/`, city"),
    ("city", "/training/classes/", "`/training/classes/`, city"),
    ("city", "/api/v1/hazards/hazards/", "API hazards, city"),
    ("city", "/api/v1/hazards/leader-assignments/", "API leader assignments, city"),
    ("city", "/api/v1/grid/enterprises/", "API enterprises, city"),
    ("city", "/api/v1/grid/visits/", "API visits, city"),
    ("city", "/api/v1/enforcement/penalties/", "API penalties, city"),
    ("city", "/api/v1/training/classes/", "API classes, city"),
]
# The load test's mix: the main lists and pages, as the city and a county.
LOAD_URLS = [
    ("city", "/"),
    ("c350404", "/"),
    ("city", "/hazards/"),
    ("city", "/grid/enterprises/"),
    ("city", "/api/v1/hazards/hazards/"),
    ("city", "/api/v1/grid/enterprises/"),
    ("c350404", "/api/v1/hazards/hazards/"),
    ("city", "/api/v1/hazards/hazards/geojson/"),
]


# Parent: seed, run the measuring child per size, render -----------------------------------------------


def database_url(size: str) -> str:
    return f"{SERVER}/sm_bench_{size}"


def psql(sql: str) -> str:
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall() if cursor.description else []
    connection.close()
    return rows


def child_env(size: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url(size), "DEBUG": "1", "PYTHONPATH": str(ROOT)}


def manage(size: str, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=child_env(size), check=True)


def seeded_sizes(size: str) -> tuple[int, int] | None:
    script = (
        "from grid.models import Enterprise; from hazards.models import Hazard; "
        # The hazards seeded as such; the demo campaign's self-checks and findings open a few more of their own.
        "seeded = Hazard.objects.filter(self_check_problem__isnull=True, inspection_finding__isnull=True); "
        "print(Enterprise.objects.count(), seeded.count())"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=child_env(size),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        return None
    enterprises, hazards = result.stdout.split()[-2:]
    return int(enterprises), int(hazards)


def prepare(size: str) -> float | None:
    """Create, migrate and seed the size's database unless it holds exactly that size; the seed's seconds."""
    name = f"sm_bench_{size}"
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        psql(f"CREATE DATABASE {name}")
    manage(size, "migrate", "-v0")
    wanted = SIZES[size]
    have = seeded_sizes(size)
    if have == wanted:
        print(f"{name}: reusing {wanted[0]:,} enterprises / {wanted[1]:,} hazards", file=sys.stderr)
        # An earlier run's rolled-back jobs and imports left dead rows (the imports' all in one township,
        # under autovacuum's threshold at 10x), which the township's pages would read through.
        manage(size, "dbshell", "--", "-c", "VACUUM ANALYZE")
        return None
    if have and have != (0, 0):
        print(f"{name}: holds {have}, seeding again", file=sys.stderr)
        psql(f"DROP DATABASE {name} WITH (FORCE)")
        psql(f"CREATE DATABASE {name}")
        manage(size, "migrate", "-v0")
    started = time.perf_counter()
    manage(size, "seed_demo", "--enterprises", str(wanted[0]), "--hazards", str(wanted[1]))
    manage(size, "dbshell", "--", "-c", "VACUUM ANALYZE")
    return time.perf_counter() - started


def measure(size: str, runs: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    subprocess.run(
        [sys.executable, __file__, "--measure", path, "--runs", str(runs)], cwd=ROOT, env=child_env(size), check=True
    )
    result = json.loads(Path(path).read_text())
    os.unlink(path)
    return result


def fmt_ms(value) -> str:
    return "—" if value is None else f"{value:,.0f}"


def fmt_mb(value) -> str:
    return "—" if value is None else f"{value / 1e6:,.1f}"


def queries(row: dict) -> str:
    """A page's queries when its numbers are computed and, if fewer, when they come from the cache."""
    if "queries" not in row:
        return "—"
    if row.get("cold_queries", row["queries"]) != row["queries"]:
        return f"{row['cold_queries']} / {row['queries']}"
    return str(row["queries"])


def ratio(a, b) -> str:
    return "—" if not a or b is None else f"{b / a:.1f}"


def render(results: dict, seeds: dict, load: dict | None, runs: int) -> str:
    sizes = list(results)
    first, last = sizes[0], sizes[-1]
    a, b = results[first], results[last]
    lines = [
        f"Sizes: {', '.join(f'{s} = {SIZES[s][0]:,} enterprises / {SIZES[s][1]:,} hazards' for s in sizes)}; "
        f"PostgreSQL {a['meta']['postgres']}, {a['meta']['cores']} cores; median of {runs} runs "
        "(jobs and bulletin: one run; memory: a separate run under tracemalloc). "
        f"Pages and API lists: warm is the median of {runs} requests after a first one, cold the median of {runs} "
        "requests each after emptying the cache (what the first official after the cache's minutes waits); "
        "queries cold / warm where they differ.",
        "",
    ]
    loops = {size: results[size]["meta"].get("loop_ms") for size in sizes}
    if all(loops.values()):
        lines[-1:-1] = [
            "",
            "The machine's speed, a pure-Python loop (`sum(i * i for i in range(3 * 10**6))`) at the start and "
            "end of each size's measuring: "
            + "; ".join(f"{size} {' → '.join(f'{ms:,.0f}' for ms in loop)} ms" for size, loop in loops.items())
            + ".",
        ]
    for size, seconds in seeds.items():
        if seconds is not None:
            lines.append(f"Seeded {size} in {seconds:,.0f} s.")
    lines += [
        "",
        f"| what | {first} ms | {last} ms | {last}/{first} | cold {first} ms | cold {last} ms | cold {last}/{first} "
        f"| queries {first} | queries {last} | peak MB {first} | peak MB {last} |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for key, row in a["cases"].items():
        other = b["cases"].get(key, {})
        label = row["label"]
        if "rows" in row:
            # Rows and rate at each size (the export's rows grow with the data).
            measured = [case for case in (row, other) if case.get("ms")]
            label += (
                f" ({' / '.join(format(case['rows'], ',') for case in measured)} rows; "
                f"{' / '.join(format(case['rows'] / case['ms'] * 1000, ',.0f') for case in measured)} rows/s)"
            )
        lines.append(
            f"| {label} | {fmt_ms(row['ms'])} | {fmt_ms(other.get('ms'))} | {ratio(row['ms'], other.get('ms'))} "
            f"| {fmt_ms(row.get('cold_ms'))} | {fmt_ms(other.get('cold_ms'))} "
            f"| {ratio(row.get('cold_ms'), other.get('cold_ms'))} "
            f"| {queries(row)} | {queries(other)} | {fmt_mb(row['peak'])} | {fmt_mb(other.get('peak'))} |"
        )
    lines += [
        "",
        "Numbers beside hand-written SQL on the same data (the app's code vs one SQL statement):",
        "",
        f"| numbers | app ms {first} | SQL ms {first} | app/SQL {first} | app ms {last} | SQL ms {last} | "
        f"app/SQL {last} | equal |",
        "|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    for key, row in a["checks"].items():
        other = b["checks"].get(key, {})
        equal = row["equal"] and other.get("equal", True)
        lines.append(
            f"| {row['label']} | {fmt_ms(row['app_ms'])} | {fmt_ms(row['sql_ms'])} | "
            f"{ratio(row['sql_ms'], row['app_ms'])} | {fmt_ms(other.get('app_ms'))} | {fmt_ms(other.get('sql_ms'))} | "
            f"{ratio(other.get('sql_ms'), other.get('app_ms'))} | {'yes' if equal else '**no**'} |"
        )
    if load:
        lines += [
            "",
            f"{load['users']} concurrent clients (locust) against gunicorn ({load['workers']} workers) on loopback "
            f"at {load['size']}, {load['seconds']} s:",
            "",
            "| request | requests | failures | p50 ms | p95 ms |",
            "|---|--:|--:|--:|--:|",
        ]
        for row in load["rows"]:
            lines.append(f"| {row['name']} | {row['requests']} | {row['failures']} | {row['p50']} | {row['p95']} |")
    return "\n".join(lines)


# Load test -------------------------------------------------------------------------------------------


LOCUSTFILE = """
import os, random
from locust import HttpUser, constant, task

SESSIONS = dict(item.split("=", 1) for item in os.environ["BENCH_SESSIONS"].split(","))
# Pages as a logged-in browser (the session cookie), the API as another system (a token).
URLS = [tuple(item.split(" ", 1)) for item in os.environ["BENCH_URLS"].split("|")]


class Official(HttpUser):
    wait_time = constant(0)

    @task
    def fetch(self):
        user, url = random.choice(URLS)
        session, token = SESSIONS[user].split(":")
        if url.startswith("/api/"):
            self.client.get(url, headers={"Authorization": f"Token {token}"}, name=f"{user} {url}")
        else:
            self.client.get(url, cookies={"sessionid": session}, name=f"{user} {url}")
"""


def wait_for(url: str, seconds: int = 120) -> None:
    """Until the server answers (any status), so the load starts on a listening server."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=30)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_test(size: str, seconds: int, users: int = 20, workers: int = 4) -> dict:
    env = child_env(size)
    env.pop("DEBUG")
    env.update(SECRET_KEY="bench", ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0")
    names = sorted({user for user, _ in LOAD_URLS})
    sessions = subprocess.run(
        [sys.executable, __file__, "--sessions", ",".join(names)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    # Production settings serve hashed static files: collect them as a deployment does.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = str(free_port())
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sanming_safety.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    workdir = Path(tempfile.mkdtemp())
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        (workdir / "locustfile.py").write_text(LOCUSTFILE)
        env_load = {
            **os.environ,
            "BENCH_SESSIONS": sessions,
            "BENCH_URLS": "|".join(f"{user} {url}" for user, url in LOAD_URLS),
        }
        generator = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(workdir / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "-H",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(workdir / "load"),
                "--only-summary",
            ],
            env=env_load,
            check=False,
            capture_output=True,
            text=True,
        )
        if not (workdir / "load_stats.csv").exists():
            raise RuntimeError(f"locust wrote no statistics:\n{generator.stdout}\n{generator.stderr}")
        import csv

        failures = (workdir / "load_failures.csv").read_text()
        if failures.count("\n") > 1:
            print(failures[:2000], file=sys.stderr)
        rows = []
        with open(workdir / "load_stats.csv") as handle:
            for record in csv.DictReader(handle):
                rows.append(
                    {
                        "name": record["Name"] if record["Name"] != "Aggregated" else "**all**",
                        "requests": int(record["Request Count"]),
                        "failures": int(record["Failure Count"]),
                        "p50": record["50%"],
                        "p95": record["95%"],
                    }
                )
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    return {"size": size, "seconds": seconds, "users": users, "workers": workers, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1x,10x")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--no-seed", action="store_true", help="measure the databases as they are")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--out")
    parser.add_argument("--keep", help="a folder: each size's measurements are saved there and reused if present")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--sessions", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.sessions:
        from benchmarks import measure as measuring

        print(measuring.sessions(options.sessions.split(",")))
        return
    if options.measure:
        from benchmarks import measure as measuring

        Path(options.measure).write_text(json.dumps(measuring.run(options.runs, PAGES)))
        return
    sizes = options.sizes.split(",")
    seeds = {size: None if options.no_seed else prepare(size) for size in sizes}
    results = {}
    for size in sizes:
        kept = Path(options.keep, f"{size}.json") if options.keep else None
        if kept and kept.exists():
            results[size] = json.loads(kept.read_text())
            continue
        results[size] = measure(size, options.runs)
        if kept:
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_text(json.dumps(results[size]))
    load = None if options.no_load else load_test(sizes[-1], options.load_seconds)
    table = render(results, seeds, load, options.runs)
    print(table)
    if options.out:
        Path(options.out).write_text(table + "\n")


if __name__ == "__main__":
    main()
