"""One adapter per kind of public record: where its rows live, which are published, and how a
record reads as a publication (register facts) and as a document (content). The content is
what the HTML page, the PDF and the JSON download all show; it holds texts and codes with
their labels in the active language, so it is built in Dutch for the register and the PDF."""

import datetime
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from samenspel.agreements.models import AgreementVersion, ScopeItem, VersionStatus
from samenspel.budgeting.models import Round, TallyRule
from samenspel.core.text import plain_text
from samenspel.decisions.models import AccountabilityReport, Advice, AdviceStatus, Decision
from samenspel.finance.models import ChallengeAgreement, ChallengeStatus

from . import woo
from .models import PublicationStatus
from .rules import PUBLIC_FILTERS
from .woo import Kind


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _summary(text: str, limit: int = 500) -> str:
    text = " ".join(plain_text(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Facts:
    """What the register keeps about a record."""

    title: str
    summary: str
    place: Any
    document_date: datetime.date
    status: str
    categories: list
    version_number: int | None = None

    @property
    def municipality(self):
        return self.place.root if self.place is not None else None


class Source(ABC):
    kind: str
    model: type
    template: str  # the body of the document, shared by the page and the PDF

    def base_queryset(self) -> QuerySet:
        return self.model.objects.all()

    def published(self) -> QuerySet:
        return self.base_queryset().filter(PUBLIC_FILTERS[self.kind])

    @abstractmethod
    def facts(self, record) -> Facts: ...

    @abstractmethod
    def content(self, record) -> dict: ...

    def record_url(self, record) -> str:
        return record.get_absolute_url()


class AgreementSource(Source):
    kind = Kind.AGREEMENT
    model = AgreementVersion
    template = "publication/body/agreement.html"

    def base_queryset(self):
        return AgreementVersion.objects.select_related(
            "agreement__trajectory__place__municipality", "council_decision"
        ).prefetch_related(
            Prefetch("scope_items", queryset=ScopeItem.objects.prefetch_related("roles")),
            "signatures",
            "safeguard_commitments__safeguard",
        )

    def facts(self, version):
        trajectory = version.agreement.trajectory
        status = {
            VersionStatus.WITHDRAWN: PublicationStatus.WITHDRAWN,
            VersionStatus.SUPERSEDED: PublicationStatus.SUPERSEDED,
        }.get(version.status, PublicationStatus.CURRENT)
        signed = [s.signed_at for s in version.signatures.all()]
        when = version.valid_from or (max(signed).date() if signed else version.created_at.date())
        return Facts(
            title=trajectory.title,
            summary=_summary(version.summary),
            place=trajectory.place,
            document_date=when,
            status=status,
            categories=woo.categories_for(self.kind),
            version_number=version.number,
        )

    def content(self, version):
        trajectory = version.agreement.trajectory
        decision = version.council_decision
        commitments = list(version.safeguard_commitments.all())
        return {
            "trajectory": trajectory.title,
            "place": trajectory.place.name,
            "version": version.number,
            "status": version.status,
            "status_label": str(version.get_status_display()),
            "summary": version.summary,
            "valid_from": _date(version.valid_from),
            "valid_until": _date(version.valid_until),
            "representation": version.representation_statement,
            "accountability": {
                "to_wijk": version.accountability_to_wijk,
                "to_gemeente": version.accountability_to_gemeente,
                "frequency": version.accountability_frequency,
            },
            "scope_items": [
                {
                    "title": item.title,
                    "kind": item.kind,
                    "kind_label": str(item.get_kind_display()),
                    "description": item.description,
                    "level": item.level,
                    "level_label": str(item.get_level_display()),
                    "is_citywide": item.is_citywide,
                    "ownership": item.ownership,
                    "ownership_label": str(item.get_ownership_display()) if item.ownership else "",
                    "budget_cents": item.budget_cents,
                    "roles": [
                        {
                            "phase": role.phase,
                            "phase_label": str(role.get_phase_display()),
                            "responsibility": role.responsibility,
                            "responsibility_label": str(role.get_responsibility_display()),
                            "actor": role.actor,
                            "actor_label": str(role.get_actor_display()),
                        }
                        for role in item.roles.all()
                    ],
                    "safeguards": [
                        {"code": c.safeguard.code, "title": c.safeguard.title, "note": c.note}
                        for c in commitments
                        if c.scope_item_id == item.pk
                    ],
                }
                for item in version.scope_items.all()
            ],
            "safeguards": [
                {"code": c.safeguard.code, "title": c.safeguard.title, "note": c.note}
                for c in commitments
                if c.scope_item_id is None
            ],
            "signatures": [
                {
                    "side": s.side,
                    "side_label": str(s.get_side_display()),
                    "name": s.name_shown,
                    "capacity": s.capacity,
                    "signed_on": _date(s.signed_at.date()),
                }
                for s in version.signatures.all()
            ],
            "council_decision": {
                "reference": decision.reference,
                "date": _date(decision.decided_on),
                "title": decision.title,
                "outcome": decision.outcome,
                "outcome_label": str(decision.get_outcome_display()),
                "url": decision.url,
            }
            if decision
            else None,
        }


class AdviceSource(Source):
    kind = Kind.ADVICE
    model = Advice
    template = "publication/body/advice.html"

    def base_queryset(self):
        return Advice.objects.select_related("place__municipality", "organisation", "scope_item")

    def facts(self, advice):
        withdrawn = advice.status == AdviceStatus.WITHDRAWN
        return Facts(
            title=advice.subject,
            summary=_summary(advice.text),
            place=advice.place,
            document_date=advice.submitted_on,
            status=PublicationStatus.WITHDRAWN if withdrawn else PublicationStatus.CURRENT,
            categories=woo.categories_for(self.kind, addressee=advice.addressee),
        )

    def content(self, advice):
        return {
            "subject": advice.subject,
            "given_by": advice.organisation.name,
            "addressee": advice.addressee,
            "addressee_label": str(advice.get_addressee_display()),
            "place": advice.place.name,
            "text": advice.text,
            "on_behalf_of": advice.on_behalf_of,
            "part_of_agreement": advice.scope_item.title if advice.scope_item_id else None,
            "submitted_on": _date(advice.submitted_on),
            "response_due": _date(advice.response_due),
            "status": advice.status,
            "status_label": str(advice.get_status_display()),
            "response": advice.response,
            "response_weighed": advice.response_weighed,
            "responded_on": _date(advice.responded_on),
        }


class DecisionSource(Source):
    kind = Kind.DECISION
    model = Decision
    template = "publication/body/decision.html"

    def base_queryset(self):
        return Decision.objects.select_related(
            "place__municipality", "body", "scope_item", "version__agreement__trajectory"
        )

    def facts(self, decision):
        return Facts(
            title=decision.title,
            summary=_summary(decision.rationale),
            place=decision.place,
            document_date=decision.decided_on,
            status=PublicationStatus.CURRENT,
            categories=woo.categories_for(
                self.kind, decider_kind=decision.decider_kind, recorded_as_advice=decision.recorded_as_advice
            ),
        )

    def content(self, decision):
        version = decision.version
        return {
            "title": decision.title,
            "place": decision.place.name,
            "decided_by": decision.decider_kind,
            "decided_by_label": str(decision.get_decider_kind_display()),
            "body": decision.body.name if decision.body_id else None,
            "meeting": decision.meeting,
            "meeting_date": _date(decision.meeting_date),
            "decided_on": _date(decision.decided_on),
            "outcome": decision.outcome,
            "outcome_label": str(decision.get_outcome_display()),
            "rationale": decision.rationale,
            "options": list(decision.options or []),
            "positions": [
                {"stance": p.get("stance", ""), "summary": p.get("summary", ""), "by": p.get("by", "")}
                for p in (decision.positions or [])
                if isinstance(p, dict)
            ],
            "minority_view": decision.minority_view,
            "is_binding": decision.is_binding,
            "recorded_as_advice": decision.recorded_as_advice,
            "mandate": str(decision.mandate_reason),
            "budget_cents": decision.budget_cents,
            "agreement": {"trajectory": version.agreement.trajectory.title, "version": version.number}
            if version
            else None,
            "part_of_agreement": decision.scope_item.title if decision.scope_item_id else None,
        }


class ReportSource(Source):
    kind = Kind.REPORT
    model = AccountabilityReport
    template = "publication/body/report.html"

    def base_queryset(self):
        related = AccountabilityReport.objects.select_related("place__municipality", "organisation", "idea")
        return related.prefetch_related("photos")

    def facts(self, report):
        return Facts(
            title=report.title,
            summary=_summary(report.story),
            place=report.place,
            document_date=report.published_on,
            status=PublicationStatus.CURRENT,
            categories=woo.categories_for(self.kind),
        )

    def content(self, report):
        return {
            "title": report.title,
            "by": report.organisation.name if report.organisation_id else None,
            "initiative": report.idea.title if report.idea_id else None,
            "place": report.place.name,
            "audience": report.audience,
            "audience_label": str(report.get_audience_display()),
            "period_start": _date(report.period_start),
            "period_end": _date(report.period_end),
            "story": report.story,
            "key_figures": [
                {"label": str(f.get("label", "")), "value": str(f.get("value", ""))}
                for f in (report.key_figures or [])
                if isinstance(f, dict)
            ],
            "income_cents": report.income_cents,
            "spent_cents": report.spent_cents,
            "financial_notes": report.financial_notes,
            "photos": [photo.alt_text for photo in report.photos.all()],
            "published_on": _date(report.published_on),
        }


class ChallengeAgreementSource(Source):
    kind = Kind.CHALLENGE_AGREEMENT
    model = ChallengeAgreement
    template = "publication/body/challenge_agreement.html"

    def base_queryset(self):
        return ChallengeAgreement.objects.select_related(
            "challenge__place__municipality", "challenge__municipality", "challenge__organisation"
        ).prefetch_related("talks")

    def facts(self, agreement):
        challenge = agreement.challenge
        withdrawn = challenge.status == ChallengeStatus.WITHDRAWN
        return Facts(
            title=challenge.title,
            summary=_summary(agreement.result),
            place=challenge.place,
            document_date=agreement.concluded_on or agreement.starts_on,
            status=PublicationStatus.WITHDRAWN if withdrawn else PublicationStatus.CURRENT,
            categories=woo.categories_for(self.kind),
        )

    def content(self, agreement):
        challenge = agreement.challenge
        return {
            "title": challenge.title,
            "municipality": challenge.municipality.name,
            "challengers": challenge.challenger_label,
            "place": challenge.place.name,
            "tasks": agreement.tasks,
            "result": agreement.result,
            "municipal_support": agreement.municipal_support,
            "budget_cents": agreement.budget_cents,
            "starts_on": _date(agreement.starts_on),
            "ends_on": _date(agreement.ends_on),
            "progress_interval_days": agreement.progress_interval_days,
            "status": agreement.status,
            "status_label": str(agreement.get_status_display()),
            "concluded_on": _date(agreement.concluded_on),
            "evaluation": agreement.evaluation,
            "evaluation_outcome": agreement.evaluation_outcome,
            "evaluation_outcome_label": str(agreement.get_evaluation_outcome_display())
            if agreement.evaluation_outcome
            else "",
            "evaluated_on": _date(agreement.evaluated_on),
            "progress_talks": [{"held_on": _date(t.held_on), "summary": t.summary} for t in agreement.talks.all()],
        }

    def record_url(self, agreement):
        return agreement.get_absolute_url()


class BudgetResultSource(Source):
    kind = Kind.BUDGET_RESULT
    model = Round
    template = "publication/body/budget_result.html"

    def base_queryset(self):
        return Round.objects.select_related(
            "budget__place__municipality", "budget__scope_item__version__agreement__trajectory__place"
        ).prefetch_related("projects")

    def _binding(self, round_):
        from samenspel.budgeting.services import binding_status

        return binding_status(round_)

    def facts(self, round_):
        return Facts(
            title=round_.title,
            summary=_summary(round_.description),
            place=round_.budget.place,
            document_date=timezone.localdate(round_.result_published_at),
            status=PublicationStatus.CURRENT,
            categories=woo.categories_for(self.kind, binding=self._binding(round_).binding),
        )

    def content(self, round_):
        result = round_.result or {}
        counted = result.get("projects") or {}
        projects = []
        for project in round_.projects.all():
            row = counted.get(str(project.pk))
            if row is None:
                continue
            projects.append(
                {
                    "number": project.number,
                    "title": project.title,
                    "cost_cents": row.get("cost"),
                    "votes": row.get("votes"),
                    "selected": bool(row.get("selected")),
                }
            )
        projects.sort(key=lambda p: (not p["selected"], -(p["votes"] or 0), p["number"]))
        binding = self._binding(round_)
        rule = result.get("rule", "")
        return {
            "title": round_.title,
            "budget": round_.budget.title,
            "place": round_.budget.place.name,
            "amount_cents": int(result.get("budget") or round_.amount_cents),
            "spent_cents": int(result.get("cost") or 0),
            "voters": result.get("voters"),
            "rule": rule,
            "rule_label": str(TallyRule(rule).label) if rule in TallyRule.values else rule,
            "binding": binding.binding,
            "binding_reason": str(binding.reason),
            "voting_opens": _date(timezone.localdate(round_.voting_opens)),
            "voting_closes": _date(timezone.localdate(round_.voting_closes)),
            "published_on": _date(timezone.localdate(round_.result_published_at)),
            "projects": projects,
        }


SOURCES: dict[str, Source] = {
    s.kind: s
    for s in (
        AgreementSource(),
        AdviceSource(),
        DecisionSource(),
        ReportSource(),
        ChallengeAgreementSource(),
        BudgetResultSource(),
    )
}


def source_for(kind: str) -> Source:
    return SOURCES[kind]


def kind_of(record) -> str | None:
    for source in SOURCES.values():
        if isinstance(record, source.model):
            return source.kind
    return None
