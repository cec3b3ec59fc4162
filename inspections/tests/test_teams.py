"""专家专业为主: a team is saved only when experts and professionals are at least 80% of its members,
on the page, through the API and from the workbook; its officials hear they are on it."""

from django.urls import reverse

from base.models import Notification
from grid.models import SafetyExpert
from tests.scoping import import_workbook, workbook_rows

from .. import services
from ..importers import InspectionTeamImporter
from ..models import InspectionTeam, TeamMember
from .factories import city_campaign, department, make_team
from .workbooks import upload_rows


def member_rows(experts: int, total: int, **extra) -> dict:
    data = {"members-TOTAL_FORMS": total, "members-INITIAL_FORMS": 0}
    for index in range(total):
        data[f"members-{index}-name"] = f"成员{index}"
        data[f"members-{index}-profession"] = "安全管理"
        if index < experts:
            data[f"members-{index}-is_expert"] = "on"
    return {**data, **extra}


def team_form(cast, **extra) -> dict:
    return {
        "campaign": city_campaign().pk,
        "name": "三元区应急局第一检查组",
        "region": cast.county.pk,
        "department": department(cast.county).pk,
        "leader_name": "吴强",
        **extra,
    }


def test_a_team_under_80_percent_experts_is_refused_with_the_ratio_shown(cast, login):
    client = login(cast.user_county)
    response = client.post(reverse("inspections:inspection_team_create"), {**team_form(cast), **member_rows(3, 5)})
    assert response.status_code == 200
    assert "专家和专业人员占比 60%（3/5），不足80%，检查组不能保存。" in response.content.decode()
    assert not InspectionTeam.objects.exists()
    assert not TeamMember.objects.exists()


def test_a_team_of_80_percent_is_saved_with_its_members(cast, login):
    client = login(cast.user_county)
    response = client.post(reverse("inspections:inspection_team_create"), {**team_form(cast), **member_rows(4, 5)})
    team = InspectionTeam.objects.get()
    assert response.url == team.get_absolute_url()
    assert list(team.members.order_by("pk").values_list("name", "is_expert")) == [
        ("成员0", True),
        ("成员1", True),
        ("成员2", True),
        ("成员3", True),
        ("成员4", False),
    ]
    page = client.get(team.get_absolute_url()).content.decode()
    assert '专家和专业人员占比 <span id="team-share">80%（4/5）</span>' in page


def test_an_expert_from_the_directory_counts_as_an_expert(cast, login):
    expert = SafetyExpert.objects.create(region=cast.county, name="刘专家", specialty="危险化学品", phone="13800000006")
    data = {**team_form(cast), **member_rows(3, 4), "members-3-name": "", "members-3-profession": ""}
    data["members-3-expert"] = str(expert.pk)
    login(cast.user_county).post(reverse("inspections:inspection_team_create"), data)
    member = TeamMember.objects.get(expert=expert)
    assert (member.name, member.profession, member.is_expert) == ("刘专家", "危险化学品", True)


def test_the_form_offers_the_live_ratio_from_a_project_script(cast, login):
    page = login(cast.user_county).get(reverse("inspections:inspection_team_create")).content.decode()
    assert 'id="expert-share" data-minimum="80"' in page
    assert '<script src="/static/js/inspection_team.js"></script>' in page
    assert "<script>" not in page


def test_editing_a_team_below_80_percent_is_refused_and_keeps_its_members(cast, login):
    team = make_team(cast.county, experts=4, total=5)
    member_ids = list(team.members.order_by("pk").values_list("pk", flat=True))
    data = {**team_form(cast, name=team.name), "members-TOTAL_FORMS": 5, "members-INITIAL_FORMS": 5}
    for index, pk in enumerate(member_ids):
        data.update({f"members-{index}-id": pk, f"members-{index}-name": f"成员{index}"})
    data["members-0-is_expert"] = "on"  # three experts lose their mark
    response = login(cast.user_county).post(reverse("inspections:inspection_team_edit", args=[team.pk]), data)
    assert "专家和专业人员占比 20%（1/5），不足80%" in response.content.decode()
    assert team.members.filter(is_expert=True).count() == 4


def test_the_api_refuses_a_team_under_80_percent_with_the_ratio(cast, client):
    client.force_login(cast.user_county)
    payload = {
        "campaign": city_campaign().pk,
        "name": "检查组",
        "region": cast.county.pk,
        "leader_name": "吴强",
        "members": [{"name": "甲", "is_expert": True}, {"name": "乙"}],
    }
    response = client.post("/api/v1/inspections/teams/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"members": ["专家和专业人员占比 50%（1/2），不足80%，检查组不能保存。"]}
    payload["members"][1]["is_professional"] = True
    response = client.post("/api/v1/inspections/teams/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert [m["name"] for m in response.json()["members"]] == ["甲", "乙"]


def test_the_teams_officials_are_told_once_they_are_assigned(cast, login):
    leader = cast.user_department.official
    team = make_team(cast.county, department=department(cast.county), leader=leader, by=cast.user_county)
    notices = Notification.objects.filter(kind="inspection_team_assigned")
    assert list(notices.values_list("recipient__username", flat=True)) == ["department"]
    assert notices.get().text == f"您已编入“{team.campaign.name}”的{team.name}（组长：department）。"
    # Adding an official as a member tells them, and only them.
    members = [*team.members.all(), TeamMember(name="", official=cast.user_county.official, is_professional=True)]
    services.team_save(team=team, members=members, by=cast.user_county)
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["county", "department"]


def test_the_teams_workbook_round_trips_and_refuses_a_team_under_80_percent(cast, login):
    client = login(cast.user_county)
    team = make_team(cast.county, experts=4, total=5)
    url = reverse("inspections:inspection_team_list")
    exported = workbook_rows(client.get(url, {"export": "xlsx"}))
    header, row = exported
    experts = [f"成员{n}（安全管理，专家）" for n in range(4)]
    assert row[header.index("成员")] == "；".join([*experts, "成员4（安全管理）"])
    assert row[header.index("专家和专业人员占比")] == "80%（4/5）"
    # The export, imported as it is, changes nothing.
    unchanged = client.post(reverse("inspections:inspection_team_import"), {"file": upload_rows(exported)})
    assert unchanged.context["preview"].summary == "将新增 0 行、更新 0 行、无变化 1 行"
    # A member's mark taken away makes the team 60%: refused, naming the row and the column.
    edited = [list(exported[0]), list(row)]
    edited[1][header.index("成员")] = "成员0（专家）；成员1（专家）；成员2（专家）；成员3；成员4"
    response = import_workbook(client, reverse("inspections:inspection_team_import"), upload_rows(edited))
    errors = [(e.row, e.header, e.message) for e in response.context["errors"]]
    assert errors == [(2, "成员", "专家和专业人员占比 60%（3/5），不足80%，检查组不能保存。")]
    assert team.members.filter(is_expert=True).count() == 4
    # A new member with a mark is added, the others keep their rows.
    edited[1][header.index("成员")] = row[header.index("成员")] + "；成员5（电气，专业人员）"
    kept = set(team.members.values_list("pk", flat=True))
    response = import_workbook(client, reverse("inspections:inspection_team_import"), upload_rows(edited))
    assert response.status_code == 302
    assert kept < set(team.members.values_list("pk", flat=True))
    assert team.members.get(name="成员5").is_professional


def test_a_new_team_row_is_imported_with_its_members(cast, login):
    rows = [
        [c.header for c in InspectionTeamImporter.columns if c.field],
        [
            "",
            "沙县区住建局检查组",
            city_campaign().name,
            cast.county.code,
            department(cast.county, "housing").name,
            "李四",
            "李四（建筑施工，专家）；王五（起重机械，专业人员）；赵六（专家）；钱七（专家）；孙八",
        ],
    ]
    response = import_workbook(
        login(cast.user_county), reverse("inspections:inspection_team_import"), upload_rows(rows)
    )
    assert response.status_code == 302
    team = InspectionTeam.objects.get(name="沙县区住建局检查组")
    assert team.members.count() == 5
    assert list(team.members.filter(is_professional=True).values_list("name", "profession")) == [("王五", "起重机械")]
