"""The e-map without tiles: county and township names at the centre of their located units."""

import json
import re
from decimal import Decimal

from grid.tests.factories import EnterpriseFactory


def seats_of(html: str) -> list[dict]:
    return json.loads(re.search(r'<script id="region-seats" type="application/json">(.*?)</script>', html, re.S)[1])


def test_the_map_names_counties_and_townships_at_the_centre_of_their_units(cast, login):
    for lon, lat, township in [(117.60, 26.20, cast.township_a), (117.62, 26.24, cast.township_a)]:
        EnterpriseFactory(region=township, longitude=Decimal(str(lon)), latitude=Decimal(str(lat)))
    EnterpriseFactory(region=cast.township_b, longitude=Decimal("117.70"), latitude=Decimal("26.30"))
    EnterpriseFactory(region=cast.other_township, longitude=Decimal("117.80"), latitude=Decimal("26.40"))
    EnterpriseFactory(region=cast.township_b)  # not located: not counted
    seats = {
        (seat["level"], seat["name"]): (round(seat["lon"], 4), round(seat["lat"], 4))
        for seat in seats_of(login(cast.user_city).get("/hazards/map/").content.decode())
    }
    assert seats == {
        ("county", "三元区"): (117.64, 26.2467),
        ("county", "沙县区"): (117.8, 26.4),
        ("township", "列东街道"): (117.61, 26.22),
        ("township", "列西街道"): (117.7, 26.3),
        ("township", "凤岗街道"): (117.8, 26.4),
    }
    # A township sees its own name only.
    township = seats_of(login(cast.user_a).get("/hazards/map/").content.decode())
    assert [seat["name"] for seat in township] == ["列东街道"]
