"""Rows a second of Excel export and import on a seeded database (issue #14); a measurement, not a test.

    python benchmarks/io_rates.py [--rows 10000] [--profile export|enterprises|hazards]

Exports every hazard and every enterprise the city sees, then imports ``--rows``
new enterprises and ``--rows`` new hazards (one in twenty major) of 三元区 as its
county official, each import rolled back so a rerun measures the same work.
Prints CPU time (this process only) and wall time (the database included), and
the queries each import issued.
"""

import argparse
import cProfile
import datetime
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanming_safety.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.urls import resolve  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from base.excel import Viewer, write_workbook  # noqa: E402
from grid.choices import RegionLevel  # noqa: E402
from grid.demo import credit_code, resident_id  # noqa: E402
from grid.importers import EnterpriseImporter  # noqa: E402
from grid.models import Enterprise, Region  # noqa: E402
from hazards.importers import HazardImporter  # noqa: E402

COUNTY = "350404"


class Rollback(Exception):
    pass


def label(model, name: str, index: int = 0) -> str:
    choices = [text for value, text in model._meta.get_field(name).choices if value]
    return str(choices[index % len(choices)])


def upload(importer, rows: list[dict]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    headers = [column.header for column in importer.columns if column.field]
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def enterprise_rows(count: int, townships: list[Region]) -> list[dict]:
    return [
        {
            "单位名称": f"基准导入单位{index}",
            "统一社会信用代码": credit_code(COUNTY, 9_000_000 + index),
            "行业": label(Enterprise, "industry", index),
            "所在乡镇（街道）": townships[index % len(townships)].code,
            "地址": f"某路{index}号",
            "监管层级": label(Enterprise, "supervision_level", index),
            "风险等级": label(Enterprise, "risk_grade", index),
            "基础薄弱": "否",
            "主要负责人": "张三",
            "负责人身份证号": resident_id(COUNTY, index),
            "负责人电话": f"139{index:08d}",
            "经营状态": label(Enterprise, "status"),
        }
        for index in range(count)
    ]


def hazard_rows(count: int, townships: list[Region]) -> list[dict]:
    found_on = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    return [
        {
            "隐患名称": f"基准导入隐患{index}",
            "隐患等级": "重大隐患" if index % 20 == 0 else "一般隐患",
            "行业": "工贸企业",
            "发现途径": "部门检查",
            "所在乡镇（街道）": townships[index % len(townships)].code,
            "地点": f"某路{index}号",
            "隐患描述": "配电箱门缺失",
            "发现日期": found_on,
            "发现人": "王检查",
            "整改资金（万元）": 1.5,
            "措施到位": "否",
        }
        for index in range(count)
    ]


def measure(call) -> tuple[float, float, int]:
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    cpu, wall = time.process_time(), time.perf_counter()
    with connection.execute_wrapper(count):
        call()
    return time.process_time() - cpu, time.perf_counter() - wall, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--profile", choices=["export", "enterprises", "hazards"])
    parser.add_argument("--only", choices=["export", "enterprises", "hazards"])
    options = parser.parse_args()
    User = get_user_model()
    city, county = User.objects.get(username="city"), User.objects.get(username=f"c{COUNTY}")
    townships = list(Region.objects.filter(code__startswith=COUNTY, level=RegionLevel.TOWNSHIP).order_by("code"))

    cases = []
    for name, path, title in (("hazards", "/hazards/", "隐患"), ("enterprises", "/grid/enterprises/", "单位")):
        view = resolve(path).func.view_class()
        rows = view.export_rows(city, QueryDict(""))
        count = rows.count()
        cases.append(
            (
                "export",
                f"export {name} ({count:,} rows, as the city)",
                count,
                lambda rows=rows, view=view, title=title: write_workbook(
                    rows, view.columns, title, viewer=Viewer(city, "export")
                ),
            )
        )
    for name, importer_class, make in (
        ("enterprises", EnterpriseImporter, enterprise_rows),
        ("hazards", HazardImporter, hazard_rows),
    ):
        data = upload(importer_class, make(options.rows, townships))

        def do_import(importer_class=importer_class, data=data):
            try:
                with transaction.atomic():
                    result = importer_class().run(SimpleUploadedFile("bench.xlsx", data), county)
                    assert result.ok and result.created == options.rows, result.errors[:3]
                    raise Rollback
            except Rollback:
                pass

        cases.append((name, f"import {options.rows:,} new {name} (as 三元区)", options.rows, do_import))

    for kind, text, count, call in cases:
        if options.only and kind != options.only and not (options.only == "export" and kind == "export"):
            continue
        if options.profile == kind or (options.profile == "export" and kind == "export"):
            profiler = cProfile.Profile()
            profiler.enable()
            cpu, wall, queries = measure(call)
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime"))
            stats.print_stats(int(os.environ.get("TOP", "25")))
        else:
            cpu, wall, queries = measure(call)
        print(
            f"{text}: {count / cpu:,.0f} rows/s CPU ({cpu:.2f} s), {count / wall:,.0f} rows/s wall ({wall:.2f} s),"
            f" {queries} queries"
        )


if __name__ == "__main__":
    main()
