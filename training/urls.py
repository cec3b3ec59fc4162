from django.urls import path

from base.registry import urlpatterns as registered

from . import views

app_name = "training"
urlpatterns = [
    *registered("training"),
    path("classes/<int:pk>/invite/", views.ClassInviteView.as_view(), name="warning_class_invite"),
    path("classes/<int:pk>/qr/", views.ClassQrView.as_view(), name="warning_class_qr"),
    path("classes/<int:pk>/check-in/", views.DeskCheckInView.as_view(), name="warning_class_desk_check_in"),
    path("classes/<int:pk>/sheet/", views.AttendanceSheetView.as_view(), name="warning_class_sheet"),
    path("cases/<int:pk>/attachment/", views.AccidentCaseAttachmentView.as_view(), name="accident_case_attachment"),
    path("check-in/<str:token>/", views.CheckInView.as_view(), name="check_in"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
]
