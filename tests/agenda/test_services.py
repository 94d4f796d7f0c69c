import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenspel.agenda import deciding, services
from samenspel.agenda.models import ActionItem, ActionStatus, AgendaItem, AgendaStatus, AreaProgramme, ItemStatus
from samenspel.agreements import services as agreements
from samenspel.core import audit
from samenspel.core.models import AuditEntry
from samenspel.notifications.models import Follow, Notification
from samenspel.places.models import DnaItem, DnaKind, DnaStatus

from .conftest import days, scope

# --- The agenda ----------------------------------------------------------------------------------


def test_area_team_creates_an_agenda_for_a_wijk(official, wijk):
    agenda = services.create_agenda(
        user=official, place=wijk, title="  Wijkagenda 2027 ", period_start=days(0), period_end=days(30)
    )
    assert agenda.title == "Wijkagenda 2027" and agenda.status == AgendaStatus.DRAFT
    assert AuditEntry.objects.filter(action="agenda.agenda.created", object_id=str(agenda.pk)).exists()


def test_agenda_guards(official, resident, wijk, municipality):
    with pytest.raises(PermissionDenied):
        services.create_agenda(user=resident, place=wijk, title="X", period_start=days(0), period_end=days(1))
    with pytest.raises(ValidationError):
        services.create_agenda(user=official, place=municipality, title="X", period_start=days(0), period_end=days(1))
    with pytest.raises(ValidationError) as error:
        services.create_agenda(user=official, place=wijk, title="", period_start=days(5), period_end=days(1))
    assert {"title", "period_end"} <= set(error.value.message_dict)


def test_agenda_status_and_a_closed_agenda_takes_no_items(official, resident, agenda):
    with pytest.raises(PermissionDenied):
        services.set_agenda_status(user=resident, agenda=agenda, status=AgendaStatus.ADOPTED)
    with pytest.raises(ValidationError):
        services.set_agenda_status(user=official, agenda=agenda, status="bogus")
    services.set_agenda_status(user=official, agenda=agenda, status=AgendaStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.propose_item(user=resident, agenda=agenda, title="Bankjes", origin="other")


# --- Proposing -------------------------------------------------------------------------------------


def test_resident_proposes_from_the_neighbourhood(resident, agenda):
    item = services.propose_item(user=resident, agenda=agenda, title="Meer bankjes <b>nu</b> & schaduw", origin="other")
    assert item.origin_side == "bottom_up" and item.status == ItemStatus.PROPOSED
    assert item.title == "Meer bankjes nu & schaduw"  # no markup, and not escaped twice
    assert item.proposed_by == resident


def test_only_the_municipality_proposes_top_down(resident, official, agenda):
    with pytest.raises(PermissionDenied):
        services.propose_item(
            user=resident, agenda=agenda, title="Riolering", origin="municipality", origin_side="top_down"
        )
    item = services.propose_item(
        user=official, agenda=agenda, title="Riolering", origin="municipality", origin_side="top_down"
    )
    assert item.origin_side == "top_down"


def test_propose_guards(resident, outsider, official, agenda, other_wijk, make_user):
    with pytest.raises(PermissionDenied):
        services.propose_item(user=outsider, agenda=agenda, title="X", origin="other")
    with pytest.raises(ValidationError) as error:
        services.propose_item(user=official, agenda=agenda, title="X", origin="municipality", origin_side="bottom_up")
    assert "origin" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.propose_item(user=resident, agenda=agenda, title="X", origin="idea")
    assert "idea" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.propose_item(user=resident, agenda=agenda, title="", origin="nonsense")
    assert {"title", "origin"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        services.propose_item(user=resident, agenda=agenda, title="X", origin="other", ownership=7)
    assert not AgendaItem.objects.exists()


def test_an_item_from_an_idea_keeps_the_link(resident, agenda, wijk, other_wijk):
    from samenspel.initiatives.models import Idea

    idea = Idea.objects.create(place=wijk, title="Moestuin", description="Een moestuin bij school", author=resident)
    item = services.propose_item(user=resident, agenda=agenda, title="Moestuin", origin="idea", idea=idea)
    assert item.idea == idea and idea.agenda_items.get() == item
    elsewhere = Idea.objects.create(place=other_wijk, title="Elders", description="x")
    with pytest.raises(ValidationError):
        services.propose_item(user=resident, agenda=agenda, title="Elders", origin="idea", idea=elsewhere)


def test_promote_dna_item_keeps_the_link(resident, agenda, dna_weakness):
    item = services.promote_dna_item(user=resident, dna_item=dna_weakness, agenda=agenda)
    assert item.dna_item == dna_weakness and item.origin == "dna" and item.origin_side == "bottom_up"
    assert item.title == "Jongeren hebben 's avonds weinig plekken"
    assert item.description == dna_weakness.text
    with pytest.raises(ValidationError):
        services.promote_dna_item(user=resident, dna_item=dna_weakness, agenda=agenda)
    assert AgendaItem.objects.count() == 1


def test_promote_dna_item_guards(resident, outsider, agenda, wijk, other_wijk):
    strength = DnaItem.objects.create(place=wijk, kind=DnaKind.STRENGTH, text="Veel vrijwilligers")
    with pytest.raises(ValidationError):
        services.promote_dna_item(user=resident, dna_item=strength, agenda=agenda)
    elsewhere = DnaItem.objects.create(place=other_wijk, kind=DnaKind.THREAT, text="Elders")
    with pytest.raises(ValidationError):
        services.promote_dna_item(user=resident, dna_item=elsewhere, agenda=agenda)
    withdrawn = DnaItem.objects.create(place=wijk, kind=DnaKind.CHANCE, text="Weg", status=DnaStatus.WITHDRAWN)
    with pytest.raises(ValidationError):
        services.promote_dna_item(user=resident, dna_item=withdrawn, agenda=agenda)
    threat = DnaItem.objects.create(place=wijk, kind=DnaKind.THREAT, text="Eenzaamheid; niet online")
    with pytest.raises(PermissionDenied):
        services.promote_dna_item(user=outsider, dna_item=threat, agenda=agenda)
    assert not AgendaItem.objects.exists()


# --- Working out --------------------------------------------------------------------------------


def test_work_out_together(resident, org_rep, body_member, facilitator, agenda):
    item = services.propose_item(user=resident, agenda=agenda, title="Bankjes", origin="other")
    with pytest.raises(PermissionDenied):
        services.work_out(user=resident, item=item, description="x")
    with pytest.raises(ValidationError):
        services.work_out(user=org_rep, item=item, description="  ")
    item = services.work_out(user=org_rep, item=item, description="Zes bankjes in het park", ownership=1)
    assert item.status == ItemStatus.WORKED_OUT and item.ownership == 1
    assert item.ownership_plain == "Type 1: the neighbourhood owns this"
    item = services.work_out(user=body_member, item=item, description="Acht bankjes", title="Bankjes in het park")
    assert item.title == "Bankjes in het park"
    services.work_out(user=facilitator, item=item, description="Acht bankjes en schaduw")


def test_work_out_links_only_to_the_agreement_in_force(worked_out, make_agreement, official):
    draft = make_agreement(("Wijkbudget", 3, False), activate=False)
    with pytest.raises(ValidationError) as error:
        worked_out(scope_item=scope(draft, "Wijkbudget"))
    assert "scope_item" in error.value.message_dict


def test_adoption_needs_working_out_first(resident, official, agenda):
    item = services.propose_item(user=resident, agenda=agenda, title="Bankjes", origin="other")
    with pytest.raises(ValidationError, match="Work the item out"):
        services.adopt_item(user=official, item=item)


# --- Adoption, checked against the agreement ------------------------------------------------------


def test_level3_wijk_body_decides(make_agreement, worked_out, official, body_member, org_rep, alderman):
    version = make_agreement(("Wijkbudget", 3, False))
    item = worked_out(scope_item=scope(version, "Wijkbudget"))
    for user in (official, org_rep, alderman):
        with pytest.raises(ValidationError) as error:
            services.adopt_item(user=user, item=item)
        assert error.value.messages == [
            "According to the agreement for Oosterparkwijk, the Coöperatieve Wijkraad decides on “Wijkbudget”."
        ]
    item.refresh_from_db()
    assert item.status == ItemStatus.WORKED_OUT and not item.decided_by
    item = services.adopt_item(user=body_member, item=item, reason="Past binnen het wijkbudget.")
    assert item.status == ItemStatus.ADOPTED
    assert item.decided_by.startswith("Sanne de Vries, ") and item.decided_by.endswith("(Coöperatieve Wijkraad)")
    assert item.decided_on == days(0) and item.decision_reason == "Past binnen het wijkbudget."
    entry = AuditEntry.objects.get(action="agenda.item.adopted")
    assert entry.data["rule"] == "matrix" and entry.data["scope_item"] == item.scope_item_id


def test_together_accepts_either_side_with_the_other_named(make_agreement, worked_out, official, body_member):
    version = make_agreement(("Groen en spelen", 2, False))
    item = worked_out(scope_item=scope(version, "Groen en spelen"))
    with pytest.raises(ValidationError) as error:
        services.adopt_item(user=body_member, item=item)
    assert "together_with" in error.value.message_dict
    item = services.adopt_item(user=body_member, item=item, together_with="Fatima Bakker, gebiedsteam")
    assert "Sanne de Vries" in item.decided_by and "Fatima Bakker, gebiedsteam" in item.decided_by

    other = worked_out(title="Schoolplein groen", scope_item=scope(version, "Groen en spelen"))
    other = services.adopt_item(user=official, item=other, together_with="Sanne de Vries, Coöperatieve Wijkraad")
    assert other.decided_by.startswith("Fatima Bakker, ") and "Sanne de Vries" in other.decided_by


def test_without_an_agreement_the_area_team_adopts(worked_out, official, body_member, alderman):
    item = worked_out()
    with pytest.raises(ValidationError, match="no agreement in force for Oosterparkwijk"):
        services.adopt_item(user=body_member, item=item)
    with pytest.raises(ValidationError):
        services.adopt_item(user=alderman, item=item)
    item = services.adopt_item(user=official, item=item)
    assert item.status == ItemStatus.ADOPTED and item.decided_by.startswith("Fatima Bakker")
    assert deciding.rule_for(item).kind == deciding.NO_AGREEMENT


def test_an_agreement_not_yet_in_force_does_not_count(make_agreement, worked_out, official, body_member):
    make_agreement(("Wijkbudget", 3, False), activate=False)
    item = worked_out()
    with pytest.raises(ValidationError):
        services.adopt_item(user=body_member, item=item)
    services.adopt_item(user=official, item=item)


def test_citywide_is_never_adopted_by_the_wijk(make_agreement, worked_out, official, body_member, alderman):
    version = make_agreement(("Wijkbudget", 3, False), ("Groen en spelen", 2, False), ("Verkeer", 1, True))
    item = worked_out(title="Parkeren", scope_item=scope(version, "Verkeer"))
    assert item.is_citywide  # follows the scope item
    with pytest.raises(ValidationError, match="city-wide"):
        services.adopt_item(user=body_member, item=item)
    with pytest.raises(ValidationError, match="the college"):
        services.adopt_item(user=official, item=item)
    assert services.adopt_item(user=alderman, item=item).decided_by.startswith("Wethouder Mulder")

    # A city-wide item under a part decided together: only the municipality, and alone.
    flagged = worked_out(title="Stadspark", scope_item=scope(version, "Groen en spelen"), is_citywide=True)
    with pytest.raises(ValidationError, match="city-wide"):
        services.adopt_item(user=body_member, item=flagged, together_with="Fatima")
    assert services.adopt_item(user=official, item=flagged).status == ItemStatus.ADOPTED

    # Even where the wijk body decides, a city-wide item stays with the municipality.
    budget = worked_out(title="Stadsbrede regeling", scope_item=scope(version, "Wijkbudget"), is_citywide=True)
    with pytest.raises(ValidationError):
        services.adopt_item(user=body_member, item=budget)
    services.adopt_item(user=official, item=budget)


def test_item_outside_the_agreement_is_adopted_by_the_area_team(make_agreement, worked_out, official, body_member):
    version = make_agreement(("Wijkbudget", 3, False))
    item = worked_out()
    with pytest.raises(ValidationError, match="not linked to a part of the agreement"):
        services.adopt_item(user=body_member, item=item)
    # Linking it on adoption puts it under the agreement's rule.
    with pytest.raises(ValidationError, match="Coöperatieve Wijkraad decides"):
        services.adopt_item(user=official, item=item, scope_item=scope(version, "Wijkbudget"))
    item.refresh_from_db()
    assert item.scope_item is None  # nothing saved on refusal
    item = services.adopt_item(user=body_member, item=item, scope_item=scope(version, "Wijkbudget"))
    assert item.scope_item == scope(version, "Wijkbudget")


def test_facilitators_and_residents_do_not_adopt(worked_out, facilitator, resident):
    """A facilitator is independent of both sides (§11), and a single resident is not a party."""
    item = worked_out()
    for user in (resident, facilitator):
        with pytest.raises(PermissionDenied):
            services.adopt_item(user=user, item=item)


def test_decision_date_cannot_lie_ahead(worked_out, official):
    item = worked_out()
    with pytest.raises(ValidationError):
        services.adopt_item(user=official, item=item, decided_on=days(3))
    assert services.adopt_item(user=official, item=item, decided_on=days(-3)).decided_on == days(-3)


def test_reject_needs_a_public_reason_and_the_right_party(make_agreement, worked_out, official, body_member):
    version = make_agreement(("Wijkbudget", 3, False))
    item = worked_out(scope_item=scope(version, "Wijkbudget"))
    with pytest.raises(ValidationError):
        services.reject_item(user=official, item=item, reason="Te duur.")
    with pytest.raises(ValidationError) as error:
        services.reject_item(user=body_member, item=item, reason=" ")
    assert "reason" in error.value.message_dict
    item = services.reject_item(user=body_member, item=item, reason="Past niet binnen het budget.")
    assert item.status == ItemStatus.REJECTED and item.decision_reason == "Past niet binnen het budget."
    with pytest.raises(ValidationError):
        services.adopt_item(user=body_member, item=item)


def test_link_to_an_older_version_follows_to_the_version_in_force(make_agreement, worked_out, official, body_member):
    version = make_agreement(("Wijkbudget", 3, False))
    item = worked_out(scope_item=scope(version, "Wijkbudget"))
    draft = agreements.revise(user=official, version=version)  # v1 stays in force until v2 is
    assert deciding.agreement_in_force(item.agenda.place) == version
    assert draft.status == "concept"
    with pytest.raises(ValidationError, match="Coöperatieve Wijkraad"):
        services.adopt_item(user=official, item=item)
    services.adopt_item(user=body_member, item=item)


# --- The area programme -----------------------------------------------------------------------------


@pytest.fixture
def adopted(worked_out, official):
    def make(title="Speeltuin opknappen"):
        return services.adopt_item(user=official, item=worked_out(title=title), reason="Belangrijk voor kinderen.")

    return make


def test_take_up_in_programme(adopted, official, wijk, resident):
    item = adopted()
    programme = services.programme_for(user=official, place=wijk, year=2027)
    assert services.programme_for(user=official, place=wijk, year=2027) == programme
    assert programme.title == "Area programme Oosterparkwijk 2027"
    with pytest.raises(PermissionDenied):
        services.take_up_in_programme(user=resident, item=item, programme=programme, description="x")
    with pytest.raises(ValidationError):
        services.take_up_in_programme(user=official, item=item, programme=programme, description="")
    with pytest.raises(ValidationError):
        services.take_up_in_programme(user=official, item=item, programme=programme, description="x", budget_cents=-1)
    line = services.take_up_in_programme(
        user=official, item=item, programme=programme, description="Nieuwe toestellen", budget_cents=1_234_56
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRAMME and line.agenda_item == item and line.budget_cents == 123456
    assert item.decision_reason == "Belangrijk voor kinderen."


def test_programme_guards(adopted, worked_out, official, wijk, other_wijk):
    with pytest.raises(ValidationError):
        services.create_programme(user=official, place=wijk, year=1800)
    services.create_programme(user=official, place=wijk, year=2027)
    with pytest.raises(ValidationError):
        services.create_programme(user=official, place=wijk, year=2027)
    elsewhere = services.create_programme(user=official, place=other_wijk, year=2027)
    with pytest.raises(ValidationError):
        services.take_up_in_programme(user=official, item=adopted(), programme=elsewhere, description="x")
    not_adopted = worked_out(title="Nog niet")
    programme = AreaProgramme.objects.get(place=wijk, year=2027)
    with pytest.raises(ValidationError):
        services.take_up_in_programme(user=official, item=not_adopted, programme=programme, description="x")
    assert not programme.lines.exists()


def test_leave_out_of_programme_publishes_the_reason(adopted, official, wijk):
    item = adopted()
    with pytest.raises(ValidationError):
        services.leave_out_of_programme(user=official, item=item, reason="")
    item = services.leave_out_of_programme(user=official, item=item, reason="Past in 2028, na de renovatie.")
    assert item.status == ItemStatus.NOT_IN_PROGRAMME
    assert item.programme_reason == "Past in 2028, na de renovatie."
    assert item.decision_reason == "Belangrijk voor kinderen."  # the adoption's reason stays
    # A later programme can still take it up.
    programme = services.programme_for(user=official, place=wijk, year=2028)
    services.take_up_in_programme(user=official, item=item, programme=programme, description="Na de renovatie")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRAMME and item.programme_reason == ""


def test_mark_done(adopted, worked_out, official, resident):
    with pytest.raises(ValidationError):
        services.mark_done(user=official, item=worked_out(title="Nog open"))
    item = adopted()
    with pytest.raises(PermissionDenied):
        services.mark_done(user=resident, item=item)
    assert services.mark_done(user=official, item=item).status == ItemStatus.DONE


# --- Actions ---------------------------------------------------------------------------------------


def test_actions_and_lateness(adopted, official, resident):
    item = adopted()
    with pytest.raises(PermissionDenied):
        services.add_action(user=resident, item=item, title="x", owner_side="wijk", due_date=days(5))
    with pytest.raises(ValidationError) as error:
        services.add_action(user=official, item=item, title="", owner_side="nobody", due_date=None)
    assert {"title", "owner_side", "due_date"} <= set(error.value.message_dict)
    late = services.add_action(
        user=official,
        item=item,
        title="Offerte opvragen",
        owner_side="gemeente",
        owner_name="gebiedsteam",
        due_date=days(-10),
    )
    on_time = services.add_action(
        user=official, item=item, title="Bewoners uitnodigen", owner_side="wijk", due_date=days(10)
    )
    assert late.agenda_item == item and late.place == item.agenda.place and late.version is None
    assert late.is_late and not on_time.is_late
    assert list(services.late_actions(ActionItem.objects.filter(agenda_item=item))) == [late]
    with pytest.raises(PermissionDenied):
        services.set_action_status(user=resident, action=late, status=ActionStatus.DONE)
    with pytest.raises(ValidationError):
        services.set_action_status(user=official, action=late, status="bogus")
    late = services.set_action_status(user=official, action=late, status=ActionStatus.DONE)
    assert late.done_on == days(0) and not late.is_late and late.done_on_time is False
    assert not services.late_actions(ActionItem.objects.filter(agenda_item=item)).exists()
    services.set_action_status(user=official, action=late, status=ActionStatus.OPEN)
    late.refresh_from_db()
    assert late.done_on is None and late.is_late


def test_no_new_actions_on_a_closed_item(adopted, official):
    item = services.mark_done(user=official, item=adopted())
    with pytest.raises(ValidationError):
        services.add_action(user=official, item=item, title="x", owner_side="wijk", due_date=days(5))


def test_agreement_actions_are_not_managed_here(make_agreement, official):
    version = make_agreement(("Wijkbudget", 3, False))
    action = version.actions.first()
    with pytest.raises(ValidationError):
        services.set_action_status(user=official, action=action, status=ActionStatus.DONE)


# --- Notifications and the audit log ------------------------------------------------------------


def test_followers_hear_of_every_change_but_not_the_one_who_made_it(worked_out, official, resident, make_user, wijk):
    item = worked_out()
    follower = make_user()
    Follow.objects.create(user=follower, agenda_item=item)
    Follow.objects.create(user=official, agenda_item=item)
    place_follower = make_user()
    Follow.objects.create(user=place_follower, place=wijk)
    services.adopt_item(user=official, item=item)
    assert Notification.objects.filter(user=follower, subject__startswith="Adopted:").exists()
    assert Notification.objects.filter(user=place_follower, subject__startswith="Adopted:").exists()
    assert not Notification.objects.filter(user=official).exists()
    services.add_action(user=official, item=item, title="Offerte", owner_side="gemeente", due_date=days(5))
    assert Notification.objects.filter(user=follower, subject__contains="Offerte").exists()
    notice = Notification.objects.filter(user=follower).first()
    assert notice.url == item.get_absolute_url()


def test_every_change_is_in_the_audit_log(adopted, official, wijk):
    item = adopted()
    programme = services.programme_for(user=official, place=wijk, year=2027)
    services.take_up_in_programme(user=official, item=item, programme=programme, description="x", budget_cents=100)
    action = services.add_action(user=official, item=item, title="x", owner_side="wijk", due_date=days(1))
    services.set_action_status(user=official, action=action, status=ActionStatus.DONE)
    services.mark_done(user=official, item=item)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "agenda.agenda.created",
        "agenda.item.proposed",
        "agenda.item.worked_out",
        "agenda.item.adopted",
        "agenda.programme.created",
        "agenda.item.in_programme",
        "agenda.action.added",
        "agenda.action.status",
        "agenda.item.done",
    } <= actions
    assert audit.verify().ok
