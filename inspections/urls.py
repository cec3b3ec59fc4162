from django.urls import path

from base.registry import urlpatterns as registered

from . import views

app_name = "inspections"
urlpatterns = [
    *registered("inspections"),
    path("teams/<int:pk>/trainings/", views.TeamTrainingAddView.as_view(), name="team_training_add"),
    path("records/checklist/", views.ChecklistView.as_view(), name="checklist"),
    path("photos/<int:pk>/", views.InspectionPhotoView.as_view(), name="photo"),
]
