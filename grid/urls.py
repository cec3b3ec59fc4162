from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

app_name = "grid"
urlpatterns = [
    path("regions/", login_required(views.region_root), name="region_list"),
    path("regions/<int:pk>/", views.RegionBrowserView.as_view(), name="region_detail"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/new/", views.EnterpriseCreateView.as_view(), name="enterprise_create"),
    path("enterprises/import/", views.EnterpriseImportView.as_view(), name="enterprise_import"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
]
