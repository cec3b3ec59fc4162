"""The committee's own pages: dashboard, notices, background-export downloads, bulletins, health."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
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

from .bulletin import write_bulletin
from .celery import app
from .dashboard import dashboard_panels, is_supervisor_home
from .models import BulletinIssue


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
        return {**super().get_context_data(**kwargs), "panels": dashboard_panels(self.request.user)}


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
    """The region whose bulletin ``user`` may have: the city's for the city, a county's for a county."""
    official = official_of(user)
    if official is not None and official.role in BULLETIN_ROLES:
        return official.region
    return None


class BulletinListView(LoginRequiredMixin, ListView):
    """督查通报: the archived monthly workbooks the user may see, and any past month on demand."""

    template_name = "bulletins/list.html"
    paginate_by = 36

    def get_queryset(self):
        return BulletinIssue.objects.for_user(self.request.user).select_related("region")

    def get_context_data(self, **kwargs):
        region = bulletin_region(self.request.user)
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        return {**super().get_context_data(**kwargs), "region": region, "last_month": f"{last_month:%Y-%m}"}


class BulletinDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        issue = get_object_or_404(BulletinIssue.objects.for_user(request.user), pk=pk)
        return serve_file(issue.file, filename=f"{issue}.xlsx", missing="通报文件不存在。")


class BulletinGenerateView(LoginRequiredMixin, View):
    """Any past month's workbook for the user's own city or county, written now."""

    def get(self, request):
        region = bulletin_region(request.user)
        if region is None:
            return render(request, "403.html", status=403)
        try:
            month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
        except ValueError:
            messages.error(request, "月份格式应为 YYYY-MM，如 2026-10。")
            return HttpResponseRedirect(reverse("bulletin_list"))
        if month > timezone.localdate():
            messages.error(request, "只能生成本月及以前月份的通报。")
            return HttpResponseRedirect(reverse("bulletin_list"))
        name = f"{region.name}安全生产督查通报-{month:%Y-%m}.xlsx"
        return xlsx_response(write_bulletin(month, region), name)
