import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samenspel.accounts.models import Organisation, OrganisationKind
from samenspel.agreements.models import AgreementVersion
from samenspel.core import audit
from samenspel.core.models import AuditEntry
from samenspel.decisions import mandate, services
from samenspel.decisions.models import (
    AccountabilityReport,
    Advice,
    AdviceStatus,
    Decision,
    Objection,
    ObjectionStatus,
    ReportPhoto,
)
from samenspel.initiatives.models import Idea
from samenspel.notifications.models import Follow, Notification

from .conftest import days, image_file


def _advice(user, organisation, **extra):
    fields = {
        "addressee": "college",
        "subject": "Herinrichting Oosterpark",
        "text": "Meer groen en een veilige oversteek.",
        "on_behalf_of": "Ledenvergadering van 12 maart",
    }
    fields.update(extra)
    return services.give_advice(user=user, organisation=organisation, **fields)


def _decision(user, **extra):
    fields = {
        "decider_kind": "wijk_body",
        "title": "Moestuin aan de Ambonstraat",
        "outcome": "adopted",
        "rationale": "Past in de ideeënronde en is door 214 bewoners gesteund.",
        "decided_on": days(-1),
    }
    fields.update(extra)
    return services.record_decision(user=user, **fields)


# --- Advice ----------------------------------------------------------------------------------


def test_give_advice(org_rep, resident_org, wijk, resident):
    Follow.objects.create(user=resident, place=wijk)
    advice = _advice(org_rep, resident_org, contributors=[resident], submitted_on=days(-3))
    assert advice.status == AdviceStatus.SUBMITTED
    assert advice.place == wijk
    assert advice.response_due == days(-3) + datetime.timedelta(days=42)
    assert set(advice.contributors.all()) == {org_rep, resident}
    assert AuditEntry.objects.filter(action="decisions.advice.given", object_id=str(advice.pk)).exists()
    assert Notification.objects.filter(user=resident, url=advice.get_absolute_url()).exists()
    assert not Notification.objects.filter(user=org_rep).exists()


def test_response_days_come_from_settings(org_rep, resident_org, settings):
    settings.SAMENSPEL_ADVICE_RESPONSE_DAYS = 10
    advice = _advice(org_rep, resident_org)
    assert advice.response_due == advice.submitted_on + datetime.timedelta(days=10)


def test_only_the_organisations_own_people_or_staff_give_advice(resident_org, resident, body_member, official):
    with pytest.raises(PermissionDenied):
        _advice(resident, resident_org)
    with pytest.raises(PermissionDenied):
        _advice(body_member, resident_org)  # a member of another organisation
    advice = _advice(official, resident_org)  # on the organisation's behalf
    assert advice.submitted_by == official
    assert not advice.contributors.exists()


def test_give_advice_guards(org_rep, resident_org, in_force, other_wijk):
    with pytest.raises(ValidationError) as error:
        _advice(org_rep, resident_org, subject="  ")
    assert "subject" in error.value.error_dict
    with pytest.raises(ValidationError):
        _advice(org_rep, resident_org, addressee="mayor")
    with pytest.raises(ValidationError):
        _advice(org_rep, resident_org, submitted_on=days(1))
    with pytest.raises(ValidationError):
        _advice(org_rep, resident_org, place=other_wijk)
    # ARC-4: from level 2 on, it must say on whose behalf.
    with pytest.raises(ValidationError) as error:
        _advice(org_rep, resident_org, scope_item=in_force.budget, on_behalf_of="")
    assert "on_behalf_of" in error.value.error_dict
    assert not Advice.objects.exists()
    assert _advice(org_rep, resident_org, scope_item=in_force.theme, on_behalf_of="").scope_item == in_force.theme


def test_scope_item_of_another_place_is_refused(in_force, other_wijk, official):
    elsewhere = Organisation.objects.create(
        name="Elders", kind=OrganisationKind.RESIDENT_ORGANISATION, place=other_wijk
    )
    with pytest.raises(ValidationError):
        _advice(official, elsewhere, scope_item=in_force.theme)


def test_respond_notifies_contributors_and_followers(org_rep, resident_org, resident, alderman, wijk, make_user):
    follower = make_user(display_name="Volger")
    Follow.objects.create(user=follower, place=wijk)
    Follow.objects.create(user=resident, place=wijk)  # contributor and follower: one notification
    advice = _advice(org_rep, resident_org, contributors=[resident])
    Notification.objects.all().delete()
    services.respond_to_advice(user=alderman, advice=advice, response="Dank.", weighed="We leggen een zebrapad aan.")
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.ANSWERED
    assert advice.responded_by == alderman and advice.responded_on == datetime.date.today()
    for person in (org_rep, resident, follower):
        notes = Notification.objects.filter(user=person)
        assert notes.count() == 1
        assert "What happened with your input" in notes.get().subject or "Wat er" in notes.get().subject
        assert notes.get().body == "We leggen een zebrapad aan."
        assert notes.get().url == advice.get_absolute_url()
    assert not Notification.objects.filter(user=alderman).exists()


def test_respond_guards(org_rep, resident_org, alderman, resident, council_member, official):
    advice = _advice(org_rep, resident_org)
    with pytest.raises(PermissionDenied):
        services.respond_to_advice(user=resident, advice=advice, response="x", weighed="y")
    with pytest.raises(PermissionDenied):
        services.respond_to_advice(user=council_member, advice=advice, response="x", weighed="y")  # to the college
    with pytest.raises(ValidationError) as error:
        services.respond_to_advice(user=alderman, advice=advice, response="Dank.", weighed=" ")
    assert "response_weighed" in error.value.error_dict
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.SUBMITTED and not advice.response
    assert not Notification.objects.filter(subject__icontains="input").exists()
    services.respond_to_advice(user=official, advice=advice, response="Dank.", weighed="Meegenomen.")
    with pytest.raises(ValidationError):
        services.respond_to_advice(user=alderman, advice=advice, response="Nog eens.", weighed="Nog eens.")


def test_council_responds_to_advice_for_the_council(org_rep, resident_org, council_member):
    advice = _advice(org_rep, resident_org, addressee="council")
    services.respond_to_advice(user=council_member, advice=advice, response="Besproken.", weighed="Motie.")
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.ANSWERED


def test_overdue_advice(org_rep, resident_org, alderman, wijk, other_wijk, official):
    late = _advice(org_rep, resident_org, submitted_on=days(-50))
    recent = _advice(org_rep, resident_org, submitted_on=days(-5))
    answered = _advice(org_rep, resident_org, submitted_on=days(-60))
    services.respond_to_advice(user=alderman, advice=answered, response="Ja.", weighed="Gedaan.")
    assert list(services.overdue_advice()) == [late]
    assert list(services.overdue_advice(place=wijk)) == [late]
    assert list(services.overdue_advice(place=wijk.parent)) == [late]
    assert not services.overdue_advice(place=other_wijk).exists()
    assert services.is_overdue(late) and not services.is_overdue(recent)
    assert not services.is_overdue(Advice.objects.get(pk=answered.pk))


def test_withdraw_advice(org_rep, resident_org, resident, alderman):
    advice = _advice(org_rep, resident_org)
    with pytest.raises(PermissionDenied):
        services.withdraw_advice(user=resident, advice=advice)
    services.withdraw_advice(user=org_rep, advice=advice)
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.respond_to_advice(user=alderman, advice=advice, response="x", weighed="y")
    with pytest.raises(ValidationError):
        services.withdraw_advice(user=org_rep, advice=advice)


# --- Decisions -------------------------------------------------------------------------------


def test_body_decision_within_mandate_is_binding(body_member, body, in_force, resident, wijk):
    Follow.objects.create(user=resident, place=wijk)
    decision = _decision(
        body_member,
        body=body,
        scope_item=in_force.budget,
        options=["Toekennen", "Afwijzen", ""],
        positions=[
            {"stance": "for", "summary": "Goed voor de buurt", "by": "vijf leden"},
            {"stance": "", "summary": "", "by": ""},
        ],
        meeting="Openbare vergadering",
        budget_cents=450_000,
    )
    assert decision.is_binding and not decision.recorded_as_advice
    assert decision.mandate.binding and decision.mandate_code == mandate.WITHIN_MANDATE
    assert decision.place == wijk and decision.version == in_force.version
    assert decision.options == ["Toekennen", "Afwijzen"]
    assert decision.positions == [{"stance": "for", "summary": "Goed voor de buurt", "by": "vijf leden"}]
    assert decision.meeting_date == decision.decided_on
    assert Notification.objects.filter(user=resident, url=decision.get_absolute_url()).exists()
    entry = AuditEntry.objects.get(action="decisions.decision.recorded")
    assert entry.data["binding"] is True and entry.data["mandate"] == mandate.WITHIN_MANDATE


def test_body_decision_outside_mandate_is_saved_as_advice(body_member, body, in_force):
    decision = _decision(body_member, body=body, scope_item=in_force.theme, title="Parkeren")
    assert not decision.is_binding and decision.recorded_as_advice
    assert decision.mandate_code == mandate.LEVEL_TOO_LOW
    from django.utils import translation

    with translation.override("en"):
        assert "advice" in str(decision.mandate.reason)
    assert Decision.objects.get(pk=decision.pk).mandate_reason
    without_item = _decision(body_member, body=body)
    assert without_item.recorded_as_advice and without_item.mandate_code == mandate.NO_SCOPE_ITEM


def test_body_decision_when_agreement_not_in_force(body_member, body, in_force):
    AgreementVersion.objects.filter(pk=in_force.version.pk).update(status="superseded")
    decision = _decision(body_member, body=body, scope_item=in_force.budget)
    assert decision.recorded_as_advice and decision.mandate_code == mandate.NOT_IN_FORCE


def test_decision_guards_save_nothing(body_member, body, in_force):
    cases = [
        ({"rationale": " "}, "rationale"),
        ({"title": ""}, "title"),
        ({"outcome": "maybe"}, "outcome"),
        ({"decided_on": days(2)}, "decided_on"),
        ({"decided_on": None}, "decided_on"),
        ({"meeting_date": days(0)}, "meeting_date"),  # after the decision
        ({"positions": [{"stance": "maybe", "summary": "x"}]}, "positions"),
        ({"positions": [{"stance": "for", "summary": "", "by": "drie leden"}]}, "positions"),
        ({"options": ["x" * 301]}, "options"),
        ({"budget_cents": -5}, "budget_cents"),
        ({"decider_kind": "king"}, "decider_kind"),
    ]
    for extra, field in cases:
        with pytest.raises(ValidationError) as error:
            _decision(body_member, body=body, scope_item=in_force.budget, **extra)
        assert field in error.value.error_dict, extra
    with pytest.raises(ValidationError):
        _decision(body_member, body=None)
    assert not Decision.objects.exists()


def test_minority_view_required_when_a_position_lost(body_member, body, in_force):
    against = [{"stance": "for", "summary": "Ja"}, {"stance": "against", "summary": "Te duur", "by": "twee leden"}]
    with pytest.raises(ValidationError) as error:
        _decision(body_member, body=body, scope_item=in_force.budget, positions=against)
    assert "minority_view" in error.value.error_dict
    decision = _decision(
        body_member, body=body, scope_item=in_force.budget, positions=against, minority_view="Liever spreiden."
    )
    assert decision.minority_view == "Liever spreiden."
    with pytest.raises(ValidationError):
        _decision(body_member, body=body, scope_item=in_force.budget, outcome="rejected", positions=against)
    # Postponed: nobody lost yet.
    assert _decision(body_member, body=body, scope_item=in_force.budget, outcome="postponed", positions=against)


def test_binding_allocations_stay_within_the_budget(body_member, body, in_force):
    _decision(body_member, body=body, scope_item=in_force.budget, budget_cents=600_000)
    assert services.budget_remaining(in_force.budget) == 400_000
    with pytest.raises(ValidationError) as error:
        _decision(body_member, body=body, scope_item=in_force.budget, budget_cents=400_001)
    assert "budget_cents" in error.value.error_dict
    _decision(body_member, body=body, scope_item=in_force.budget, outcome="rejected", budget_cents=900_000)
    _decision(body_member, body=body, scope_item=in_force.budget, budget_cents=400_000)
    assert services.budget_remaining(in_force.budget) == 0
    assert services.budget_remaining(in_force.theme) is None


def test_who_records_a_body_decision(body, in_force, resident, org_rep, official, alderman):
    for user in (resident, org_rep, alderman):
        with pytest.raises(PermissionDenied):
            _decision(user, body=body, scope_item=in_force.budget)
    assert _decision(official, body=body, scope_item=in_force.budget).is_binding  # staff, on the body's behalf


def test_municipal_decisions(wijk, alderman, council_member, official, body_member, body, in_force):
    college = _decision(alderman, decider_kind="college", place=wijk, scope_item=in_force.theme)
    assert college.is_binding and not college.recorded_as_advice and college.mandate_code == mandate.MUNICIPAL
    council = _decision(council_member, decider_kind="council", place=wijk)
    assert council.is_binding
    assert _decision(official, decider_kind="area_team", place=wijk).is_binding
    assert _decision(official, decider_kind="council", place=wijk).is_binding  # entered for the council's clerk
    with pytest.raises(PermissionDenied):
        _decision(council_member, decider_kind="college", place=wijk)
    with pytest.raises(PermissionDenied):
        _decision(alderman, decider_kind="council", place=wijk)
    with pytest.raises(PermissionDenied):
        _decision(body_member, decider_kind="college", place=wijk)
    with pytest.raises(ValidationError):
        _decision(alderman, decider_kind="college", place=wijk, body=body)
    with pytest.raises(ValidationError):
        _decision(alderman, decider_kind="college")


def test_decision_on_another_places_agreement_is_refused(alderman, other_wijk, in_force):
    with pytest.raises(ValidationError) as error:
        _decision(alderman, decider_kind="college", place=other_wijk, scope_item=in_force.theme)
    assert "scope_item" in error.value.error_dict


def test_objection_and_answer(body_member, body, in_force, resident, official, alderman, outsider):
    decision = _decision(body_member, body=body, scope_item=in_force.budget)
    objection = services.object_to_decision(user=resident, decision=decision, text="Te weinig voor ouderen.")
    assert objection.status == ObjectionStatus.SUBMITTED
    assert Notification.objects.filter(user=body_member, url__contains=decision.get_absolute_url()).exists()
    with pytest.raises(ValidationError):
        services.object_to_decision(user=resident, decision=decision, text="Nog een keer.")
    with pytest.raises(ValidationError):
        services.object_to_decision(user=outsider, decision=decision, text=" ")
    with pytest.raises(PermissionDenied):
        services.object_to_decision(user=AnonymousUser(), decision=decision, text="Anoniem")
    for user in (resident, alderman, outsider):
        with pytest.raises(PermissionDenied):
            services.answer_objection(user=user, objection=objection, status="dismissed", response="Nee.")
    with pytest.raises(ValidationError):
        services.answer_objection(user=body_member, objection=objection, status="submitted", response="Nee.")
    with pytest.raises(ValidationError):
        services.answer_objection(user=body_member, objection=objection, status="dismissed", response="")
    services.answer_objection(
        user=body_member, objection=objection, status="dismissed", response="Het programma is voor alle leeftijden."
    )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED and objection.responded_by == body_member
    assert Notification.objects.filter(user=resident, body__contains="alle leeftijden").exists()
    with pytest.raises(ValidationError):
        services.answer_objection(user=official, objection=objection, status="upheld", response="Toch wel.")
    # Staff may answer on the deciding side's behalf; the municipality answers for its own decisions.
    second = services.object_to_decision(user=outsider, decision=decision, text="Bezwaar.")
    services.answer_objection(user=official, objection=second, status="upheld", response="Heroverwegen.")
    college = _decision(alderman, decider_kind="college", place=body.place)
    third = services.object_to_decision(user=resident, decision=college, text="Bezwaar.")
    with pytest.raises(PermissionDenied):
        services.answer_objection(user=body_member, objection=third, status="upheld", response="x")
    services.answer_objection(user=alderman, objection=third, status="upheld", response="Heroverwegen.")
    assert Objection.objects.filter(status=ObjectionStatus.UPHELD).count() == 2


# --- Accountability reports ------------------------------------------------------------------


def _report(user, **extra):
    fields = {
        "title": "Verantwoording eerste half jaar",
        "audience": "both",
        "formats": ["story"],
        "period_start": days(-180),
        "period_end": days(-1),
        "story": "We hebben **twaalf** ideeën gesteund.",
    }
    fields.update(extra)
    return services.write_report(user=user, **fields)


def test_next_report_due_steps_of_twelve_months():
    version = AgreementVersion(valid_from=datetime.date(2025, 1, 31))
    assert services.next_report_due(version, after=datetime.date(2025, 6, 1)) == datetime.date(2026, 1, 31)
    assert services.next_report_due(version, after=datetime.date(2026, 1, 31)) == datetime.date(2026, 1, 31)
    assert services.next_report_due(version, after=datetime.date(2026, 2, 1)) == datetime.date(2027, 1, 31)
    leap = AgreementVersion(valid_from=datetime.date(2024, 2, 29))
    assert services.next_report_due(leap, after=datetime.date(2024, 3, 1)) == datetime.date(2025, 2, 28)
    assert services.next_report_due(AgreementVersion(), after=datetime.date(2025, 1, 1)) is None
    assert services.next_report_due(None) is None
    today = AgreementVersion(valid_from=datetime.date.today())
    assert services.next_report_due(today) > datetime.date.today()


def test_body_report_rests_on_the_agreement_and_goes_to_both(body_member, body, in_force):
    with pytest.raises(ValidationError) as error:
        _report(body_member, organisation=body, audience="wijk")
    assert "audience" in error.value.error_dict
    report = _report(body_member, organisation=body)
    assert report.version == in_force.version
    assert report.due_on == services.next_report_due(in_force.version, after=report.period_end)
    assert report.published_on is None and report.place == body.place
    explicit = _report(body_member, organisation=body, due_on=days(10))
    assert explicit.due_on == days(10)


def test_other_organisations_choose_their_audience(org_rep, resident_org, in_force):
    report = _report(org_rep, organisation=resident_org, audience="wijk")
    assert report.version is None and report.due_on is None


def test_report_content_follows_the_chosen_forms(body_member, body, in_force):
    def refused(field, **extra):
        with pytest.raises(ValidationError) as error:
            _report(body_member, organisation=body, **extra)
        assert field in error.value.error_dict, extra

    refused("formats", formats=[])
    refused("formats", formats=["poem"])
    refused("story", story="")
    refused("key_figures", formats=["key_figures"], key_figures=[])
    refused("key_figures", formats=["key_figures"], key_figures=[{"label": "Ideeën", "value": ""}])
    refused("spent_cents", formats=["financial"], income_cents=100)
    refused("income_cents", spent_cents=100)
    refused("spent_cents", income_cents=-1, spent_cents=5)
    refused("financial_notes", income_cents=100, spent_cents=200)
    refused("photos", formats=["photos"])
    refused("period_end", period_end=days(-200))
    refused("title", title="")
    assert not AccountabilityReport.objects.exists()
    report = _report(
        body_member,
        organisation=body,
        formats=["story", "key_figures"],
        key_figures=[{"label": "Ideeën gesteund", "value": "12"}, {"label": "", "value": ""}],
        income_cents=1_000_000,
        spent_cents=450_000,
    )
    assert report.formats == ["story", "key_figures", "financial"]  # a statement given is a statement chosen
    assert report.key_figures == [{"label": "Ideeën gesteund", "value": "12"}]
    overspent = _report(body_member, organisation=body, income_cents=100, spent_cents=200, financial_notes="Gift.")
    assert overspent.spent_cents == 200


def test_report_by_organisation_or_initiative(body_member, body, wijk, resident, outsider, official):
    idea = Idea.objects.create(place=wijk, title="Moestuin", description="Samen tuinieren", author=resident)
    with pytest.raises(ValidationError):
        _report(resident, organisation=body, idea=idea)
    with pytest.raises(ValidationError):
        _report(resident)
    report = _report(resident, idea=idea, audience="wijk")
    assert report.idea == idea and report.place == wijk and report.version is None
    with pytest.raises(PermissionDenied):
        _report(outsider, idea=idea, audience="wijk")
    with pytest.raises(PermissionDenied):
        _report(resident, organisation=body)
    assert _report(official, idea=idea, audience="wijk").author == official  # on the initiator's behalf


def test_publish_comment_and_hide(body_member, body, in_force, resident, wijk, official, make_user):
    follower = make_user(display_name="Volger")
    Follow.objects.create(user=follower, place=wijk)
    report = _report(body_member, organisation=body)
    with pytest.raises(PermissionDenied):
        services.comment_on_report(user=resident, report=report, text="Te vroeg")  # a draft
    with pytest.raises(PermissionDenied):
        services.publish_report(user=resident, report=report)
    services.publish_report(user=body_member, report=report)
    report.refresh_from_db()
    assert report.published_on == datetime.date.today()
    assert Notification.objects.filter(user=follower, url=report.get_absolute_url()).exists()
    with pytest.raises(ValidationError):
        services.publish_report(user=body_member, report=report)
    with pytest.raises(PermissionDenied):
        services.comment_on_report(user=AnonymousUser(), report=report, text="Anoniem")
    with pytest.raises(ValidationError):
        services.comment_on_report(user=resident, report=report, text="  ")
    comment = services.comment_on_report(user=resident, report=report, text="Mooi gedaan!")
    assert Notification.objects.filter(user=body_member, url__endswith="#comments").exists()
    for user in (resident, body_member):
        with pytest.raises(PermissionDenied):
            services.hide_comment(user=user, comment=comment, reason="Spam")
    with pytest.raises(ValidationError):
        services.hide_comment(user=official, comment=comment, reason="")
    services.hide_comment(user=official, comment=comment, reason="Persoonlijke gegevens")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Persoonlijke gegevens"
    with pytest.raises(ValidationError):
        services.hide_comment(user=official, comment=comment, reason="Nog eens")


# --- Photos ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepted_photo_formats(body_member, body, in_force, fmt):
    report = _report(
        body_member, organisation=body, formats=["photos"], story="", photos=[(image_file(fmt), "Het feest")]
    )
    photo = report.photos.get()
    assert photo.alt_text == "Het feest"
    assert photo.image.name.endswith({"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[fmt])


def test_photo_metadata_is_removed(body_member, body, in_force):
    from PIL import Image

    upload = image_file("JPEG", exif=True)
    with Image.open(upload) as original:
        assert original.getexif()
    report = _report(body_member, organisation=body, photos=[(upload, "Buurtfeest")])
    with Image.open(report.photos.get().image.path) as stored:
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("upload", "alt"),
    [
        (lambda: image_file("GIF"), "Een gif"),
        (lambda: image_file("BMP"), "Een bmp"),
        (lambda: SimpleUploadedFile("nep.jpg", b"not an image at all", content_type="image/jpeg"), "Nep"),
        (lambda: SimpleUploadedFile("groot.jpg", b"\xff" * (5 * 1024 * 1024 + 1), content_type="image/jpeg"), "Groot"),
        (lambda: image_file("PNG"), ""),
    ],
)
def test_refused_photos_save_nothing(body_member, body, in_force, upload, alt):
    with pytest.raises(ValidationError):
        _report(body_member, organisation=body, photos=[(image_file("PNG"), "Goed"), (upload(), alt)])
    assert not AccountabilityReport.objects.exists() and not ReportPhoto.objects.exists()


def test_at_most_six_photos(body_member, body, in_force, resident):
    with pytest.raises(ValidationError):
        _report(body_member, organisation=body, photos=[(image_file(), f"Foto {i}") for i in range(7)])
    report = _report(body_member, organisation=body, photos=[(image_file(), f"Foto {i}") for i in range(5)])
    with pytest.raises(PermissionDenied):
        services.add_report_photo(user=resident, report=report, image=image_file(), alt_text="Foto")
    services.add_report_photo(user=body_member, report=report, image=image_file(), alt_text="Foto 6")
    with pytest.raises(ValidationError):
        services.add_report_photo(user=body_member, report=report, image=image_file(), alt_text="Foto 7")
    assert report.photos.count() == 6
    report.refresh_from_db()
    assert "photos" in report.formats
    services.publish_report(user=body_member, report=report)
    ReportPhoto.objects.filter(report=report).first().delete()
    with pytest.raises(ValidationError):  # published: no longer changed
        services.add_report_photo(user=body_member, report=report, image=image_file(), alt_text="Later")


def test_audit_chain_stays_intact(org_rep, resident_org, alderman, body_member, body, in_force):
    advice = _advice(org_rep, resident_org)
    services.respond_to_advice(user=alderman, advice=advice, response="Ja.", weighed="Gedaan.")
    _decision(body_member, body=body, scope_item=in_force.budget)
    services.publish_report(user=body_member, report=_report(body_member, organisation=body))
    assert audit.verify().ok
