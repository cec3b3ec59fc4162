from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from base.lookups import lookup
from base.views import ImportJobView, JobRunsView, JobScheduleView

from . import views
from .auth import TokenLogoutView, TokenObtainView

api_v1 = [
    path("grid/", include("grid.api.urls")),
    path("hazards/", include("hazards.api.urls")),
    path("training/", include("training.api.urls")),
    path("enforcement/", include("enforcement.api.urls")),
    path("inspections/", include("inspections.api.urls")),
    path("notifications/", include("sanming_safety.api_urls")),
]

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("lookup/<slug:kind>/", lookup, name="lookup"),
    path("imports/<int:pk>/", ImportJobView.as_view(), name="import_job"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/read/", views.NotificationReadView.as_view(), name="notification_read"),
    path("exports/<int:pk>/", views.ExportDownloadView.as_view(), name="export_download"),
    path("", include("sanming_safety.desk_urls")),
    path("jobs/", JobScheduleView.as_view(), name="job_schedule"),
    path("jobs/<str:name>/", JobRunsView.as_view(), name="job_runs"),
    path("bulletins/", views.BulletinListView.as_view(), name="bulletin_list"),
    path("bulletins/draft/", views.BulletinDraftView.as_view(), name="bulletin_draft"),
    path("bulletins/<int:pk>/", views.BulletinDetailView.as_view(), name="bulletin_detail"),
    re_path(
        r"^bulletins/(?P<pk>[0-9]+)/(?P<kind>xlsx|docx)/$",
        views.BulletinDownloadView.as_view(),
        name="bulletin_download",
    ),
    path("grid/", include("grid.urls")),
    path("hazards/", include("hazards.urls")),
    path("inspections/", include("inspections.urls")),
    path("training/", include("training.urls")),
    path("enforcement/", include("enforcement.urls")),
    path("api/v1/", include(api_v1)),
    path("api/token/", TokenObtainView.as_view(), name="api_token"),
    path("api/token/logout/", TokenLogoutView.as_view(), name="api_token_logout"),
    # The schema names every field of every record: for signed-in users only.
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger_ui"),
    path("admin/", admin.site.urls),
]

handler403 = "base.errors.permission_denied"
handler404 = "base.errors.page_not_found"
handler500 = "base.errors.server_error"
