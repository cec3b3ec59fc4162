from django.contrib.auth.decorators import login_required
from django.urls import path

from base.registry import urlpatterns as registered

from . import views

app_name = "grid"
urlpatterns = [
    *registered("grid"),
    path("regions/", login_required(views.region_root), name="region_list"),
    path("regions/<int:pk>/", views.RegionBrowserView.as_view(), name="region_detail"),
    path("overview/", views.GridOverviewView.as_view(), name="grid_overview"),
    path("overview/<int:pk>/", views.GridOverviewView.as_view(), name="grid_overview_region"),
    path("supervisors/<int:pk>/login/", views.GridSupervisorLoginView.as_view(), name="grid_supervisor_login"),
    path("guides/<int:pk>/attachment/", views.GuideAttachmentView.as_view(), name="supervision_guide_attachment"),
    path("guides/<int:pk>/publish/", views.SupervisionGuidePublishView.as_view(), name="supervision_guide_publish"),
    path(
        "guide-receipts/<int:pk>/sign/",
        views.GuideAcknowledgeView.as_view(),
        name="guide_acknowledgement_acknowledge",
    ),
    path("visit-photos/<int:pk>/", views.VisitPhotoView.as_view(), name="visit_photo_file"),
    path("seven-ones/", views.SevenOnesTableView.as_view(), name="seven_ones_item_table"),
    path("grassroots/", views.GrassrootsView.as_view(), name="grassroots"),
]
