"""大屏链接 under the jurisdiction contract: a county's links are the county's and the city's, never a
neighbour's or a township's."""

from sanming_safety.models import ScreenLink
from tests.fixtures import make_official
from tests.scoping import CountyRows, ScopedList


class TestScreenLinkScoping(CountyRows, ScopedList):
    model = ScreenLink
    url_prefix = "screen_link"

    def make(self, region):
        creator = make_official(f"committee_{region.code}", region, "county_committee")
        return ScreenLink.objects.create(title=f"{region.name}会议室", region=region, created_by=creator)
