from base.registry import router as registered_router

router = registered_router("inspections")
urlpatterns = router.urls
