"""Use cases for people and roles, including the AVG/GDPR rights: a copy of all data held
about a person, and erasure that keeps the public record but removes the person."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.core import audit
from samenspel.core.models import AuditEntry
from samenspel.core.text import plain_text
from samenspel.places.models import DnaItem, DnaItemRevision, Place

from .models import Membership, Organisation, Role, User


@transaction.atomic
def update_profile(*, user: User, display_name: str, home: Place | None) -> None:
    user.display_name = plain_text(display_name).strip()[:80]
    user.save(update_fields=["display_name"])
    current = Membership.objects.filter(user=user, role=Role.RESIDENT, self_declared=True)
    if home is not None and not home.is_neighbourhood:
        raise ValidationError({"home": _("Choose a neighbourhood or village.")})
    if home is None:
        current.delete()
    elif not current.filter(place=home).exists():
        current.delete()
        Membership.objects.create(user=user, role=Role.RESIDENT, place=home, self_declared=True)
    audit.record("accounts.profile.updated", actor=user, obj=user, data={"home": home.pk if home else None})


@transaction.atomic
def grant_role(
    *, granted_by: User | None, user: User, role: str, place: Place, organisation: Organisation | None = None
) -> Membership:
    """Give a person a role for a place. Only administrators grant roles (the demo loader
    and the first administrator pass granted_by=None from the command line)."""
    if granted_by is not None and not granted_by.has_perm("accounts.manage_roles"):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=role,
        place=place,
        organisation=organisation,
        defaults={"granted_by": granted_by},
    )
    if created:  # granting a role someone already holds changes nothing
        audit.record(
            "accounts.role.granted",
            actor=granted_by,
            obj=membership,
            data={"person": str(user.public_id), "role": role, "place": place.pk},
        )
    return membership


@transaction.atomic
def revoke_role(*, revoked_by: User | None, membership: Membership) -> None:
    if revoked_by is not None and not revoked_by.has_perm("accounts.manage_roles"):
        raise PermissionDenied
    audit.record(
        "accounts.role.revoked",
        actor=revoked_by,
        obj=membership,
        data={"person": str(membership.user.public_id), "role": membership.role, "place": membership.place_id},
    )
    membership.delete()


def _erase_participation(user: User) -> None:
    """Personal traces that are no public record go; contributions to the public record (ideas,
    comments, answers, objections, reports, signatures) stay, pointing at the empty account,
    which shows as "a former participant"."""
    from samenspel.api.services import erase_person as erase_api_keys
    from samenspel.decisions.models import Advice
    from samenspel.deliberation.services import erase_participation as erase_deliberation
    from samenspel.finance.models import AssetBid, Challenge, LineQuestion, SupportSignature
    from samenspel.initiatives.models import HelpOffer
    from samenspel.notifications.models import Follow, Notification, NotificationSettings
    from samenspel.panel.services import erase_person as erase_panel_person
    from samenspel.sortition.models import Respondent

    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    HelpOffer.objects.filter(user=user).delete()
    LineQuestion.objects.filter(author=user).update(author=None)
    Challenge.objects.filter(submitted_by=user).update(submitted_by=None)
    AssetBid.objects.filter(submitted_by=user).update(submitted_by=None)
    # Support still being collected goes; closed challenges keep their counts (the public record).
    SupportSignature.objects.filter(user=user, challenge__status__in=("submitted", "admissible")).delete()
    erase_panel_person(user)
    Respondent.objects.filter(user=user).update(user=None, initials="")
    erase_deliberation(user)
    erase_api_keys(user)
    for advice in Advice.objects.filter(contributors=user):
        advice.contributors.remove(user)


def export_personal_data(user: User) -> dict:
    """Everything Samenspel holds about this person, as plain data (AVG art. 15 and 20)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "format": "samenspel-personal-data/1",
        "exported_at": timezone.now().isoformat(),
        "person": {
            "email": user.email,
            "display_name": user.display_name,
            "pseudonym_in_audit_log": str(user.public_id),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "two_factor": [
            {"type": a.type, "created_at": a.created_at.isoformat()} for a in Authenticator.objects.filter(user=user)
        ],
        "roles": [
            {
                "role": m.role,
                "place": m.place.name,
                "place_cbs_code": m.place.cbs_code,
                "organisation": m.organisation.name if m.organisation else None,
                "self_declared": m.self_declared,
                "valid_from": m.valid_from.isoformat() if m.valid_from else None,
                "valid_until": m.valid_until.isoformat() if m.valid_until else None,
            }
            for m in user.memberships.select_related("place", "organisation")
        ],
        "dna_items_written": [
            {
                "id": i.pk,
                "place": i.place.name,
                "kind": i.kind,
                "text": i.text,
                "status": i.status,
                "created_at": i.created_at.isoformat(),
            }
            for i in DnaItem.objects.filter(author=user).select_related("place")
        ],
        "dna_items_entered_for_others": [
            {"id": i.pk, "place": i.place.name, "channel": i.channel, "created_at": i.created_at.isoformat()}
            for i in DnaItem.objects.filter(entered_by=user).exclude(author=user).select_related("place")
        ],
        **_participation_data(user),
        "audit_log": [
            {
                "seq": e.seq,
                "at": e.created_at.isoformat(),
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
            }
            for e in AuditEntry.objects.filter(actor_ref=str(user.public_id))
        ],
    }


def _participation_data(user: User) -> dict:
    """What a person contributed in the other apps: ideas, support, comments, help, follows,
    notifications, answers in conversations, advice, objections, reports, signatures, budget
    projects, their support and the budget rounds they voted in."""
    from samenspel.agreements.models import Answer, Signature
    from samenspel.api.services import personal_data as api_personal_data
    from samenspel.budgeting.models import Participation, Project, ProjectSupport
    from samenspel.decisions.models import AccountabilityReport, Advice, Objection, ReportComment
    from samenspel.deliberation.services import personal_data as deliberation_personal_data
    from samenspel.finance.models import AssetBid, Challenge, LineQuestion, SupportSignature
    from samenspel.initiatives.models import Comment, HelpOffer, Idea, Support
    from samenspel.notifications.models import Follow, Notification, NotificationSettings
    from samenspel.panel.services import personal_data as panel_personal_data
    from samenspel.sortition.models import Respondent

    def when(value):
        return value.isoformat() if value else None

    settings_row = NotificationSettings.objects.filter(user=user).first()
    return {
        "ideas": [
            {
                "id": i.pk,
                "place": i.place.name,
                "title": i.title,
                "description": i.description,
                "status": i.status,
                "created_at": when(i.created_at),
            }
            for i in Idea.objects.filter(author=user).select_related("place")
        ],
        "ideas_supported": [{"idea": s.idea_id, "at": when(s.created_at)} for s in Support.objects.filter(user=user)],
        "comments": [
            {"idea": c.idea_id, "text": c.text, "at": when(c.created_at)} for c in Comment.objects.filter(author=user)
        ],
        "offers_of_help": [
            {"idea": h.idea_id, "role": h.role, "note": h.note} for h in HelpOffer.objects.filter(user=user)
        ],
        "answers_in_conversations": [
            {"session": a.session_id, "question": a.question.code, "text": a.text, "score": a.score}
            for a in Answer.objects.filter(answered_by=user).select_related("question")
        ],
        "signatures": [
            {
                "agreement_version": s.version_id,
                "side": s.side,
                "name": s.name_shown,
                "capacity": s.capacity,
                "at": when(s.signed_at),
            }
            for s in Signature.objects.filter(signed_by=user)
        ],
        "advice_contributed_to": [a.pk for a in Advice.objects.filter(contributors=user)],
        "objections": [
            {"decision": o.decision_id, "text": o.text, "status": o.status, "at": when(o.created_at)}
            for o in Objection.objects.filter(author=user)
        ],
        "accountability_reports_written": [r.pk for r in AccountabilityReport.objects.filter(author=user)],
        "comments_on_reports": [
            {"report": c.report_id, "text": c.text, "at": when(c.created_at)}
            for c in ReportComment.objects.filter(author=user)
        ],
        "budget_projects_proposed": [
            {"project": p.pk, "round": p.round_id, "title": p.title, "at": when(p.created_at)}
            for p in Project.objects.filter(submitted_by=user)
        ],
        "budget_projects_supported": [
            {"project": s.project_id, "at": when(s.created_at)} for s in ProjectSupport.objects.filter(user=user)
        ],
        # That the account voted, never what: the ballot itself is not linked to anyone.
        "budget_rounds_voted_in": [
            {"round": v.round_id, "at": when(v.voted_at)} for v in Participation.objects.filter(user=user)
        ],
        "budget_questions": [
            {"line": q.line_id, "text": q.text, "status": q.status, "at": when(q.created_at)}
            for q in LineQuestion.objects.filter(author=user)
        ],
        "challenges_submitted": [
            {"challenge": c.pk, "title": c.title, "at": when(c.created_at)}
            for c in Challenge.objects.filter(submitted_by=user)
        ],
        "challenges_supported": [
            {"challenge": s.challenge_id, "at": when(s.created_at)} for s in SupportSignature.objects.filter(user=user)
        ],
        "asset_bids_submitted": [b.pk for b in AssetBid.objects.filter(submitted_by=user)],
        **panel_personal_data(user),
        "deliberation": deliberation_personal_data(user),
        "api_keys": api_personal_data(user),
        "draws_by_lot_replies": [
            {
                "draw": r.draw_id,
                "pool_number": r.pool_id,
                "status": r.status,
                "features": r.features,
                "initials": r.initials,
                "channel": r.channel,
                "at": when(r.created_at),
            }
            for r in Respondent.objects.filter(user=user)
        ],
        "following": [
            {"place": f.place_id, "idea": f.idea_id, "agenda_item": f.agenda_item_id}
            for f in Follow.objects.filter(user=user)
        ],
        "email_preference": settings_row.email if settings_row else None,
        "notifications": [
            {"subject": n.subject, "url": n.url, "at": when(n.created_at)}
            for n in Notification.objects.filter(user=user)
        ],
    }


@transaction.atomic
def erase_person(*, user: User, requested_by: User) -> None:
    """Remove the person but keep the public record.

    What they contributed to the neighbourhood's profile stays (it is part of the public
    record) but no longer points at them. Their login, email addresses, roles,
    authenticators are removed and
    every session ends (a new, unusable password changes the session hash); the account row stays as an empty shell so
    that the pseudonym in the audit log leads nowhere personal."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    if requested_by.pk != user.pk and not requested_by.has_perm("accounts.manage_roles"):
        raise PermissionDenied
    if user.is_erased:
        raise ValidationError(_("This account has already been removed."))
    DnaItem.objects.filter(author=user).update(author=None)
    DnaItem.objects.filter(entered_by=user).update(entered_by=None)
    DnaItemRevision.objects.filter(changed_by=user).update(changed_by=None)
    Membership.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    _erase_participation(user)
    user.email = f"erased-{user.public_id}@invalid"
    user.display_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    audit.record(
        "accounts.person.erased",
        actor=requested_by if requested_by.pk != user.pk else None,
        obj=user,
        data={"by_self": requested_by.pk == user.pk},
    )
