"""Base views: every HTML page of a scoped model is one of these.

Each applies ``for_user`` to its queryset, so no view filters by hand: a row
outside the user's jurisdiction is a 404 on every page, and a write that
would move a row out of it is undone.
"""

from functools import cached_property
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.edit import CreateView, UpdateView
from django_filters.views import FilterView

from . import jobs, schedule
from .excel import ImportResult, RowError, StagedImport, write_workbook, xlsx_response
from .forms import ImportForm
from .history import history_entries
from .models import Export, ImportJob, JobRun
from .pagination import BoundedPaginator
from .privacy import Viewer
from .scoping import CHANGE, VIEW, OutOfJurisdiction, ensure_in_scope
from .tasks import export_list, import_apply, import_check, run_cadence


class ScopedMixin(LoginRequiredMixin):
    """Restrict the view's rows to the user's jurisdiction for ``action``.

    ``base_queryset(user)`` is the one place a view adds joins and annotations:
    the page, its Excel export and the background export all start from it.
    With ``requires_change``, roles that may not change the model get 403.
    """

    action = VIEW
    requires_change = False

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if getattr(self, "model", None) is None:
            self.model = self.queryset.model

    def dispatch(self, request, *args, **kwargs):
        if self.requires_change and request.user.is_authenticated and not self.can_change():
            raise PermissionDenied("您的角色无权进行此操作。")
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self, user):
        """The rows before scoping: the declared queryset with its joins and annotations."""
        return self.queryset.all() if self.queryset is not None else self.model._default_manager.all()

    def get_queryset(self):
        return self.base_queryset(self.request.user).for_user(self.request.user, self.action)

    def can_change(self) -> bool:
        """Whether the user's role may change this model anywhere in their jurisdiction."""
        return self.model.may_change(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("opts", self.model._meta)
        context.setdefault("can_change", self.can_change())
        context.setdefault("viewer", self.viewer)
        return context

    @cached_property
    def viewer(self) -> Viewer:
        """Masks personal data on this page; the full private values shown are recorded once rendered."""
        return Viewer(self.request.user, "page")

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.add_post_render_callback(lambda _: self.viewer.record())
        return response


class ObjectListView(ScopedMixin, FilterView):
    """A filtered, sorted, paginated list; ``?export=xlsx`` downloads the same rows."""

    columns: list = []
    paginate_by = 30
    paginator_class = BoundedPaginator
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
        queryset = self.base_queryset(user).for_user(user, VIEW)
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
        workbook = write_workbook(rows, self.columns, title, viewer=Viewer(request.user, "export"))
        return xlsx_response(workbook, f"{title}-{stamp}.xlsx")

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("page_size", "")
        return min(int(size), 200) if size.isdigit() and int(size) > 0 else self.paginate_by

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            # The export writes every column; the page leaves out those marked ``page=False`` (an address).
            columns=[column for column in self.columns if column.page],
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
        return self.model.may_change_row(self.request.user, self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            fieldsets=self.fieldsets,
            history=history_entries(self.object, viewer=self.viewer),
            edit_url_name=self.edit_url_name,
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
        context["cancel_url"] = reverse(self.list_url_name or "dashboard")
        return context


class ObjectEditView(ScopedFormMixin, UpdateView):
    """Edit a record, unless the record refuses edits now (``edit_refusal``): then back to its page, saying why."""

    def get(self, request, *args, **kwargs):
        return self._refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refused() or super().post(request, *args, **kwargs)

    def _refused(self):
        obj = self.get_object()
        refusal = obj.edit_refusal()
        if not refusal:
            return None
        messages.error(self.request, refusal)
        return HttpResponseRedirect(obj.get_absolute_url())


class ObjectImportView(ScopedMixin, FormView):
    """Upload a workbook for ``importer``, see what it would add and update, then confirm.

    ``?template=1`` downloads the blank template. The previewed file is kept
    server-side (``StagedImport``) and the confirmation applies exactly it.
    """

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

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request.POST["token"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        limit = settings.IMPORT_SYNC_ROWS
        if self.importer_class().count_rows(upload, limit=limit) > limit:
            # No web worker is held for minutes: a task checks the file and keeps the preview for the uploader.
            title = str(self.model._meta.verbose_name_plural)
            job = ImportJob.objects.create(user=self.request.user, title=title, view=self.request.path, file=upload)
            transaction.on_commit(lambda: import_check.delay(job.pk))
            messages.info(self.request, f"超过 {limit} 行，已转入后台检查；检查完成后请在进度页确认导入。")
            return HttpResponseRedirect(job.get_absolute_url())
        result = self.importer_class().preview(upload, self.request.user)
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        staged = StagedImport.keep(upload, self.request.user, self.request.path, result.digest)
        return self.render_to_response(self.get_context_data(form=form, preview=result, token=staged.token))

    def confirm(self, token: str):
        staged = StagedImport.from_token(token, self.request.user, self.request.path)
        if staged is None:
            messages.error(self.request, "预览已过期或不属于您，请重新上传文件。")
            return HttpResponseRedirect(self.request.path)
        try:
            with staged.open() as upload:
                result = self.importer_class().run(upload, self.request.user, expect=staged.digest)
        except OutOfJurisdiction as error:
            result = ImportResult(errors=[RowError(0, "", "", str(error))])
        form = self.get_form_class()()
        if not result.ok:
            staged.discard()
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        if not result.applied:
            # The records changed since the preview: show what the file would do now.
            staged.digest = result.digest
            messages.warning(self.request, "预览之后数据已有变化，请核对新的预览后再确认。")
            return self.render_to_response(self.get_context_data(form=form, preview=result, token=staged.token))
        staged.discard()
        messages.success(self.request, f"导入成功：{result.summary}。")
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.success_url_name)

    def get_context_data(self, **kwargs):
        return super().get_context_data(sync_rows=settings.IMPORT_SYNC_ROWS, **kwargs)


class ImportJobView(LoginRequiredMixin, DetailView):
    """A background import for its uploader only: progress while a task works (htmx polls), then the
    preview to confirm, then the result."""

    template_name = "generic/import_job.html"
    context_object_name = "job"

    def get_queryset(self):
        return ImportJob.objects.filter(user=self.request.user)

    def post(self, request, pk: int):
        """确认导入: the previewed file is written by a task, if its rows still change as previewed."""
        job = self.get_object()
        if job.status != ImportJob.Status.PREVIEWED:
            messages.error(request, "该导入不在待确认状态。")
        else:
            transaction.on_commit(lambda: import_apply.delay(job.pk))
            messages.info(request, "已确认，正在后台导入，完成后会在“通知”中告知结果。")
        return HttpResponseRedirect(job.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = resolve(self.object.view).func.view_class
        context.update(import_url=self.object.view, list_url=reverse(page.success_url_name))
        return context


def next_url(request, default: str) -> str:
    """The POSTed ``next`` if it stays on this site, else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class JobScheduleView(LoginRequiredMixin, TemplateView):
    """定时任务: every scheduled job, when beat starts it, its last run and last failure; a cadence run again."""

    template_name = "jobs/schedule.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not schedule.may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "cadences": schedule.schedule(),
            "may_run": schedule.may_run(self.request.user),
            "today": timezone.localdate(),
        }

    def post(self, request, *args, **kwargs):
        """Run a cadence again as of a date: the period keys of its notices send only what was not sent."""
        if not schedule.may_run(request.user):
            raise PermissionDenied
        cadence, day = request.POST.get("cadence", ""), schedule.parse_day(request.POST.get("day", ""))
        if cadence not in jobs.CADENCES or day is None:
            messages.error(request, "请选择周期并填写日期（YYYY-MM-DD）。")
        elif day > timezone.localdate():
            messages.error(request, "日期不能晚于今天。")
        elif settings.CELERY_TASK_ALWAYS_EAGER:
            before = JobRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            jobs.run(cadence, day, by=request.user)
            runs = JobRun.objects.filter(pk__gt=before, cadence=cadence, by=request.user)
            failed = sum(1 for run in runs if run.status == JobRun.Status.FAILED)
            sent = sum(run.notices for run in runs)
            label = jobs.CADENCE_LABELS[cadence]
            text = f"已按 {day:%Y-%m-%d} 重新运行{label}任务 {len(runs)} 项：新发出通知 {sent} 条"
            if failed:
                messages.warning(request, f"{text}，失败 {failed} 项，错误见下表。")
            else:
                messages.success(request, f"{text}。")
        else:
            run_cadence.delay(cadence, day.isoformat(), by=request.user.pk)
            label = jobs.CADENCE_LABELS[cadence]
            messages.info(request, f"已提交后台按 {day:%Y-%m-%d} 重新运行{label}任务，稍后刷新查看结果。")
        return HttpResponseRedirect(reverse("job_schedule"))


class JobRunsView(LoginRequiredMixin, TemplateView):
    """One job's runs, newest first; a run's notices counted by recipient and listed."""

    template_name = "jobs/runs.html"
    notices_shown = 100

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not schedule.may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        found = jobs.find(self.kwargs["name"])
        if found is None:
            raise Http404("没有这个定时任务。")
        cadence, job = found
        runs = list(JobRun.objects.filter(job=self.kwargs["name"]).select_related("by")[:50])
        chosen = self.request.GET.get("run", "")
        run = next((r for r in runs if str(r.pk) == chosen), runs[0] if runs else None)
        return {
            **super().get_context_data(**kwargs),
            "name": self.kwargs["name"],
            "label": getattr(job, "label", "") or self.kwargs["name"],
            "cadence": jobs.CADENCE_LABELS[cadence],
            "runs": runs,
            "run": run,
            "recipients": schedule.recipients(run) if run else [],
            "notices": run.sent().select_related("recipient__official__region")[: self.notices_shown] if run else [],
        }
