"""The admin, for corrections by administrators and for entering population shares that the
CBS figures do not cover. Changes are audited (AuditedAdmin). Responses and answers are not
here: they change only through the services (one response per member, channel recorded).
Members can be read, not edited: their profile is theirs to give or withdraw."""

from django.contrib import admin

from samenspel.core.admin import AuditedAdmin

from .models import Consultation, Panel, PanelMember, Question, ReferenceShare


class ReferenceShareInline(admin.TabularInline):
    model = ReferenceShare
    extra = 0


@admin.register(Panel)
class PanelAdmin(AuditedAdmin):
    list_display = ["title", "place", "signup_open", "max_requests", "period_days"]
    search_fields = ["title", "place__name"]
    raw_id_fields = ["place", "created_by"]
    inlines = [ReferenceShareInline]


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin):
    list_display = ["panel", "number", "joined_via", "status", "joined_at"]
    list_filter = ["joined_via", "status"]
    fields = ["panel", "number", "joined_via", "status", "invited_at", "joined_at", "paused_until", "left_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(AuditedAdmin):
    list_display = ["title", "place", "panel", "opens_at", "closes_at"]
    search_fields = ["title", "place__name"]
    raw_id_fields = ["place", "panel", "created_by"]
    readonly_fields = ["invitations_sent_at", "reminder_sent_at"]
    inlines = [QuestionInline]
