"""Keep the publication register in step with the records it publishes. Each handler works
in its own savepoint (services.sync_quietly): the register can never undo or block the change
that a record's own service made."""

from django.db.models.signals import post_delete, post_save

from samenspel.agreements.models import AgreementVersion, CouncilDecision, Signature, VersionStatus
from samenspel.budgeting.models import Project, Round
from samenspel.decisions.models import AccountabilityReport, Advice, Decision, ReportPhoto
from samenspel.finance.models import Challenge, ChallengeAgreement, ProgressTalk

from .woo import Kind


def _sync(kind, record):
    from .services import sync_quietly

    sync_quietly(kind, record)


def _remove(kind, pk):
    from .services import remove_record

    remove_record(kind, pk)


def version_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    _sync(Kind.AGREEMENT, instance)
    if instance.status == VersionStatus.ACTIVE:
        # Activating a version marks the older ones superseded with a bulk update, which sends
        # no signal: bring the other versions of the agreement along.
        for version in AgreementVersion.objects.filter(agreement_id=instance.agreement_id).exclude(pk=instance.pk):
            _sync(Kind.AGREEMENT, version)


def signature_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(Kind.AGREEMENT, instance.version)


def council_decision_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        for version in instance.versions.all():
            _sync(Kind.AGREEMENT, version)


def advice_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(Kind.ADVICE, instance)


def decision_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(Kind.DECISION, instance)


def report_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(Kind.REPORT, instance)


def photo_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(Kind.REPORT, instance.report)


def challenge_agreement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(Kind.CHALLENGE_AGREEMENT, instance)


def talk_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(Kind.CHALLENGE_AGREEMENT, instance.agreement)


def challenge_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    agreement = ChallengeAgreement.objects.filter(challenge=instance).first()
    if agreement is not None:
        _sync(Kind.CHALLENGE_AGREEMENT, agreement)


def round_saved(sender, instance, raw=False, **kwargs):
    if not raw and (instance.result_published_at is not None or _registered(Kind.BUDGET_RESULT, instance.pk)):
        _sync(Kind.BUDGET_RESULT, instance)


def project_saved(sender, instance, raw=False, **kwargs):
    # A project's title or cost shows in the published result; before publication nothing to do.
    if not raw:
        round_ = Round.objects.filter(pk=instance.round_id, result_published_at__isnull=False).first()
        if round_ is not None:
            _sync(Kind.BUDGET_RESULT, round_)


def _registered(kind, pk) -> bool:
    from .models import Publication

    return Publication.objects.filter(kind=kind, object_id=pk).exists()


DELETED = {
    AgreementVersion: Kind.AGREEMENT,
    Advice: Kind.ADVICE,
    Decision: Kind.DECISION,
    AccountabilityReport: Kind.REPORT,
    ChallengeAgreement: Kind.CHALLENGE_AGREEMENT,
    Round: Kind.BUDGET_RESULT,
}


def record_deleted(sender, instance, **kwargs):
    _remove(DELETED[sender], instance.pk)


def connect():
    uid = "samenspel.publication"
    post_save.connect(version_saved, sender=AgreementVersion, dispatch_uid=f"{uid}.version")
    post_save.connect(signature_saved, sender=Signature, dispatch_uid=f"{uid}.signature")
    post_save.connect(council_decision_saved, sender=CouncilDecision, dispatch_uid=f"{uid}.council_decision")
    post_save.connect(advice_saved, sender=Advice, dispatch_uid=f"{uid}.advice")
    post_save.connect(decision_saved, sender=Decision, dispatch_uid=f"{uid}.decision")
    post_save.connect(report_saved, sender=AccountabilityReport, dispatch_uid=f"{uid}.report")
    post_save.connect(photo_saved, sender=ReportPhoto, dispatch_uid=f"{uid}.photo")
    post_save.connect(challenge_agreement_saved, sender=ChallengeAgreement, dispatch_uid=f"{uid}.challenge_agreement")
    post_save.connect(talk_saved, sender=ProgressTalk, dispatch_uid=f"{uid}.talk")
    post_save.connect(challenge_saved, sender=Challenge, dispatch_uid=f"{uid}.challenge")
    post_save.connect(round_saved, sender=Round, dispatch_uid=f"{uid}.round")
    post_save.connect(project_saved, sender=Project, dispatch_uid=f"{uid}.project")
    for model in DELETED:
        post_delete.connect(record_deleted, sender=model, dispatch_uid=f"{uid}.deleted.{model.__name__}")
