"""An administrative adjustment: a township moved to another county takes its subtree and hazards along."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grid.models import Region
from hazards.models import Hazard

from .factories import HazardFactory


def listed(client, user, url) -> set[int]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_a_township_moved_to_another_county_is_that_countys_with_its_villages_and_hazards(cast, client):
    hazard = HazardFactory(region=cast.township_a)
    villages = list(Region.objects.filter(parent=cast.township_a).values_list("pk", flat=True))
    assert villages and hazard.county == cast.county

    township = cast.township_a
    township.parent = cast.other_county
    township.save()

    assert township.path == f"{cast.other_county.path}{township.code}/"
    for village in Region.objects.filter(pk__in=villages):
        assert village.path == f"{township.path}{village.code}/"
    hazard.refresh_from_db()
    assert hazard.county == cast.other_county
    # The county's scope reads the stored county: the hazard is the new county's, no longer the old one's.
    api = "/api/v1/hazards/hazards/"
    assert hazard.pk in listed(client, cast.user_other_county, api)
    assert hazard.pk not in listed(client, cast.user_county, api)
    assert client.get(reverse("hazards:hazard_detail", args=[hazard.pk])).status_code == 404
    assert Hazard.objects.in_area(cast.other_county).filter(pk=hazard.pk).exists()
    # Its township's own official still has it.
    assert hazard.pk in listed(client, cast.user_a, api)


def test_a_region_cannot_be_moved_under_itself_or_below_it(cast):
    county = cast.county
    for parent in (county, cast.township_a):
        county.parent = parent
        with pytest.raises(ValidationError) as refused:
            county.full_clean()
        assert refused.value.message_dict["parent"] == ["上级区划不能是本区划或其下级区划。"]
