from base.forms import ScopedModelForm
from grid.choices import RegionLevel

from .models import ScreenLink


class ScreenLinkForm(ScopedModelForm):
    """A screen link for the city, a county or a township of the user's jurisdiction (not a village)."""

    class Meta:
        model = ScreenLink
        fields = ["title", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.exclude(level=RegionLevel.VILLAGE).order_by("path")
        region.label_from_instance = lambda r: ("　" * (len(r.ancestor_codes) - 1)) + r.name
