from base.registry import router as registered_router

router = registered_router("training")
urlpatterns = router.urls
