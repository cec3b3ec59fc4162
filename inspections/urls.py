from django.urls import path

from base.registry import urlpatterns as registered

from . import mechanism_views, views

app_name = "inspections"
urlpatterns = [
    *registered("inspections"),
    path("teams/<int:pk>/trainings/", views.TeamTrainingAddView.as_view(), name="team_training_add"),
    path("records/checklist/", views.ChecklistView.as_view(), name="checklist"),
    path("photos/<int:pk>/", views.InspectionPhotoView.as_view(), name="photo"),
]

# The campaign's mechanisms (mechanism_views): lists by priority, coverage, the duty matrix, the follow-up cadence.
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
