from django.contrib import admin

from .models import Notification

admin.site.site_header = "三明市安全生产监管平台 · 管理"
admin.site.site_title = "安全生产监管平台"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "text", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["text", "recipient__username"]
    raw_id_fields = ["recipient"]
