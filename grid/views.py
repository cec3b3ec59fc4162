from django.shortcuts import redirect

from sanming_safety.excel import Column
from sanming_safety.scoping import official_of
from sanming_safety.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectImportView,
    ObjectListView,
)

from . import reports
from .filtersets import EnterpriseFilterSet
from .forms import EnterpriseForm
from .importers import EnterpriseImporter
from .models import Enterprise, Region

ENTERPRISE_COLUMNS = [
    Column("name", "单位名称", width=30, link=True),
    Column("credit_code", "统一社会信用代码", width=22),
    Column("industry", "行业", width=12),
    Column("region__parent__name", "县（市、区）", width=12),
    Column("region__name", "乡镇（街道）", width=14),
    Column("department__name", "监管部门", width=22),
    Column("supervision_level", "监管层级", width=10),
    Column("risk_grade", "风险等级", width=10),
    Column("weak_foundation", "基础薄弱", width=10),
    Column("principal_name", "主要负责人", width=12),
    Column("principal_phone", "负责人电话", width=16),
    Column("status", "经营状态", width=10),
]


class EnterpriseMixin:
    model = Enterprise
    queryset = Enterprise.objects.select_related("region__parent", "department")


class EnterpriseListView(EnterpriseMixin, ObjectListView):
    filterset_class = EnterpriseFilterSet
    columns = ENTERPRISE_COLUMNS
    import_url_name = "grid:enterprise_import"
    create_url_name = "grid:enterprise_create"


class EnterpriseDetailView(EnterpriseMixin, ObjectDetailView):
    edit_url_name = "grid:enterprise_edit"
    fieldsets = [
        ("基本信息", ["name", "credit_code", "industry", "region", "address", "longitude", "latitude", "status"]),
        ("监管", ["department", "supervision_level", "risk_grade", "weak_foundation"]),
        ("主要负责人", ["principal_name", "principal_id_number", "principal_phone"]),
    ]


class EnterpriseCreateView(EnterpriseMixin, ObjectCreateView):
    form_class = EnterpriseForm
    list_url_name = "grid:enterprise_list"


class EnterpriseEditView(EnterpriseMixin, ObjectEditView):
    form_class = EnterpriseForm


class EnterpriseImportView(EnterpriseMixin, ObjectImportView):
    importer_class = EnterpriseImporter
    success_url_name = "grid:enterprise_list"


class RegionBrowserView(ObjectDetailView):
    """行政区划: a region, the way up to the city, and its children with their counts."""

    model = Region
    queryset = Region.objects.select_related("parent")
    template_name = "grid/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        root = official_of(self.request.user)
        visible_from = root.region.path if root else ""
        context["ancestors"] = [
            ancestor
            for ancestor in Region.objects.filter(code__in=region.ancestor_codes[:-1]).order_by("code")
            if ancestor.path.startswith(visible_from) or self.request.user.is_superuser
        ]
        context["children"] = reports.region_children(self.request.user, region)
        return context


def region_root(request):
    """The region browser opens at the top of the user's jurisdiction."""
    official = official_of(request.user)
    if official is not None:
        return redirect("grid:region_detail", official.region_id)
    top = Region.objects.for_user(request.user).filter(parent__isnull=True).first()
    if top is None:
        return redirect("dashboard")
    return redirect("grid:region_detail", top.pk)
