from django.contrib import admin

from samenspel.core.admin import AuditedAdmin

from .models import DataSource, DnaItem, DnaItemRevision, IndicatorValue, Place


@admin.register(Place)
class PlaceAdmin(AuditedAdmin):
    list_display = ["name", "kind", "cbs_code", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "cbs_code"]
    prepopulated_fields = {"slug": ["name"]}
    exclude = ["municipality", "boundary"]
    raw_id_fields = ["parent"]


@admin.register(DataSource)
class DataSourceAdmin(AuditedAdmin):
    list_display = ["title", "publisher", "table_code", "licence"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(AuditedAdmin):
    list_display = ["place", "indicator", "year", "value", "source"]
    list_filter = ["indicator", "year", "source"]
    search_fields = ["place__name", "place__cbs_code"]
    raw_id_fields = ["place"]


class RevisionInline(admin.TabularInline):
    model = DnaItemRevision
    extra = 0
    can_delete = False
    readonly_fields = ["number", "kind", "text", "status", "note", "changed_at"]
    exclude = ["changed_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DnaItem)
class DnaItemAdmin(admin.ModelAdmin):
    """Read-only: DNA items change through the site, where history and permissions apply."""

    list_display = ["place", "kind", "status", "channel", "created_at"]
    list_filter = ["kind", "status", "channel"]
    search_fields = ["text", "place__name"]
    inlines = [RevisionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
