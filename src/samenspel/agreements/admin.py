"""Reference data of the Gronings model, editable by administrators: the praatplaat, the
safeguard catalogue, the instruments and the lessons. Trajectories and agreements change
through the site, where the lifecycle's guards apply; here they can only be read."""

from django.contrib import admin

from samenspel.core.admin import AuditedAdmin

from .models import (
    AgreementVersion,
    CouncilDecision,
    Instrument,
    Lesson,
    PraatplaatQuestion,
    Safeguard,
    Trajectory,
)


@admin.register(PraatplaatQuestion)
class PraatplaatQuestionAdmin(AuditedAdmin):
    list_display = ["code", "building_block", "compass_point", "min_level", "active", "text"]
    list_filter = ["building_block", "compass_point", "min_level", "active"]
    search_fields = ["code", "text"]
    list_editable = ["active"]


@admin.register(Safeguard)
class SafeguardAdmin(AuditedAdmin):
    list_display = ["code", "compass_point", "title", "min_level", "recommended_from", "frequency_days"]
    list_filter = ["compass_point", "min_level"]
    search_fields = ["code", "title"]


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin):
    list_display = ["name", "code", "level_min", "level_max"]
    search_fields = ["name", "code"]


@admin.register(Lesson)
class LessonAdmin(AuditedAdmin):
    list_display = ["text", "compass_point", "kind", "experiment"]
    list_filter = ["compass_point", "kind", "experiment"]
    search_fields = ["text", "experiment"]
    raw_id_fields = ["place", "evaluation"]
    exclude = ["created_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Trajectory)
class TrajectoryAdmin(ReadOnlyAdmin):
    list_display = ["title", "place", "step", "desired_level", "created_at"]
    list_filter = ["step"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "number", "status", "activated_at"]
    list_filter = ["status"]


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "decided_on", "title", "outcome", "municipality"]
