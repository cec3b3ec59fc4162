from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.lookups import label_of
from grid.tests.factories import EnterpriseFactory
from hazards.importers import HazardImporter
from hazards.models import Hazard
from tests.scoping import import_workbook, workbook_upload

from .test_scoping import hazard_import_row


def test_create_page_does_not_grow_with_the_number_of_units(cast, login):
    client = login(cast.user_city)
    url = reverse("hazards:hazard_create")

    def measure():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return len(queries), len(response.content)

    EnterpriseFactory.create_batch(3, region=cast.township_a)
    queries, size = measure()
    EnterpriseFactory.create_batch(27, region=cast.township_a)
    assert measure() == (queries, size)


def test_lookup_offers_only_units_in_jurisdiction(cast, login):
    own = EnterpriseFactory(region=cast.township_a, name="列东金山化工有限公司")
    EnterpriseFactory(region=cast.township_b, name="列西金山化工有限公司")
    response = login(cast.user_a).get(reverse("lookup", args=["enterprise"]), {"enterprise": "金山"})
    assert response.content.decode() == f'<option value="{label_of(own)}"></option>'
    assert login(cast.user_a).get(reverse("lookup", args=["nothing"]), {"q": "x"}).status_code == 404


def form_data(cast, enterprise_text):
    return {
        "title": "储罐区静电接地失效",
        "grade": "general",
        "industry": "hazardous_chemicals",
        "source": "department_inspection",
        "enterprise": enterprise_text,
        "region": cast.township_a.pk,
        "description": "接地电阻超标",
        "found_on": "2026-10-01",
        "finder": "王检查",
    }


def test_form_takes_a_chosen_label_or_a_credit_code(cast, login):
    own = EnterpriseFactory(region=cast.township_a)
    client = login(cast.user_a)
    assert client.post(reverse("hazards:hazard_create"), form_data(cast, label_of(own))).status_code == 302
    assert client.post(reverse("hazards:hazard_create"), form_data(cast, own.credit_code.lower())).status_code == 302
    assert list(Hazard.objects.values_list("enterprise", flat=True)) == [own.pk, own.pk]
    page = client.get(reverse("hazards:hazard_edit", args=[Hazard.objects.first().pk])).content.decode()
    assert label_of(own) in page


def test_form_refuses_a_unit_of_another_township(cast, login):
    other = EnterpriseFactory(region=cast.township_b)
    client = login(cast.user_a)
    for text in (label_of(other), other.credit_code, "不存在的公司"):
        response = client.post(reverse("hazards:hazard_create"), form_data(cast, text))
        assert response.status_code == 200
        assert "enterprise" in response.context["form"].errors, text
    assert not Hazard.objects.exists()


def test_import_names_the_unit_by_credit_code(cast, login):
    own = EnterpriseFactory(region=cast.township_a)
    row = {**hazard_import_row(cast.township_a), "所在单位": own.credit_code}
    response = import_workbook(
        login(cast.user_a), reverse("hazards:hazard_import"), workbook_upload(HazardImporter, [row])
    )
    assert response.status_code == 302, response.context["errors"]
    assert Hazard.objects.get().enterprise == own
