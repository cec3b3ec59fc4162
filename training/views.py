"""Training's pages: one ``register(...)`` per model, and the bespoke pages of a class's day beside them.

Inviting principals, the class's QR code, the phone check-in it opens, the
desk check-in, the printable 签到表 and the coverage of principals are plain
views on the base classes.
"""

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from base.excel import Column, write_workbook, xlsx_response
from base.privacy import Viewer
from base.ratelimit import FailureLimit
from base.registry import register
from base.scoping import CHANGE, VIEW, official_of
from base.uploads import serve_file
from base.views import ObjectDetailView
from grid.choices import RegionLevel
from grid.models import Enterprise, Region

from . import reports, services
from .api.serializers import WarningClassSerializer
from .api.views import WarningClassActions
from .choices import CheckInMethod
from .exports import attendance_sheet
from .filtersets import (
    AccidentCaseFilterSet,
    AttendanceFilterSet,
    InvitationFilterSet,
    InviteFilterSet,
    WarningClassFilterSet,
)
from .forms import CLASS_FIELDS, CheckInForm, WarningClassForm
from .importers import AttendanceImporter
from .models import AccidentCase, Attendance, Invitation, WarningClass, quarter_of

register(
    AccidentCase,
    path="cases",
    queryset=AccidentCase.objects.select_related("region"),
    filterset=AccidentCaseFilterSet,
    fields=[
        "region",
        "name",
        "occurred_on",
        "place",
        "industry",
        "level",
        "deaths",
        "injuries",
        "summary",
        "causes",
        "lessons",
        "attachment",
    ],
    columns=[
        Column("name", "案例名称", width=36, link=True),
        Column("occurred_on", "发生日期", width=12),
        Column("place", "发生地点", width=18),
        Column("industry", "行业", width=12),
        Column("level", "事故等级", width=12),
        Column("deaths", "死亡", width=6),
        Column("injuries", "受伤", width=6),
        Column("region__name", "收录单位", width=12),
    ],
    fieldsets=[
        ("事故", ["name", "occurred_on", "place", "industry", "level", "deaths", "injuries", "region"]),
        ("警示", ["summary", "causes", "lessons", "attachment"]),
    ],
)


class WarningClassDetailView(ObjectDetailView):
    """A class's page: its fields, invitations and sign-ins, with the day's tools (invite, QR, sheet, desk)."""

    template_name = "training/class_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        klass = self.object
        context["invitations"] = (
            Invitation.objects.for_user(user, VIEW)
            .filter(warning_class=klass)
            .select_related("enterprise", "region", "attendance")[:500]
        )
        context["walk_ins"] = (
            Attendance.objects.for_user(user, VIEW).filter(warning_class=klass, walk_in=True).select_related("region")
        )
        context["desk_form"] = CheckInForm(name_required=False)
        context["check_in_open"] = klass.check_in_open()
        return context


CLASSES = WarningClass.objects.select_related("region").with_counts()
register(
    WarningClass,
    path="classes",
    queryset=CLASSES,
    api_queryset=CLASSES.prefetch_related("cases"),
    filterset=WarningClassFilterSet,
    form=WarningClassForm,
    serializer=WarningClassSerializer,
    fields=CLASS_FIELDS,
    columns=[
        Column("number", "班次编号", width=18),
        Column("title", "班次名称", width=36, link=True),
        Column("level", "层级", width=8),
        Column("region__name", "举办区划", width=12),
        Column("starts_at", "开始时间", width=18),
        Column("venue", "地点", width=20),
        Column("industries", "对象行业", width=20, value=lambda obj: obj.industries_label),
        Column("invited_count", "邀请人数", width=10),
        Column("attended_count", "签到人数", width=10),
        Column("walk_in_count", "其中现场报名", width=12),
    ],
    fieldsets=[
        ("学习班", ["number", "title", "region", "level", "organiser", "starts_at", "ends_at", "venue", "capacity"]),
        ("内容", ["industries", "audience", "formats", "cases", "note"]),
    ],
    views={"detail": WarningClassDetailView, "api": WarningClassActions},
)

register(
    Invitation,
    path="invitations",
    queryset=Invitation.objects.select_related("warning_class", "enterprise", "region__parent", "attendance"),
    filterset=InvitationFilterSet,
    read_only=True,
    fields=["warning_class", "enterprise", "region", "principal_name", "invited_at"],
    columns=[
        Column("warning_class__title", "学习班", width=30),
        Column("principal_name", "主要负责人", width=12, link=True),
        Column("enterprise__name", "单位名称", width=28),
        Column("region__parent__name", "县（市、区）", width=12),
        Column("region__name", "乡镇（街道）", width=14),
        Column("attended", "已签到", width=8, value=lambda obj: "是" if hasattr(obj, "attendance") else "否"),
    ],
    fieldsets=[("邀请", ["warning_class", "enterprise", "principal_name", "region", "invited_at"])],
)

register(
    Attendance,
    path="attendances",
    queryset=Attendance.objects.select_related("warning_class__region", "enterprise", "region"),
    filterset=AttendanceFilterSet,
    read_only=True,
    only=("list", "detail", "import"),
    importer=AttendanceImporter,
    fields=["warning_class", "name", "id_number", "enterprise", "region", "walk_in", "method", "checked_in_at"],
    # One list of columns for the page, the export and the import: an export reads back in.
    columns=AttendanceImporter.columns,
    fieldsets=[
        ("签到", ["warning_class", "name", "id_number", "checked_in_at", "method", "walk_in"]),
        ("单位", ["enterprise", "region"]),
    ],
)


def _class_to_change(request, pk) -> WarningClass:
    return get_object_or_404(WarningClass.objects.for_user(request.user, CHANGE).select_related("region"), pk=pk)


class ClassInviteView(LoginRequiredMixin, View):
    """邀请参训: the organiser filters principals (industry, place, priority, not yet attended) and invites them."""

    def get(self, request, pk):
        klass = _class_to_change(request, pk)
        enterprises = Enterprise.objects.for_user(request.user, VIEW).select_related("region__parent")
        invited = set(klass.invitations.values_list("enterprise_id", flat=True))
        filterset = InviteFilterSet(request.GET or None, queryset=enterprises.exclude(pk__in=invited), request=request)
        rows = filterset.qs.order_by("region__code", "name") if filterset.is_bound and filterset.is_valid() else None
        page = Paginator(rows, 200).get_page(request.GET.get("page")) if rows is not None else None
        context = {"object": klass, "filterset": filterset, "page": page, "invited": len(invited)}
        return render(request, "training/class_invite.html", context)

    def post(self, request, pk):
        klass = _class_to_change(request, pk)
        ids = [value for value in request.POST.getlist("enterprise") if value.isdigit()]
        enterprises = Enterprise.objects.for_user(request.user, VIEW).filter(pk__in=ids)
        count = services.class_invite(warning_class=klass, enterprises=list(enterprises), by=request.user)
        messages.success(request, f"已邀请 {count} 名企业主要负责人，已通知其所在乡镇（街道）和网格督导员。")
        return HttpResponseRedirect(klass.get_absolute_url())


def check_in_url(request, klass: WarningClass) -> str:
    return request.build_absolute_uri(reverse("training:check_in", args=[klass.check_in_token]))


class ClassQrView(LoginRequiredMixin, View):
    """签到二维码: shown on the screen at the venue; it opens the class's phone check-in page."""

    def get(self, request, pk):
        klass = get_object_or_404(WarningClass.objects.for_user(request.user, VIEW), pk=pk)
        if not WarningClass.may_change_row(request.user, klass):
            raise PermissionDenied("只有主办单位可以展示签到二维码。")
        url = check_in_url(request, klass)
        qr = segno.make(url, error="m")
        context = {
            "object": klass,
            "url": url,
            "svg": qr.svg_inline(scale=8, border=2, dark="#000", title="签到二维码"),
            "check_in_open": klass.check_in_open(),
        }
        return render(request, "training/class_qr.html", context)


# Failed check-ins per class and address: a room shares one address, so the limit is generous.
CHECK_IN_FAILURES = FailureLimit("check-in", limit=30, seconds=600)


class CheckInView(View):
    """The phone check-in the QR opens: the attendee enters their name and ID number, within the class's window.

    No login: the link's unguessable token is the class's; nothing is shown but the attendee's own result.
    """

    template_name = "training/check_in.html"

    def dispatch(self, request, token):
        self.klass = get_object_or_404(WarningClass.objects.select_related("region"), check_in_token=token)
        return super().dispatch(request, token)

    def render(self, request, form, **extra):
        context = {"object": self.klass, "form": form, "check_in_open": self.klass.check_in_open(), **extra}
        return render(request, self.template_name, context)

    def get(self, request, token):
        return self.render(request, CheckInForm())

    def post(self, request, token):
        form = CheckInForm(request.POST)
        if CHECK_IN_FAILURES.exceeded(request, self.klass.pk):
            # A public page that answers "not a registered principal" must not become a way to try ID numbers.
            form.add_error(None, "尝试次数过多，请稍后再试，或到签到台由工作人员登记。")
            return self.render(request, form)
        if form.is_valid():
            try:
                attendance = services.check_in(
                    warning_class=self.klass,
                    id_number=form.cleaned_data["id_number"],
                    name=form.cleaned_data["name"],
                    method=CheckInMethod.QR,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return self.render(request, CheckInForm(), done=services.check_in_message(attendance))
        CHECK_IN_FAILURES.fail(request, self.klass.pk)
        return self.render(request, form)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class DeskCheckInView(LoginRequiredMixin, View):
    """现场登记: the organiser's desk checks in someone without a phone, by the same rules."""

    def post(self, request, pk):
        klass = _class_to_change(request, pk)
        form = CheckInForm(request.POST, name_required=False)
        if form.is_valid():
            try:
                attendance = services.check_in(
                    warning_class=klass,
                    id_number=form.cleaned_data["id_number"],
                    name=form.cleaned_data["name"],
                    method=CheckInMethod.DESK,
                    by=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, services.check_in_message(attendance))
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return HttpResponseRedirect(klass.get_absolute_url())


class AttendanceSheetView(LoginRequiredMixin, View):
    """签到表: the class's printable sign-in sheet (A4), ID numbers as the user may see them."""

    def get(self, request, pk):
        klass = get_object_or_404(WarningClass.objects.for_user(request.user, VIEW), pk=pk)
        buffer = attendance_sheet(klass, Viewer(request.user, "export"))
        return xlsx_response(buffer, f"签到表-{klass.number}.xlsx")


class AccidentCaseAttachmentView(LoginRequiredMixin, View):
    """A case's video or PDF, for those who may read the case."""

    def get(self, request, pk):
        case = get_object_or_404(AccidentCase.objects.for_user(request.user, VIEW), pk=pk)
        return serve_file(case.attachment, missing="该案例没有附件，或附件文件已不存在。")


ABSENT_COLUMNS = [
    Column("region__parent__name", "县（市、区）", width=12),
    Column("region__name", "乡镇（街道）", width=14),
    Column("name", "单位名称", width=30),
    Column("industry", "行业", width=12),
    Column("principal_name", "主要负责人", width=12),
    Column("principal_phone", "负责人电话", width=16),
]


class CoverageView(LoginRequiredMixin, View):
    """参训覆盖: principals who attended in the quarter or year, by area and industry, and who has not yet."""

    def get(self, request):
        today = timezone.localdate()
        year = _int(request.GET.get("year"), today.year, 2020, 2100)
        quarter = _int(request.GET.get("quarter"), None, 1, 4)
        regions = Region.objects.for_user(request.user, VIEW)
        region = regions.filter(pk=_int(request.GET.get("region"), 0, 0, 2**31)).first()
        township = regions.filter(
            pk=_int(request.GET.get("township"), 0, 0, 2**31), level__in=[RegionLevel.TOWNSHIP, RegionLevel.ZONE]
        ).first()
        absent = reports.absent_principals(request.user, year=year).order_by("region__code", "name")
        if township is not None:
            absent = absent.filter(region=township)
        if request.GET.get("export") == "xlsx":
            title = f"{year}年未参训企业主要负责人"
            buffer = write_workbook(absent, ABSENT_COLUMNS, title, viewer=Viewer(request.user, "export"))
            return xlsx_response(buffer, f"{title}.xlsx")
        context = {
            "year": year,
            "quarter": quarter,
            "quarters": [(1, "一季度"), (2, "二季度"), (3, "三季度"), (4, "四季度")],
            "current_quarter": quarter_of(today),
            "coverage": reports.coverage(request.user, year=year, quarter=quarter, region=region),
            "totals": reports.year_totals(year, region=region or _own_region(request.user)),
            "township": township,
            "absent": Paginator(absent, 50).get_page(request.GET.get("page")),
            "columns": ABSENT_COLUMNS,
            "viewer": Viewer(request.user, "page", eager=True),
        }
        return render(request, "training/coverage.html", context)


def _own_region(user):
    official = official_of(user)
    return official.region if official is not None else None


def _int(value, default, low, high):
    return int(value) if value and value.isdigit() and low <= int(value) <= high else default
