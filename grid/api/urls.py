from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("enterprises", views.EnterpriseViewSet)
router.register("grids", views.GridViewSet)
router.register("supervisors", views.GridSupervisorViewSet)
router.register("guides", views.SupervisionGuideViewSet)
router.register("guide-receipts", views.GuideAcknowledgementViewSet)
router.register("visits", views.SupervisionVisitViewSet)
router.register("assessments", views.SupervisorAssessmentViewSet)
urlpatterns = router.urls
