"""Which records are published, reusing each app's own rules of what is public.

- Agreements: a version is public once both sides have signed it (drafts, checked drafts and
  versions ready to sign are work in progress). Replaced and withdrawn versions stay
  published, marked as such.
- Advice: every advice is part of the public record (decisions/rules.py); withdrawn advice
  stays published, marked "ingetrokken".
- Decisions: the decision register is public in full (decisions/rules.py).
- Accountability reports: only once published (`decisions.rules.report_is_published`).
- Budget round results: once the result is published (budgeting's own `_published_round`).
- Challenge agreements: once concluded (a draft is still being negotiated); when the
  challengers withdraw their challenge, the agreement stays published, marked withdrawn.

Everyone may read what is published; nobody reads anything else here.
"""

import rules
from django.db.models import Q

from samenspel.agreements.models import VersionStatus
from samenspel.decisions.rules import report_is_published
from samenspel.finance.models import AgreementStatus

from .woo import Kind

PUBLIC_VERSION_STATUSES = (
    VersionStatus.SIGNED,
    VersionStatus.AWAITING_COUNCIL,
    VersionStatus.ACTIVE,
    VersionStatus.IN_EVALUATION,
    VersionStatus.SUPERSEDED,
    VersionStatus.WITHDRAWN,
)
PUBLIC_CHALLENGE_AGREEMENT_STATUSES = (AgreementStatus.CONCLUDED, AgreementStatus.EVALUATED)

# The same rules as database filters, for lists and for the registry.
PUBLIC_FILTERS = {
    Kind.AGREEMENT: Q(status__in=PUBLIC_VERSION_STATUSES),
    Kind.ADVICE: Q(),
    Kind.DECISION: Q(),
    Kind.REPORT: Q(published_on__isnull=False),
    Kind.CHALLENGE_AGREEMENT: Q(status__in=PUBLIC_CHALLENGE_AGREEMENT_STATUSES),
    Kind.BUDGET_RESULT: Q(result_published_at__isnull=False, result__isnull=False),
}


@rules.predicate
def version_is_published(user, version):
    return version is not None and version.status in PUBLIC_VERSION_STATUSES


@rules.predicate
def challenge_agreement_is_published(user, agreement):
    return agreement is not None and agreement.status in PUBLIC_CHALLENGE_AGREEMENT_STATUSES


@rules.predicate
def result_is_published(user, round_):
    return round_ is not None and round_.result_published_at is not None and bool(round_.result)


@rules.predicate
def always(user, record):
    return record is not None


PREDICATES = {
    Kind.AGREEMENT: version_is_published,
    Kind.ADVICE: always,
    Kind.DECISION: always,
    Kind.REPORT: report_is_published,
    Kind.CHALLENGE_AGREEMENT: challenge_agreement_is_published,
    Kind.BUDGET_RESULT: result_is_published,
}


def is_published(kind: str, record) -> bool:
    return bool(PREDICATES[kind](None, record))


rules.add_perm("publication.view_agreement", version_is_published)
rules.add_perm("publication.view_advice", always)
rules.add_perm("publication.view_decision", always)
rules.add_perm("publication.view_report", report_is_published)
rules.add_perm("publication.view_challenge_agreement", challenge_agreement_is_published)
rules.add_perm("publication.view_budget_result", result_is_published)
