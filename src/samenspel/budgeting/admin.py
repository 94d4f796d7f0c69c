"""The admin, for corrections by administrators. Changes are audited (AuditedAdmin). Ballots,
voting codes and participations are not here: they change only through the voting services
(secret ballot, each code counted once). Code batches and paper entries can be read only."""

from django.contrib import admin

from samenspel.core.admin import AuditedAdmin

from .models import AreaCap, Budget, CodeBatch, PaperEntry, Project, ProjectUpdate, Round


@admin.register(Budget)
class BudgetAdmin(AuditedAdmin):
    list_display = ["title", "place", "kind", "period_start", "period_end", "amount_cents"]
    list_filter = ["kind"]
    search_fields = ["title", "place__name"]
    raw_id_fields = ["place", "scope_item", "created_by"]


class AreaCapInline(admin.TabularInline):
    model = AreaCap
    extra = 0
    raw_id_fields = ["area"]


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ["title", "budget", "amount_cents", "voting_opens", "voting_closes", "tally_rule", "published"]
    list_filter = ["ballot_type", "tally_rule"]
    search_fields = ["title", "budget__title", "budget__place__name"]
    raw_id_fields = ["budget", "created_by"]
    readonly_fields = ["closed_at", "result_published_at"]
    inlines = [AreaCapInline]

    @admin.display(boolean=True, description="result published")
    def published(self, obj):
        return obj.result_published_at is not None


class ProjectUpdateInline(admin.TabularInline):
    model = ProjectUpdate
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["title", "round", "number", "status", "cost_cents", "support_count", "selected", "realisation"]
    list_filter = ["status", "realisation"]
    search_fields = ["title", "summary", "round__title"]
    raw_id_fields = ["round", "idea", "area", "reviewed_by", "submitted_by"]
    readonly_fields = ["support_count", "selected"]
    inlines = [ProjectUpdateInline]


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CodeBatch)
class CodeBatchAdmin(ReadOnlyAdmin):
    list_display = ["round", "letters", "skipped", "note", "created_at"]
    search_fields = ["round__title", "note"]


@admin.register(PaperEntry)
class PaperEntryAdmin(ReadOnlyAdmin):
    list_display = ["round", "sheet", "entered_by", "entered_at", "invalid", "discarded_at"]
    list_filter = ["invalid"]
    search_fields = ["round__title", "sheet"]
