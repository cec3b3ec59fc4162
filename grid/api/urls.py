from base.registry import router as registered_router

from . import views

router = registered_router("grid")
router.register("regions", views.RegionViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("enterprises", views.EnterpriseViewSet)
router.register("grids", views.GridViewSet)
router.register("supervisors", views.GridSupervisorViewSet)
router.register("guides", views.SupervisionGuideViewSet)
router.register("guide-receipts", views.GuideAcknowledgementViewSet)
router.register("visits", views.SupervisionVisitViewSet)
router.register("assessments", views.SupervisorAssessmentViewSet)
router.register("house-chiefs", views.HouseChiefViewSet)
router.register("experts", views.SafetyExpertViewSet)
router.register("houses", views.RuralHouseViewSet)
router.register("house-inspections", views.HouseInspectionViewSet)
router.register("housing-trainings", views.HousingTrainingViewSet)
router.register("tip-offs", views.TipOffViewSet)
router.register("seven-ones", views.SevenOnesItemViewSet)
router.register("fire-stations", views.FireStationViewSet)
router.register("fire-staff", views.FireStationStaffViewSet)
router.register("venue-inspections", views.SmallVenueInspectionViewSet)
router.register("fires", views.FireViewSet)
urlpatterns = router.urls
