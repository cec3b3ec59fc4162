"""综合看板, the e-map of every layer, and the meeting room's big screen (大屏) behind a revocable link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from base.aggregates import kept
from base.desk import Mechanism
from base.emap import layer_of, map_layers
from base.ratelimit import FailureLimit
from base.scoping import CHANGE, VIEW, ensure_in_scope
from grid.maps import region_labels

from .desk import breadcrumb, desk_region, drill_areas, parse_month
from .forms import ScreenLinkForm
from .models import ScreenLink

# Unknown screen tokens from one address: a guesser is stopped long before a token could be found.
SCREEN_GUESSES = FailureLimit("screen", limit=30, seconds=600)


def recent_months(count: int = 24) -> list[str]:
    """``YYYY-MM`` of this month and the ``count - 1`` before it, for the month selector."""
    month = timezone.localdate().replace(day=1)
    months = []
    for _ in range(count):
        months.append(f"{month:%Y-%m}")
        month = (month - timezone.timedelta(days=1)).replace(day=1)
    return months


class DeskView(LoginRequiredMixin, TemplateView):
    """One desk over every mechanism for the city, a county or a township of the user's, as of a month."""

    template_name = "desk/desk.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        region = desk_region(user, self.request.GET.get("region"))
        month, error = parse_month(self.request.GET.get("month"))
        if error:
            messages.warning(self.request, error)
        (panels, rows), freshness = kept(user, "desk", f"{month:%Y-%m}", region=region)
        return {
            **super().get_context_data(**kwargs),
            "region": region,
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "months": recent_months(),
            "trail": breadcrumb(user, region),
            "areas": drill_areas(region),
            "panels": panels,
            "ranking": rows,
            "freshness": freshness,
            "may_share": ScreenLink.may_change(user),
        }


def layer_legend() -> list[dict]:
    return [
        {"key": layer.key, "label": layer.label, "legend": layer.legend, "shape": layer.shape, "shown": layer.shown}
        for layer in map_layers()
    ]


def map_context(region, *, layer_url: str, boundary_url: str, screen: bool = False) -> dict:
    """The legend and the map's configuration (layers, labels, tiles, boundaries), for the page and the screen."""
    layers = layer_legend()
    return {
        "layers": layers,
        "has_inspections": any(layer["key"].startswith("inspection") for layer in layers),
        "emap_config": {
            "layers": layers,
            "labels": region_labels(region),
            "layer_url": layer_url,
            "boundary_url": boundary_url if settings.RISK_MAP_BOUNDARY_FILE else "",
            "tile_url": settings.RISK_MAP_TILE_URL,
            "tile_attribution": settings.RISK_MAP_TILE_ATTRIBUTION,
            "screen": screen,
        },
    }


class DeskMapView(LoginRequiredMixin, TemplateView):
    """电子一张图 of every layer: a switch per layer, a legend, names of counties and townships."""

    template_name = "desk/map.html"

    def get_context_data(self, **kwargs):
        region = desk_region(self.request.user, self.request.GET.get("region"))
        return {
            **super().get_context_data(**kwargs),
            **map_context(
                region,
                layer_url=f"{reverse('desk_layer', args=['__key__'])}?region={region.pk}",
                boundary_url=reverse("desk_boundary"),
            ),
            "region": region,
            "trail": breadcrumb(self.request.user, region),
            "areas": drill_areas(region),
        }


def feature_collection(key: str, user, region, *, public: bool) -> JsonResponse:
    layer = layer_of(key)
    if layer is None:
        raise Http404("没有这个图层。")
    features = layer.features(user, region, public)
    return JsonResponse({"type": "FeatureCollection", "key": key, "features": features})


class DeskLayerView(LoginRequiredMixin, View):
    """One layer's GeoJSON under a region of the user's jurisdiction."""

    def get(self, request, key: str):
        region = desk_region(request.user, request.GET.get("region"))
        return feature_collection(key, request.user, region, public=False)


def boundary_response() -> FileResponse:
    """The operator's boundary GeoJSON (RISK_MAP_BOUNDARY_FILE), drawn under the layers."""
    path = settings.RISK_MAP_BOUNDARY_FILE
    if not path:
        raise Http404("未配置行政区划边界。")
    try:
        return FileResponse(open(path, "rb"), content_type="application/geo+json")
    except OSError as error:
        raise Http404("行政区划边界文件不存在。") from error


class DeskBoundaryView(LoginRequiredMixin, View):
    def get(self, request):
        return boundary_response()


# Screen links ---------------------------------------------------------------------------------


class ScreenLinkListView(LoginRequiredMixin, View):
    """大屏链接: committee staff create a read-only screen link for a region of theirs, and revoke it."""

    template_name = "desk/screen_links.html"

    def page(self, request, form, status=200):
        links = ScreenLink.objects.for_user(request.user, VIEW).select_related("region", "created_by", "revoked_by")
        return render(
            request,
            self.template_name,
            {"form": form, "object_list": links, "may_change": ScreenLink.may_change(request.user)},
            status=status,
        )

    def get(self, request):
        return self.page(request, ScreenLinkForm(user=request.user))

    def post(self, request):
        if not ScreenLink.may_change(request.user):
            return render(request, "403.html", status=403)
        form = ScreenLinkForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.page(request, form, status=400)
        with transaction.atomic():
            link = form.save(commit=False)
            link.created_by = request.user
            link.save()
            ensure_in_scope(link, request.user)
        messages.success(request, f"已创建大屏链接“{link.title}”。")
        return HttpResponseRedirect(reverse("screen_link_list"))


class ScreenLinkRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        with transaction.atomic():
            link = get_object_or_404(ScreenLink.objects.for_user(request.user, CHANGE).select_for_update(), pk=pk)
            if not link.is_revoked:
                link.revoked_at, link.revoked_by = timezone.now(), request.user
                link.save(update_fields=["revoked_at", "revoked_by"])
        messages.success(request, f"已撤销大屏链接“{link.title}”，该链接立即失效。")
        return HttpResponseRedirect(reverse("screen_link_list"))


# The big screen (no login) ------------------------------------------------------------------------


def gone(request, message: str, status: int):
    return render(request, "desk/screen_gone.html", {"message": message}, status=status)


def open_link(request, token: str):
    """The live link of ``token`` and its region; 404 for an unknown token, 410 for a revoked one."""
    if SCREEN_GUESSES.exceeded(request, "token"):
        return None, gone(request, "尝试次数过多，请稍后再试。", 429)
    link = ScreenLink.objects.select_related("region", "created_by").filter(token=token).first()
    if link is None:
        SCREEN_GUESSES.fail(request, "token")
        raise Http404("大屏链接不存在。")
    if link.is_revoked or not link.created_by.is_active:
        return None, gone(request, "该大屏链接已被撤销，请联系安委办获取新链接。", 410)
    try:
        region = desk_region(link.created_by, link.region_id)
    except Http404:
        return None, gone(request, "该大屏链接已失效（创建人已无权查看该区域），请联系安委办获取新链接。", 410)
    return (link, region), None


def screen_data(link, region) -> dict:
    """The big screen's numbers: the key figures and the ranking of the region's areas, this month; no names
    of people, no links. They are the desk's, kept and renewed as the desk's are (its creator's view)."""
    month = timezone.localdate().replace(day=1)
    (panels, rows), freshness = kept(link.created_by, "desk", f"{month:%Y-%m}", region=region)
    order = {mechanism: rank for rank, mechanism in enumerate(Mechanism.values)}
    figures = sorted(
        (figure for panel in panels for figure in panel["figures"] if figure.key),
        key=lambda figure: order[figure.mechanism],
    )
    return {
        "region": region.name,
        "month": f"{month:%Y年%m月}",
        "updated_at": f"{timezone.localtime(freshness.as_of if freshness else None):%H:%M:%S}",
        "figures": [figure.public() for figure in figures],
        "ranking": [
            {"place": row["place"], "name": row["region"].name, "open": row["open"], "overdue": row["overdue"]}
            for row in rows
        ],
    }


class ScreenView(View):
    """The meeting room's big screen: read-only, no login, only its region's aggregates and map."""

    def get(self, request, token: str):
        opened, refusal = open_link(request, token)
        if refusal:
            return refusal
        link, region = opened
        return render(
            request,
            "desk/screen.html",
            {
                "link": link,
                "data": screen_data(link, region),
                "refresh": settings.SCREEN_REFRESH_SECONDS,
                **map_context(
                    region,
                    layer_url=reverse("screen_layer", args=[token, "__key__"]),
                    boundary_url=reverse("screen_boundary", args=[token]),
                    screen=True,
                ),
            },
        )


class ScreenDataView(View):
    def get(self, request, token: str):
        opened, refusal = open_link(request, token)
        if refusal:
            return JsonResponse({"error": "该大屏链接已失效。"}, status=refusal.status_code)
        return JsonResponse(screen_data(*opened))


class ScreenLayerView(View):
    def get(self, request, token: str, key: str):
        opened, refusal = open_link(request, token)
        if refusal:
            return JsonResponse({"error": "该大屏链接已失效。"}, status=refusal.status_code)
        link, region = opened
        return feature_collection(key, link.created_by, region, public=True)


class ScreenBoundaryView(View):
    def get(self, request, token: str):
        _, refusal = open_link(request, token)
        return refusal or boundary_response()
