"""Importing supervisors from a workbook: hundreds at once, all or nothing, errors by row and column."""

import pytest
from django.urls import reverse

from grid.importers import GridSupervisorImporter
from grid.models import GridSupervisor, Region
from tests.scoping import import_workbook, workbook_upload

from .factories import GridFactory, GridSupervisorFactory

LEVELS = ["总督导员", "一级督导员", "二级督导员", "三级督导员"]


def rows_for(townships, villages_by_township, count):
    """``count`` rows spread over ``townships``: each township's chief first, then the other levels."""
    rows = []
    for index in range(count):
        township = townships[index % len(townships)]
        level = LEVELS[0] if index < len(townships) else LEVELS[1 + index % 3]
        row = {
            "姓名": f"督导员{index}",
            "手机号码": f"135{index:08d}",
            "职务": "村支书" if level == "三级督导员" else "副镇长",
            "督导员层级": level,
            "所在乡镇（街道）": township.code,
            "任职起始": "2022-01-01",
        }
        if level == "三级督导员":
            villages = villages_by_township[township.pk]
            row["所在村（居）"] = villages[index % len(villages)].code
        rows.append(row)
    return rows


@pytest.fixture
def county_townships(cast):
    townships = list(Region.objects.filter(parent=cast.county, level__in=["township", "zone"]).order_by("code"))
    villages = {t.pk: list(Region.objects.filter(parent=t).order_by("code")) for t in townships}
    return [t for t in townships if villages[t.pk]], villages


def test_a_workbook_of_hundreds_of_supervisors_imports_at_once(cast, county_townships, login):
    # The time of 5,000 is measured by benchmarks/test_supervisor_import.py, outside the unit suite.
    townships, villages = county_townships
    rows = rows_for(townships, villages, 200)
    upload = workbook_upload(GridSupervisorImporter, rows)
    response = import_workbook(login(cast.user_county), reverse("grid:grid_supervisor_import"), upload)
    assert response.status_code == 302, response.context["errors"][:5]
    assert GridSupervisor.objects.count() == 200
    assert GridSupervisor.objects.filter(level="chief").count() == len(townships)


def test_one_bad_row_rejects_the_file_naming_row_and_column(cast, county_townships, login):
    townships, villages = county_townships
    rows = rows_for(townships, villages, 40)
    rows[29]["督导员层级"] = "三级督导员"
    rows[29]["所在乡镇（街道）"] = townships[0].code
    rows[29]["所在村（居）"] = villages[townships[1].pk][0].code  # a village of another township
    response = import_workbook(
        login(cast.user_county), reverse("grid:grid_supervisor_import"), workbook_upload(GridSupervisorImporter, rows)
    )
    errors = response.context["errors"]
    assert [(e.row, e.column, e.header) for e in errors] == [(31, "F", "所在村（居）")]
    assert "不属于" in errors[0].message
    assert str(errors[0]).startswith("第31行 F列（所在村（居））：")
    assert not GridSupervisor.objects.exists()


def test_a_row_of_a_township_without_a_chief_is_refused(cast, county_townships, login):
    row = {
        "姓名": "赵六",
        "手机号码": "13500000001",
        "职务": "副镇长",
        "督导员层级": "一级督导员",
        "所在乡镇（街道）": cast.township_a.code,
    }
    response = import_workbook(
        login(cast.user_a), reverse("grid:grid_supervisor_import"), workbook_upload(GridSupervisorImporter, [row])
    )
    [error] = response.context["errors"]
    assert (error.row, error.header) == (2, "督导员层级") and "尚无在任总督导员" in error.message


def test_the_chief_may_come_later_in_the_file_and_grids_are_named(cast, login):
    GridFactory(region=cast.township_a, industry="industrial_trade", name="")
    GridFactory(region=cast.township_a, industry="other", name="景区网格")
    rows = [
        {
            "姓名": "赵六",
            "手机号码": "13500000001",
            "职务": "副镇长",
            "督导员层级": "一级督导员",
            "所在乡镇（街道）": cast.township_a.name,
            "负责网格": "工贸企业、景区网格",
        },
        {
            "姓名": "钱七",
            "手机号码": "13500000002",
            "职务": "街道党工委书记",
            "督导员层级": "总督导员",
            "所在乡镇（街道）": cast.township_a.code,
        },
    ]
    response = import_workbook(
        login(cast.user_a), reverse("grid:grid_supervisor_import"), workbook_upload(GridSupervisorImporter, rows)
    )
    assert response.status_code == 302, response.context["errors"]
    first = GridSupervisor.objects.get(name="赵六")
    assert sorted(grid.label for grid in first.grids.all()) == ["工贸企业", "景区网格"]
    assert first.history.count() >= 1


def test_an_unknown_grid_and_the_phone_of_another_townships_supervisor_are_named(cast, login):
    GridSupervisorFactory(region=cast.township_a, level="chief")
    GridSupervisorFactory(region=cast.township_b, level="chief", phone="13500000009")
    rows = [
        {
            "姓名": "赵六",
            "手机号码": "13500000001",
            "职务": "副镇长",
            "督导员层级": "一级督导员",
            "所在乡镇（街道）": cast.township_a.code,
            "负责网格": "不存在的网格",
        },
        {
            "姓名": "孙八",
            "手机号码": "13500000009",
            "职务": "副镇长",
            "督导员层级": "一级督导员",
            "所在乡镇（街道）": cast.township_a.code,
        },
    ]
    response = import_workbook(
        login(cast.user_a), reverse("grid:grid_supervisor_import"), workbook_upload(GridSupervisorImporter, rows)
    )
    found = {(e.row, e.header) for e in response.context["errors"]}
    assert found == {(2, "负责网格"), (3, "手机号码")}


def test_the_template_downloads(cast, login):
    response = login(cast.user_a).get(reverse("grid:grid_supervisor_import"), {"template": 1})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
