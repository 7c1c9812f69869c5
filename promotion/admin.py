from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from promotion.models import Partner, SalesChannel, SalesPoint, TradeEvent


@admin.register(SalesPoint)
class SalesPointAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "unit", "opened_on", "closed_on"]
    raw_id_fields = ["unit", "products"]


@admin.register(SalesChannel)
class SalesChannelAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "kind", "name", "started_on", "ended_on"]
    raw_id_fields = ["subject"]


@admin.register(TradeEvent)
class TradeEventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "starts_on", "ends_on"]
    raw_id_fields = ["unit"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "published"]
    raw_id_fields = ["subjects"]
