from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("hazards", views.HazardViewSet)
router.register("leader-assignments", views.LeaderAssignmentViewSet)
router.register("supervision-items", views.SupervisionItemViewSet)
router.register("risk-points", views.RiskPointViewSet)
urlpatterns = router.urls
