"""The committee's own pages: dashboard, notices, background-export downloads, bulletins, health."""

import datetime
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView, TemplateView

from base.choices import Role
from base.excel import xlsx_response
from base.models import Export, Notification
from base.scoping import official_of
from base.services import mark_read
from base.uploads import serve_file
from base.views import next_url
from grid.choices import RegionLevel

from .bulletin import area_word, collect_rankings, write_bulletin
from .celery import app
from .choices import BulletinStatus
from .dashboard import is_supervisor_home, kept_panels
from .document import write_document
from .forms import BulletinTextForm, IssueForm
from .models import BulletinIssue
from .services import draft_bulletin, issue_bulletin, redraft, save_draft

BULLETIN_LEVELS = (RegionLevel.CITY, RegionLevel.COUNTY)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ExportDownloadView(LoginRequiredMixin, View):
    """A finished background export, for the user who asked for it only."""

    def get(self, request, pk):
        export = get_object_or_404(Export, pk=pk, user=request.user, status=Export.Status.DONE)
        return serve_file(export.file, filename=f"{export.title}.xlsx", missing="导出文件不存在，请重新导出。")


class HealthView(View):
    """200 with the state of the database and the broker; 503 when the database is down."""

    def get(self, request):
        state, status = {}, 200
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            state["database"] = "ok"
        except Exception as error:  # any failure means unhealthy
            state["database"], status = f"error: {error.__class__.__name__}", 503
        if app.conf.broker_url.startswith("memory://"):
            state["broker"] = "in-process"
        else:
            try:
                with app.connection_for_write() as broker:
                    broker.ensure_connection(max_retries=1, timeout=2)
                state["broker"] = "ok"
            except Exception as error:
                state["broker"] = f"error: {error.__class__.__name__}"
        return JsonResponse(state, status=status)


class DashboardView(LoginRequiredMixin, TemplateView):
    """安委办工作台: each app's panel, from the same report functions the bulletin uses."""

    template_name = "dashboard.html"

    def get_template_names(self):
        return ["supervisor_home.html"] if is_supervisor_home(self.request.user) else [self.template_name]

    def get_context_data(self, **kwargs):
        panels, freshness = kept_panels(self.request.user)
        return {**super().get_context_data(**kwargs), "panels": panels, "freshness": freshness}


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/list.html"
    paginate_by = 30

    def get_queryset(self):
        notices = Notification.objects.filter(recipient=self.request.user)
        return notices.unread() if self.request.GET.get("unread") else notices


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request):
        ids = [int(pk) for pk in request.POST.getlist("id") if pk.isdigit()]
        mark_read(user=request.user, notification_ids=ids or None)
        listing = reverse("notification_list")
        return HttpResponseRedirect(next_url(request, listing) if len(ids) == 1 else listing)


BULLETIN_ROLES = {Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE}


def bulletin_region(user):
    """The region whose bulletin ``user`` drafts and issues: the city's for the city, a county's for a county."""
    official = official_of(user)
    if official is not None and official.role in BULLETIN_ROLES and official.region.level in BULLETIN_LEVELS:
        return official.region
    return None


def visible_bulletins(user):
    """Issued bulletins of the user's jurisdiction and of the regions above it; drafts of their own office only."""
    drafts = Q(status=BulletinStatus.DRAFT)
    own = bulletin_region(user)
    visible = BulletinIssue.objects.for_user(user).select_related("region", "issued_by__official")
    return visible.filter(~drafts | Q(region=own)) if own is not None else visible.exclude(drafts)


def parse_month(text: str) -> datetime.date:
    try:
        month = datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError as error:
        raise ValidationError("“月份”格式应为 YYYY-MM，如 2026-10。") from error
    if month > timezone.localdate():
        raise ValidationError("“月份”不能晚于本月：只能起草本月及以前月份的通报。")
    if month.year < 2000:
        raise ValidationError("“月份”不能早于2000年。")
    return month


class BulletinListView(LoginRequiredMixin, ListView):
    """督查通报: drafts of the user's office and the issues they may read, newest month first."""

    template_name = "bulletins/list.html"
    paginate_by = 36

    def get_queryset(self):
        bulletins = visible_bulletins(self.request.user)
        if self.request.GET.get("region"):
            bulletins = bulletins.filter(region__code=self.request.GET["region"])
        if self.request.GET.get("status") in BulletinStatus.values:
            bulletins = bulletins.filter(status=self.request.GET["status"])
        return bulletins

    def get_context_data(self, **kwargs):
        region = bulletin_region(self.request.user)
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        return {**super().get_context_data(**kwargs), "region": region, "last_month": f"{last_month:%Y-%m}"}


class BulletinDraftView(LoginRequiredMixin, View):
    """起草: the user's own city's or county's bulletin of a month, drafted from the numbers (or opened)."""

    def post(self, request):
        region = bulletin_region(request.user)
        if region is None:
            return render(request, "403.html", status=403)
        try:
            month = parse_month(request.POST.get("month", ""))
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return HttpResponseRedirect(reverse("bulletin_list"))
        issue, created = draft_bulletin(month=month, region=region)
        if not created:
            messages.info(request, f"{month.year}年{month.month}月的通报已有，已打开。")
        return HttpResponseRedirect(issue.get_absolute_url())


class BulletinDetailView(LoginRequiredMixin, View):
    """A bulletin: its text (editable while a draft, by its own office), the rankings, 签发 and the downloads."""

    template_name = "bulletins/detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.issue = get_object_or_404(visible_bulletins(request.user), pk=kwargs["pk"])
            self.editable = not self.issue.is_issued and bulletin_region(request.user) == self.issue.region
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.page(BulletinTextForm(instance=self.issue), IssueForm(issue=self.issue))

    def post(self, request, pk):
        if not self.editable:
            messages.error(request, self.issue.edit_refusal() or "只有本级安委办可以修改和签发本通报。")
            return HttpResponseRedirect(self.issue.get_absolute_url())
        action = request.POST.get("action", "save")
        if action == "redraft":
            redraft(issue=self.issue)
            messages.success(request, "已按最新数据重新起草。")
            return HttpResponseRedirect(self.issue.get_absolute_url())
        text = BulletinTextForm(request.POST, instance=BulletinIssue.objects.get(pk=self.issue.pk))
        issuing = IssueForm(request.POST if action == "issue" else None, issue=self.issue)
        if not text.is_valid() or (action == "issue" and not issuing.is_valid()):
            return self.page(text, issuing)
        try:
            issue = save_draft(
                issue=self.issue, **{name: text.cleaned_data[name] for name in BulletinTextForm.Meta.fields}
            )
            if action == "issue":
                issue = issue_bulletin(issue=issue, by=request.user, **issuing.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return HttpResponseRedirect(self.issue.get_absolute_url())
        messages.success(request, f"已签发：{issue}。" if action == "issue" else "草稿已保存。")
        return HttpResponseRedirect(issue.get_absolute_url())

    def page(self, text, issuing):
        rankings = collect_rankings(self.issue.month, self.issue.region)
        return render(
            self.request,
            self.template_name,
            {
                "issue": self.issue,
                "editable": self.editable,
                "text_form": text,
                "issue_form": issuing,
                "rankings": [{"ranking": r, "rows": r.ranked()} for r in rankings],
                "area_word": area_word(self.issue.region),
                "history": self.issue.history.select_related("history_user__official").order_by("-history_date")[:20],
            },
        )


class BulletinDownloadView(LoginRequiredMixin, View):
    """The workbook (xlsx) or the document (docx): an issue's archived file, a draft's written now from its text."""

    def get(self, request, pk: int, kind: str):
        issue = get_object_or_404(visible_bulletins(request.user), pk=pk)
        name = f"{issue}.{kind}"
        if issue.is_issued:
            return serve_file(
                issue.file if kind == "xlsx" else issue.document, filename=name, missing="通报文件不存在。"
            )
        if kind == "xlsx":
            return xlsx_response(write_bulletin(issue.month, issue.region, issue), name)
        response = HttpResponse(write_document(issue.month, issue.region, issue).getvalue(), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
