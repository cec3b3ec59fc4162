from base.registry import router as registered_router

from . import views

router = registered_router("grid")
# Regions and departments have no registered pages (the region browser is bespoke; departments have none).
router.register("regions", views.RegionViewSet)
router.register("departments", views.DepartmentViewSet)
urlpatterns = router.urls
