from django.urls import path

from . import mechanism_views

app_name = "inspections"
urlpatterns: list = []

# The campaign's mechanisms: lists by priority, coverage, the duty matrix, the follow-up cadence.
urlpatterns += [
    path("units/", mechanism_views.UnitListView.as_view(), name="units"),
    path("units/<int:pk>/priority/", mechanism_views.PriorityView.as_view(), name="priority"),
    path("coverage/", mechanism_views.CoverageView.as_view(), name="coverage"),
    path("campaigns/<int:pk>/duty-matrix/", mechanism_views.DutyMatrixExportView.as_view(), name="duty_matrix"),
    path("evaluation-table/", mechanism_views.EvaluationTableView.as_view(), name="evaluation_table"),
    path("cadence-reports/", mechanism_views.CadenceReportListView.as_view(), name="cadence_report_list"),
    path(
        "cadence-reports/<int:pk>/download/",
        mechanism_views.CadenceReportDownloadView.as_view(),
        name="cadence_report_download",
    ),
]
