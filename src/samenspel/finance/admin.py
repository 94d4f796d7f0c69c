"""The Iv3 taakvelden and the terms per municipality are editable here (audited). Budget lines,
challenges, offers and assets change through the site, where the procedure's guards apply and
every change is audited with its before and after; here they can only be read."""

from django.contrib import admin

from samenspel.core.admin import AuditedAdmin

from .models import BudgetImport, BudgetLine, Challenge, ChallengeOffer, CommunityAsset, FinanceSettings, Taakveld


@admin.register(Taakveld)
class TaakveldAdmin(AuditedAdmin):
    list_display = ["code", "name", "main_code", "order", "active"]
    list_filter = ["main_code", "active"]
    search_fields = ["code", "name"]
    list_editable = ["active"]


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(AuditedAdmin):
    list_display = ["municipality", "admissibility_days", "assessment_days", "agreement_days", "min_signatures"]
    raw_id_fields = ["municipality"]
    exclude = ["updated_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["year", "municipality", "place", "taakveld", "description", "planned_cents", "decided_by"]
    list_filter = ["year", "decided_by"]
    search_fields = ["description"]


@admin.register(BudgetImport)
class BudgetImportAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "municipality", "year", "file_name", "rows", "created_count", "updated_count"]


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ["title", "municipality", "place", "status", "submitted_on", "due_on"]
    list_filter = ["status"]


@admin.register(ChallengeOffer)
class ChallengeOfferAdmin(ReadOnlyAdmin):
    list_display = ["title", "place", "status", "bids_until"]


@admin.register(CommunityAsset)
class CommunityAssetAdmin(ReadOnlyAdmin):
    list_display = ["name", "place", "kind", "status"]
    list_filter = ["kind", "status"]
