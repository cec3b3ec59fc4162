from django.urls import path

from base.registry import urlpatterns as registered

from . import views

app_name = "hazards"
# The registered pages come first: "<int:pk>/edit/" must win over a lifecycle step "<int:pk>/<action>/".
urlpatterns = [
    *registered("hazards"),
    path("from-finding/<int:pk>/", views.HazardFromFindingView.as_view(), name="hazard_from_finding"),
    path("photos/<int:pk>/", views.HazardPhotoView.as_view(), name="hazard_photo"),
    path("<int:pk>/<slug:action>/", views.HazardActionView.as_view(), name="hazard_action"),
    path("leaders/mine/", views.MyAssignmentsView.as_view(), name="my_assignments"),
    path("supervision/<int:pk>/progress/", views.SupervisionProgressView.as_view(), name="supervision_progress"),
    path("risk-points/carry-forward/", views.RiskPointCarryForwardView.as_view(), name="risk_point_carry_forward"),
    path("risk-points/<int:pk>/review/", views.RiskPointReviewView.as_view(), name="risk_point_review"),
    path("map/", views.RiskMapView.as_view(), name="risk_map"),
    path("map/boundary.geojson", views.risk_map_boundary, name="risk_map_boundary"),
]
