"""What officials read on the prompt list's pages, the accident form and the enterprise's page."""

import datetime

from django.urls import reverse

from grid.tests.factories import EnterpriseFactory

from ..models import Accident
from ..services import delivery_record, version_publish
from .factories import PenaltyFactory, PromptListVersionFactory, ViolationPromptItemFactory, department


def test_the_printable_list_holds_every_item_and_townships_read_it_once_published(cast, login):
    version = PromptListVersionFactory(region=cast.county, year=2022, document_number="三安委办〔2022〕3号")
    for number in range(1, 21):
        ViolationPromptItemFactory(version=version, number=number, title=f"风险点{number}")
    township = login(cast.user_a)
    assert township.get(reverse("enforcement:prompt_list_version_print", args=[version.pk])).status_code == 404
    version_publish(version=version, by=cast.user_county)
    page = township.get(reverse("enforcement:prompt_list_version_print", args=[version.pk]))
    text = page.content.decode()
    assert [f"风险点{n}" in text for n in range(1, 21)] == [True] * 20
    assert "三安委办〔2022〕3号" in text and "<script>" not in text and "onclick" not in text
    # A published list is final: its edit page sends the county back, saying why.
    response = login(cast.user_county).get(reverse("enforcement:prompt_list_version_edit", args=[version.pk]))
    assert response.status_code == 302
    assert login(cast.user_other_county).get(version.get_absolute_url()).status_code == 404


def test_a_county_records_an_accident_on_the_form(cast, login):
    client = login(cast.user_county)
    response = client.post(
        reverse("enforcement:accident_create"),
        {
            "occurred_on": "2026-05-10",
            "place": "某矿井",
            "region": cast.township_a.pk,
            "industry": "mining",
            "level": "larger",
            "deaths": 3,
            "injuries": 1,
            "direct_loss": "320",
            "summary": "顶板坍塌",
        },
    )
    accident = Accident.objects.get(place="某矿井")
    assert response.status_code == 302 and accident.created_by == cast.user_county
    page = client.get(accident.get_absolute_url()).content.decode()
    assert "较大事故" in page and "顶板坍塌" in page


def test_the_enterprise_page_shows_its_delivery_and_penalties(cast, login):
    from .factories import published_version

    published_version(cast.city, year=2022)
    enterprise = EnterpriseFactory(region=cast.township_a, supervised_by="emergency")
    delivery_record(enterprise=enterprise, delivered_on=datetime.date(2022, 4, 1), by=cast.user_a)
    penalty = PenaltyFactory(enterprise=enterprise, department=department())
    page = login(cast.user_a).get(enterprise.get_absolute_url()).content.decode()
    assert "已送达2022年版提示清单（2022-04-01）" in page
    assert penalty.case_number in page
