from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluation.models import Council, CouncilSeat


class CouncilSeatInline(admin.TabularInline):
    model = CouncilSeat
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "unit", "term_start", "term_end"]
    list_filter = ["kind", "level"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]
    inlines = [CouncilSeatInline]
