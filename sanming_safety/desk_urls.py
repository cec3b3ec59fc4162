from django.urls import path

from . import desk_views

urlpatterns = [
    path("desk/", desk_views.DeskView.as_view(), name="desk"),
    path("desk/map/", desk_views.DeskMapView.as_view(), name="desk_map"),
    path("desk/map/layers/<slug:key>.geojson", desk_views.DeskLayerView.as_view(), name="desk_layer"),
    path("desk/map/boundary.geojson", desk_views.DeskBoundaryView.as_view(), name="desk_boundary"),
    path("desk/screens/", desk_views.ScreenLinkListView.as_view(), name="screen_link_list"),
    path("desk/screens/<int:pk>/revoke/", desk_views.ScreenLinkRevokeView.as_view(), name="screen_link_revoke"),
    path("screen/<str:token>/", desk_views.ScreenView.as_view(), name="screen"),
    path("screen/<str:token>/data.json", desk_views.ScreenDataView.as_view(), name="screen_data"),
    path("screen/<str:token>/layers/<slug:key>.geojson", desk_views.ScreenLayerView.as_view(), name="screen_layer"),
    path("screen/<str:token>/boundary.geojson", desk_views.ScreenBoundaryView.as_view(), name="screen_boundary"),
]
