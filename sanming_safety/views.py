"""Base views: every HTML page of a scoped model is one of these.

Each applies ``for_user`` to its queryset, so no view filters by hand: a row
outside the user's jurisdiction is a 404 on every page, and a write that
would move a row out of it is undone.
"""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.edit import CreateView, UpdateView
from django_filters.views import FilterView

from .bulletin import write_bulletin
from .celery import app
from .dashboard import dashboard_panels
from .excel import write_workbook, xlsx_response
from .forms import ImportForm
from .history import history_entries
from .models import BulletinIssue, Export, Notification
from .scoping import (
    ADMIN,
    CHANGE,
    CITY_COMMITTEE,
    COUNTY_COMMITTEE,
    VIEW,
    OutOfJurisdiction,
    ensure_in_scope,
    official_of,
)
from .services import mark_read
from .tasks import export_list


class ScopedMixin(LoginRequiredMixin):
    """Restrict the view's queryset to the user's jurisdiction for ``action``.

    With ``requires_change``, roles that may not change the model get 403.
    """

    action = VIEW
    requires_change = False

    def dispatch(self, request, *args, **kwargs):
        if self.requires_change and request.user.is_authenticated and not self.can_change():
            raise PermissionDenied("您的角色无权进行此操作。")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user, self.action)

    def can_change(self) -> bool:
        """Whether the user's role may change this model anywhere in their jurisdiction."""
        if self.request.user.is_superuser:
            return True
        official = official_of(self.request.user)
        model = self.model or self.get_queryset().model
        return official is not None and model.scope_q(official, CHANGE) is not None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.model or self.get_queryset().model
        context.setdefault("opts", model._meta)
        context.setdefault("can_change", self.can_change())
        return context


class ObjectListView(ScopedMixin, FilterView):
    """A filtered, sorted, paginated list; ``?export=xlsx`` downloads the same rows."""

    columns: list = []
    paginate_by = 30
    template_name = "generic/object_list.html"
    export_title: str | None = None
    import_url_name: str | None = None
    create_url_name: str | None = None
    strict = False

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export(request)
        return super().get(request, *args, **kwargs)

    def export_rows(self, user, data):
        """What this list shows ``user`` for the filters in ``data``, unpaginated."""
        queryset = (self.queryset.all() if self.queryset is not None else self.model._default_manager.all()).for_user(
            user, VIEW
        )
        filterset = self.get_filterset_class()(data=data, queryset=queryset, request=SimpleNamespace(user=user))
        return filterset.qs if filterset.is_valid() else queryset.none()

    def export(self, request):
        """Small exports download at once; large ones are written by a task and announced by a notice."""
        rows = self.export_rows(request.user, request.GET)
        title = self.export_title or str(self.model._meta.verbose_name_plural)
        query = request.GET.copy()
        query.pop("export")
        count = rows.count()
        if count > settings.EXPORT_SYNC_ROWS:
            job = Export.objects.create(user=request.user, title=title, view=request.path, query=query.urlencode())
            transaction.on_commit(lambda: export_list.delay(job.pk))
            messages.info(request, f"共 {count} 行，正在后台生成 Excel，完成后会在“通知”中提供下载链接。")
            return HttpResponseRedirect(f"?{query.urlencode()}")
        stamp = timezone.localdate().strftime("%Y%m%d")
        return xlsx_response(write_workbook(rows, self.columns, title), f"{title}-{stamp}.xlsx")

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("page_size", "")
        return min(int(size), 200) if size.isdigit() and int(size) > 0 else self.paginate_by

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            columns=self.columns,
            query=query.urlencode(),
            import_url_name=self.import_url_name,
            create_url_name=self.create_url_name,
        )
        return context


class ObjectDetailView(ScopedMixin, DetailView):
    """A record with its fields and its change history."""

    template_name = "generic/object_detail.html"
    fieldsets: list[tuple[str, list[str]]] = []
    edit_url_name: str | None = None

    def can_change(self) -> bool:
        """Whether the user may change this very record (a county may read a city guide, not edit it)."""
        if not super().can_change():
            return False
        return type(self.object)._default_manager.for_user(self.request.user, CHANGE).filter(pk=self.object.pk).exists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            fieldsets=self.fieldsets,
            history=history_entries(self.object),
            edit_url_name=self.edit_url_name,
        )
        official = official_of(self.request.user)
        model = type(self.object)
        if (
            context["can_change"]
            and official is not None
            and model.scope_q(official, VIEW) != model.scope_q(official, CHANGE)
        ):
            # The role may change such records, but this one may be visible from below only
            # (a city guide seen by a county): no 编辑 button that answers 404.
            context["can_change"] = (
                model._default_manager.for_user(self.request.user, CHANGE).filter(pk=self.object.pk).exists()
            )
        return context


class ScopedFormMixin(ScopedMixin):
    """Create and edit: choices restricted, and the saved row must stay in scope."""

    action = CHANGE
    template_name = "generic/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        adding = form.instance._state.adding
        try:
            with transaction.atomic():
                self.object = form.save()
                ensure_in_scope(self.object, self.request.user)
        except OutOfJurisdiction as error:
            if adding:
                form.instance.pk, form.instance._state.adding = None, True
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.object}")
        return HttpResponseRedirect(self.get_success_url())


class ObjectCreateView(ScopedFormMixin, CreateView):
    """A new record; its form may start from the query string (a house's page links to a new inspection of it)."""

    requires_change = True
    list_url_name: str | None = None

    def get_initial(self):
        names = self.get_form_class().base_fields
        return {**super().get_initial(), **{key: value for key, value in self.request.GET.items() if key in names}}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse(self.list_url_name) if self.list_url_name else reverse("dashboard")
        return context


class ObjectEditView(ScopedFormMixin, UpdateView):
    pass


class ObjectImportView(ScopedMixin, FormView):
    """Upload a workbook for ``importer``; ``?template=1`` downloads the blank template."""

    importer_class = None
    form_class = ImportForm
    template_name = "generic/object_import.html"
    success_url_name: str | None = None
    requires_change = True

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):
            importer = self.importer_class()
            return xlsx_response(importer.template(), f"{importer.title}.xlsx")
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            result = self.importer_class().run(form.cleaned_data["file"], self.request.user)
        except OutOfJurisdiction as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        messages.success(self.request, f"导入成功，共 {result.created} 行。")
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.success_url_name)


class ExportDownloadView(LoginRequiredMixin, View):
    """A finished background export, for the user who asked for it only."""

    def get(self, request, pk):
        export = get_object_or_404(Export, pk=pk, user=request.user, status=Export.Status.DONE)
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=f"{export.title}.xlsx")


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

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "panels": dashboard_panels(self.request.user)}


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/list.html"
    paginate_by = 30

    def get_queryset(self):
        notices = Notification.objects.filter(recipient=self.request.user)
        return notices.unread() if self.request.GET.get("unread") else notices


def next_url(request, default: str) -> str:
    """The POSTed ``next`` if it stays on this site, else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request):
        ids = [int(pk) for pk in request.POST.getlist("id") if pk.isdigit()]
        mark_read(user=request.user, notification_ids=ids or None)
        listing = reverse("notification_list")
        return HttpResponseRedirect(next_url(request, listing) if len(ids) == 1 else listing)


BULLETIN_ROLES = {ADMIN, CITY_COMMITTEE, COUNTY_COMMITTEE}


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
        try:
            handle = issue.file.open("rb")
        except OSError as error:
            raise Http404("通报文件不存在。") from error
        return FileResponse(handle, as_attachment=True, filename=f"{issue}.xlsx")


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
