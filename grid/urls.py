from django.contrib.auth.decorators import login_required
from django.urls import path

from base.registry import urlpatterns as registered

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
    path("overview/", views.GridOverviewView.as_view(), name="grid_overview"),
    path("overview/<int:pk>/", views.GridOverviewView.as_view(), name="grid_overview_region"),
    path("grids/", views.GridListView.as_view(), name="grid_list"),
    path("grids/new/", views.GridCreateView.as_view(), name="grid_create"),
    path("grids/<int:pk>/", views.GridDetailView.as_view(), name="grid_detail"),
    path("grids/<int:pk>/edit/", views.GridEditView.as_view(), name="grid_edit"),
    path("supervisors/", views.GridSupervisorListView.as_view(), name="supervisor_list"),
    path("supervisors/new/", views.GridSupervisorCreateView.as_view(), name="supervisor_create"),
    path("supervisors/import/", views.GridSupervisorImportView.as_view(), name="supervisor_import"),
    path("supervisors/<int:pk>/", views.GridSupervisorDetailView.as_view(), name="supervisor_detail"),
    path("supervisors/<int:pk>/edit/", views.GridSupervisorEditView.as_view(), name="supervisor_edit"),
    path("supervisors/<int:pk>/login/", views.GridSupervisorLoginView.as_view(), name="supervisor_login"),
    path("guides/", views.SupervisionGuideListView.as_view(), name="guide_list"),
    path("guides/new/", views.SupervisionGuideCreateView.as_view(), name="guide_create"),
    path("guides/<int:pk>/", views.SupervisionGuideDetailView.as_view(), name="guide_detail"),
    path("guides/<int:pk>/edit/", views.SupervisionGuideEditView.as_view(), name="guide_edit"),
    path("guides/<int:pk>/attachment/", views.GuideAttachmentView.as_view(), name="guide_attachment"),
    path("guides/<int:pk>/publish/", views.SupervisionGuidePublishView.as_view(), name="guide_publish"),
    path("guide-receipts/", views.GuideAcknowledgementListView.as_view(), name="acknowledgement_list"),
    path("guide-receipts/<int:pk>/sign/", views.GuideAcknowledgeView.as_view(), name="acknowledge"),
    path("visits/", views.SupervisionVisitListView.as_view(), name="visit_list"),
    path("visits/new/", views.SupervisionVisitCreateView.as_view(), name="visit_create"),
    path("visits/<int:pk>/", views.SupervisionVisitDetailView.as_view(), name="visit_detail"),
    path("visit-photos/<int:pk>/", views.VisitPhotoView.as_view(), name="visit_photo"),
    path("assessments/", views.SupervisorAssessmentListView.as_view(), name="assessment_list"),
    path("assessments/new/", views.SupervisorAssessmentCreateView.as_view(), name="assessment_create"),
    path("assessments/<int:pk>/", views.SupervisorAssessmentDetailView.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.SupervisorAssessmentEditView.as_view(), name="assessment_edit"),
]


def registry(prefix: str, name: str, views_: dict) -> list:
    patterns = [
        path(f"{prefix}/", views_["list"].as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", views_["create"].as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", views_["detail"].as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views_["edit"].as_view(), name=f"{name}_edit"),
    ]
    if "import" in views_:
        patterns.append(path(f"{prefix}/import/", views_["import"].as_view(), name=f"{name}_import"))
    return patterns


urlpatterns += [
    *registered("grid"),
    path("grassroots/", views.GrassrootsView.as_view(), name="grassroots"),
    path("houses/", views.RuralHouseListView.as_view(), name="house_list"),
    path("houses/new/", views.RuralHouseCreateView.as_view(), name="house_create"),
    path("houses/<int:pk>/", views.RuralHouseDetailView.as_view(), name="house_detail"),
    path("houses/<int:pk>/edit/", views.RuralHouseEditView.as_view(), name="house_edit"),
    *registry("house-chiefs", "housechief", views.HOUSE_CHIEF),
    *registry("house-inspections", "houseinspection", views.HOUSE_INSPECTION),
    *registry("experts", "expert", views.SAFETY_EXPERT),
    *registry("housing-trainings", "training", views.HOUSING_TRAINING),
    *registry("tip-offs", "tipoff", views.TIP_OFF),
    path("seven-ones/", views.SevenOnesTableView.as_view(), name="sevenones_table"),
    *registry("seven-ones/items", "sevenones", views.SEVEN_ONES),
    path("fire-stations/", views.FireStationListView.as_view(), name="firestation_list"),
    path("fire-stations/new/", views.FireStationCreateView.as_view(), name="firestation_create"),
    path("fire-stations/<int:pk>/", views.FireStationDetailView.as_view(), name="firestation_detail"),
    path("fire-stations/<int:pk>/edit/", views.FireStationEditView.as_view(), name="firestation_edit"),
    *registry("fire-staff", "firestaff", views.FIRE_STATION_STAFF),
    *registry("venue-inspections", "venueinspection", views.VENUE_INSPECTION),
    *registry("fires", "fire", views.FIRE),
]
