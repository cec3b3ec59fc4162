from django.urls import path

from base.registry import urlpatterns as registered

from . import views

app_name = "enforcement"
urlpatterns = [
    *registered("enforcement"),
    path("prompt-lists/<int:pk>/print/", views.PromptListPrintView.as_view(), name="prompt_list_version_print"),
    path("prompt-lists/<int:pk>/publish/", views.PromptListPublishView.as_view(), name="prompt_list_version_publish"),
    path(
        "receipts/<int:pk>/acknowledge/",
        views.ReceiptAcknowledgeView.as_view(),
        name="prompt_list_receipt_acknowledge",
    ),
    path("deliveries/coverage/", views.CoverageView.as_view(), name="coverage"),
    path("assessments/<slug:action>/", views.AssessmentActionView.as_view(), name="unit_assessment_action"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
]
