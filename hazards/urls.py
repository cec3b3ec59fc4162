from django.urls import path

from . import views

app_name = "hazards"
urlpatterns = [
    path("", views.HazardListView.as_view(), name="hazard_list"),
    path("new/", views.HazardCreateView.as_view(), name="hazard_create"),
    path("import/", views.HazardImportView.as_view(), name="hazard_import"),
    path("from-finding/<int:pk>/", views.HazardFromFindingView.as_view(), name="hazard_from_finding"),
    path("<int:pk>/", views.HazardDetailView.as_view(), name="hazard_detail"),
    path("photos/<int:pk>/", views.HazardPhotoView.as_view(), name="hazard_photo"),
    path("<int:pk>/edit/", views.HazardEditView.as_view(), name="hazard_edit"),
    path("<int:pk>/<slug:action>/", views.HazardActionView.as_view(), name="hazard_action"),
    path("leaders/", views.LeaderAssignmentListView.as_view(), name="leader_assignment_list"),
    path("leaders/mine/", views.MyAssignmentsView.as_view(), name="my_assignments"),
    path("supervision/", views.SupervisionItemListView.as_view(), name="supervision_item_list"),
    path("supervision/new/", views.SupervisionItemCreateView.as_view(), name="supervision_item_create"),
    path("supervision/<int:pk>/", views.SupervisionItemDetailView.as_view(), name="supervision_item_detail"),
    path("supervision/<int:pk>/edit/", views.SupervisionItemEditView.as_view(), name="supervision_item_edit"),
    path("supervision/<int:pk>/progress/", views.SupervisionProgressView.as_view(), name="supervision_progress"),
    path("risk-points/", views.RiskPointListView.as_view(), name="risk_point_list"),
    path("risk-points/new/", views.RiskPointCreateView.as_view(), name="risk_point_create"),
    path("risk-points/import/", views.RiskPointImportView.as_view(), name="risk_point_import"),
    path("risk-points/carry-forward/", views.RiskPointCarryForwardView.as_view(), name="risk_point_carry_forward"),
    path("risk-points/<int:pk>/", views.RiskPointDetailView.as_view(), name="risk_point_detail"),
    path("risk-points/<int:pk>/edit/", views.RiskPointEditView.as_view(), name="risk_point_edit"),
    path("risk-points/<int:pk>/review/", views.RiskPointReviewView.as_view(), name="risk_point_review"),
    path("map/", views.RiskMapView.as_view(), name="risk_map"),
    path("map/boundary.geojson", views.risk_map_boundary, name="risk_map_boundary"),
]
