import pytest
from django.urls import reverse

from samenspel.decisions import services
from samenspel.decisions.models import AccountabilityReport, Advice, Decision, Objection, ReportComment, ReportPhoto
from samenspel.notifications.models import Notification

from .conftest import days, image_file, login


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert ' style="' not in html and "<style" not in html  # the Content-Security-Policy forbids them
    return html


@pytest.fixture
def record(in_force, body, body_member, org_rep, resident_org, alderman, resident):
    """One of everything: a binding decision with positions, one recorded as advice, an
    objection, advice waiting and answered, and a published report with a photo and a comment."""
    binding = services.record_decision(
        user=body_member,
        decider_kind="wijk_body",
        body=body,
        scope_item=in_force.budget,
        title="Zomerprogramma jongeren",
        outcome="adopted",
        rationale="Jongeren vroegen erom.",
        decided_on=days(-10),
        meeting="Openbare vergadering",
        options=["Toekennen", "Afwijzen"],
        positions=[
            {"stance": "for", "summary": "Jongeren missen een plek", "by": "zes leden"},
            {"stance": "against", "summary": "Liever over de buurten spreiden", "by": "twee leden"},
        ],
        minority_view="Verdeel het geld over alle buurten.",
        budget_cents=1_200_000 // 2,
    )
    advisory = services.record_decision(
        user=body_member,
        decider_kind="wijk_body",
        body=body,
        scope_item=in_force.theme,
        title="Parkeren in de wijk",
        outcome="adopted",
        rationale="Bewoners willen een vergunningsgebied.",
        decided_on=days(-5),
    )
    objection = services.object_to_decision(user=resident, decision=binding, text="Te weinig voor ouderen.")
    waiting = services.give_advice(
        user=org_rep,
        organisation=resident_org,
        addressee="college",
        subject="Oversteek Oosterpark",
        text="Een zebrapad.",
        on_behalf_of="De leden",
        submitted_on=days(-60),
    )
    answered = services.give_advice(
        user=org_rep,
        organisation=resident_org,
        addressee="council",
        subject="Groen in de wijk",
        text="Meer bomen.",
        on_behalf_of="Enquête",
        submitted_on=days(-20),
    )
    services.respond_to_advice(
        user=alderman, advice=answered, response="Goed advies.", weighed="Twintig bomen in het plan."
    )
    report = services.write_report(
        user=body_member,
        organisation=body,
        title="Verantwoording voorjaar",
        audience="both",
        formats=["story", "key_figures"],
        story="We steunden **twaalf** ideeën. <script>alert(1)</script>",
        key_figures=[{"label": "Ideeën", "value": "12"}],
        income_cents=1_000_000,
        spent_cents=1_234_567,
        financial_notes="Aangevuld uit de reserve.",
        period_start=days(-180),
        period_end=days(-1),
        photos=[(image_file(), "Kinderen bij de moestuin")],
    )
    services.publish_report(user=body_member, report=report)
    comment = services.comment_on_report(user=resident, report=report, text="Mooi gedaan!")
    return {
        "binding": binding,
        "advisory": advisory,
        "objection": objection,
        "waiting": waiting,
        "answered": answered,
        "report": report,
        "comment": comment,
    }


# --- Public pages ----------------------------------------------------------------------------


def test_register(english, record, in_force):
    html = _page(english.get(reverse("decisions:register")))
    assert "Zomerprogramma jongeren" in html and "Parkeren in de wijk" in html
    assert "Coöperatieve Wijkraad" in html
    assert "binding" in html and "counts as advice" in html
    assert f'{in_force.version.get_absolute_url()}#item-{in_force.budget.pk}"' in html  # traceable
    assert "6.000,00" in html or "6,000.00" in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("soort=binding", "Zomerprogramma", "Parkeren in de wijk"),
        ("soort=advies", "Parkeren in de wijk", "Zomerprogramma"),
        ("besluitnemer=college", None, "Zomerprogramma"),
        (f"van={days(-7).isoformat()}", "Parkeren in de wijk", "Zomerprogramma"),
        (f"tot={days(-7).isoformat()}", "Zomerprogramma", "Parkeren in de wijk"),
    ],
)
def test_register_filters(english, record, query, shown, hidden):
    html = _page(english.get(f"{reverse('decisions:register')}?{query}"))
    if shown:
        assert shown in html
    assert hidden not in html


def test_register_filter_by_place(english, record, wijk, other_wijk):
    html = _page(english.get(reverse("decisions:register"), {"wijk": wijk.pk}))
    assert "Zomerprogramma" in html
    html = _page(english.get(reverse("decisions:register"), {"wijk": other_wijk.pk}))  # not a choice: all shown
    assert "Zomerprogramma" in html


def test_decision_page(english, record, in_force):
    html = _page(english.get(record["binding"].get_absolute_url()))
    for text in (
        "Openbare vergadering",
        "Toekennen",
        "Jongeren missen een plek",
        "twee leden",
        "Verdeel het geld over alle buurten.",
        "Jongeren vroegen erom.",
        "Te weinig voor ouderen.",
        "level 3",
        "Within the mandate",
        "Log in to object",
    ):
        assert text in html, text
    assert f"#item-{in_force.budget.pk}" in html
    html = _page(english.get(record["advisory"].get_absolute_url()))
    assert "This counts as advice to the municipality" in html


def test_advice_pages(english, record, wijk, municipality):
    html = _page(english.get(reverse("decisions:advices")))
    assert "Oversteek Oosterpark" in html and "Groen in de wijk" in html
    assert "overdue" in html
    html = _page(english.get(reverse("decisions:advices_place", args=[municipality.slug, wijk.slug])))
    assert "Oversteek Oosterpark" in html
    _page(english.get(reverse("decisions:advices_municipality", args=[municipality.slug])))
    html = _page(english.get(record["answered"].get_absolute_url()))
    assert "What happened with your input" in html and "Twintig bomen in het plan." in html
    html = _page(english.get(record["waiting"].get_absolute_url()))
    assert "overdue" in html and "Respond for the municipality" not in html


def test_report_pages(english, record):
    html = _page(english.get(reverse("decisions:reports")))
    assert "Verantwoording voorjaar" in html and "next report due" in html
    html = _page(english.get(record["report"].get_absolute_url()))
    assert "<strong>twaalf</strong>" in html and "<script>" not in html
    assert 'alt="Kinderen bij de moestuin"' in html
    assert "Ideeën" in html and "12" in html
    assert "10.000,00" in html or "10,000.00" in html  # income
    assert "2.345,67" in html or "2,345.67" in html  # overspent
    assert "Overspent" in html
    assert "Mooi gedaan!" in html and "Hide this comment" not in html


def test_draft_report_only_for_the_accountable(client, body_member, body, in_force, resident, official):
    draft = services.write_report(
        user=body_member,
        organisation=body,
        title="Concept",
        audience="both",
        formats=["story"],
        story="Nog niet klaar.",
        period_start=days(-30),
        period_end=days(-1),
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    login(client, resident)
    assert client.get(draft.get_absolute_url()).status_code == 404
    login(client, official)  # staff may see it, and publish on the body's behalf
    _page(client.get(draft.get_absolute_url()))
    login(client, body_member)
    _page(client.get(draft.get_absolute_url()))
    response = client.post(reverse("decisions:report_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_on is not None


def test_unknown_things_are_404(client, db):
    for name in ("decision", "advice", "report"):
        assert client.get(reverse(f"decisions:{name}", args=[999])).status_code == 404


# --- Login and roles ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, record, body, wijk):
    urls = [
        reverse("decisions:decision_new"),
        f"{reverse('decisions:decision_new')}?plaats={wijk.pk}",
        reverse("decisions:advice_new"),
        reverse("decisions:advice_respond", args=[record["waiting"].pk]),
        reverse("decisions:report_new"),
        reverse("decisions:report_photo", args=[record["report"].pk]),
        reverse("decisions:comment_hide", args=[record["comment"].pk]),
        reverse("decisions:objection_answer", args=[record["objection"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    count = Objection.objects.count()
    response = client.post(record["binding"].get_absolute_url(), {"text": "Anoniem bezwaar"})
    assert response.status_code == 302 and Objection.objects.count() == count
    response = client.post(record["report"].get_absolute_url(), {"text": "Anoniem"})
    assert response.status_code == 302 and ReportComment.objects.count() == 1


def test_wrong_role_is_403(client, record, resident, body, wijk):
    login(client, resident)
    for url in [
        reverse("decisions:decision_new"),
        f"{reverse('decisions:decision_new')}?plaats={wijk.pk}",
        reverse("decisions:advice_new"),
        f"{reverse('decisions:advice_new')}?organisatie={body.pk}",
        reverse("decisions:advice_respond", args=[record["waiting"].pk]),
        f"{reverse('decisions:report_new')}?organisatie={body.pk}",
        reverse("decisions:report_photo", args=[record["report"].pk]),
        reverse("decisions:comment_hide", args=[record["comment"].pk]),
        reverse("decisions:objection_answer", args=[record["objection"].pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("decisions:report_publish", args=[record["report"].pk])).status_code == 403
    assert client.post(reverse("decisions:advice_withdraw", args=[record["waiting"].pk])).status_code == 403


# --- Recording a decision --------------------------------------------------------------------


def _decision_post(body, scope_item, **extra):
    data = {
        "decider": f"body:{body.pk}" if body else "",
        "title": "Bankjes in de speeltuin",
        "meeting": "Openbare vergadering",
        "meeting_date": days(-2).isoformat(),
        "decided_on": days(-2).isoformat(),
        "scope_item": scope_item.pk,
        "options": "Vier bankjes\nTwee bankjes",
        "position1_stance": "for",
        "position1_summary": "Ouderen willen zitten",
        "position1_by": "alle leden",
        "outcome": "adopted",
        "rationale": "Veel gevraagd in het wijkpanel.",
        "budget_euros": "875.50",
    }
    data.update(extra)
    return data


def test_body_member_records_a_binding_decision(english, body_member, body, in_force):
    login(english, body_member)
    url = reverse("decisions:decision_new")
    response = english.get(url)  # only one place: straight to its form
    assert response.status_code == 302 and f"plaats={body.place.pk}" in response["Location"]
    url = f"{url}?plaats={body.place.pk}"
    html = _page(english.get(url))
    assert "Coöperatieve Wijkraad" in html and "College (executive)" not in html
    response = english.post(url, _decision_post(body, in_force.budget))
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()
    assert decision.is_binding and decision.budget_cents == 87550
    assert decision.options == ["Vier bankjes", "Twee bankjes"]
    assert decision.positions == [{"stance": "for", "summary": "Ouderen willen zitten", "by": "alle leden"}]


def test_decision_outside_mandate_says_it_counts_as_advice(english, body_member, body, in_force):
    login(english, body_member)
    url = f"{reverse('decisions:decision_new')}?plaats={body.place.pk}"
    response = english.post(url, _decision_post(body, in_force.theme, budget_euros=""), follow=True)
    html = _page(response)
    assert "as advice to the municipality, not as a binding decision" in html
    assert Decision.objects.get().recorded_as_advice


def test_bad_decision_input_saves_nothing_and_keeps_input(english, body_member, body, in_force):
    login(english, body_member)
    url = f"{reverse('decisions:decision_new')}?plaats={body.place.pk}"
    html = _page(english.post(url, _decision_post(body, in_force.budget, rationale="")))
    assert "Bankjes in de speeltuin" in html and "Ouderen willen zitten" in html
    assert "utrecht-form-field--invalid" in html
    position_against = {"position2_stance": "against", "position2_summary": "Te duur"}
    html = _page(english.post(url, _decision_post(body, in_force.budget, **position_against)))
    assert "minority view" in html
    html = _page(english.post(url, _decision_post(body, in_force.budget, budget_euros="20000")))
    assert "more than what is left" in html
    html = _page(english.post(url, _decision_post(body, in_force.budget, position1_stance="")))
    assert not Decision.objects.exists()


def test_alderman_records_a_college_decision(english, alderman, wijk, other_wijk, in_force):
    login(english, alderman)
    html = _page(english.get(reverse("decisions:decision_new")))  # many places: a choice
    assert wijk.name in html and other_wijk.name in html
    url = f"{reverse('decisions:decision_new')}?plaats={wijk.pk}"
    html = _page(english.get(url))
    assert "College (executive)" in html and "Municipal council" not in html
    data = _decision_post(None, in_force.theme, decider="college", budget_euros="")
    assert english.post(url, data).status_code == 302
    assert Decision.objects.get().decider_kind == "college"


def test_objection_and_answer_through_the_pages(english, record, resident, body_member):
    login(english, resident)
    decision = record["advisory"]
    html = _page(english.post(decision.get_absolute_url(), {"text": ""}))
    assert "utrecht-form-field--invalid" in html
    response = english.post(decision.get_absolute_url(), {"text": "Parkeren hoort bij de stad."})
    assert response.status_code == 302
    objection = Objection.objects.get(decision=decision)
    login(english, body_member)
    url = reverse("decisions:objection_answer", args=[objection.pk])
    _page(english.get(url))
    html = _page(english.post(url, {"status": "dismissed", "response": ""}))
    assert "utrecht-form-field--invalid" in html
    assert english.post(url, {"status": "dismissed", "response": "Daarom is het advies."}).status_code == 302
    objection.refresh_from_db()
    assert objection.status == "dismissed"
    assert english.get(url).status_code == 302  # already answered


# --- Advice ----------------------------------------------------------------------------------


def test_give_and_answer_advice_through_the_pages(english, org_rep, resident_org, alderman, resident, wijk):
    from samenspel.accounts.models import Membership, Role

    Membership.objects.create(user=resident, role=Role.ORG_REPRESENTATIVE, place=wijk, organisation=resident_org)
    login(english, org_rep)
    response = english.get(reverse("decisions:advice_new"))
    assert response.status_code == 302
    url = response["Location"]
    _page(english.get(url))
    data = {
        "addressee": "college",
        "subject": "Speeltuin",
        "text": "Meer schaduw.",
        "on_behalf_of": "",
        "submitted_on": days(0).isoformat(),
        "include_members": "on",
    }
    html = _page(english.post(url, {**data, "text": ""}))
    assert "Speeltuin" in html and not Advice.objects.exists()
    response = english.post(url, data)
    advice = Advice.objects.get()
    assert response.status_code == 302 and response["Location"] == advice.get_absolute_url()
    assert set(advice.contributors.all()) == {org_rep, resident}
    login(english, alderman)
    respond = reverse("decisions:advice_respond", args=[advice.pk])
    html = _page(english.get(advice.get_absolute_url()))
    assert respond in html
    html = _page(english.post(respond, {"response": "Dank.", "response_weighed": ""}))
    assert "utrecht-form-field--invalid" in html
    assert english.post(respond, {"response": "Dank.", "response_weighed": "Bomen geplant."}).status_code == 302
    assert Notification.objects.filter(user=resident, body="Bomen geplant.").exists()
    assert english.get(respond).status_code == 302  # answered already


def test_withdraw_through_the_page(english, record, org_rep):
    login(english, org_rep)
    response = english.post(reverse("decisions:advice_withdraw", args=[record["waiting"].pk]))
    assert response.status_code == 302
    assert Advice.objects.get(pk=record["waiting"].pk).status == "withdrawn"


# --- Reports ---------------------------------------------------------------------------------


def _report_post(**extra):
    data = {
        "title": "Verantwoording najaar",
        "audience": "both",
        "formats": ["story", "financial"],
        "period_start": days(-90).isoformat(),
        "period_end": days(-1).isoformat(),
        "story": "Een goed half jaar.",
        "figure1_label": "Deelnemers",
        "figure1_value": "300",
        "income_euros": "5000",
        "spent_euros": "4250.25",
        "financial_notes": "",
        "due_on": "",
        "photo1_alt": "",
    }
    data.update(extra)
    return data


def test_write_publish_and_discuss_a_report(english, body_member, body, in_force, resident, official):
    login(english, body_member)
    url = f"{reverse('decisions:report_new')}?organisatie={body.pk}"
    html = _page(english.get(url))
    assert 'enctype="multipart/form-data"' in html
    response = english.post(url, _report_post(photo1=image_file(), photo1_alt="De wijkavond"))
    report = AccountabilityReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.spent_cents == 425025 and report.key_figures == [{"label": "Deelnemers", "value": "300"}]
    assert report.photos.count() == 1 and report.version == in_force.version
    photo_url = reverse("decisions:report_photo", args=[report.pk])
    html = _page(english.post(photo_url, {"image": image_file("GIF"), "alt_text": "Een gif"}))
    assert "JPEG, PNG or WebP" in html and report.photos.count() == 1
    assert english.post(photo_url, {"image": image_file("WEBP"), "alt_text": "Tweede"}).status_code == 302
    assert english.post(reverse("decisions:report_publish", args=[report.pk])).status_code == 302
    login(english, resident)
    html = _page(english.post(report.get_absolute_url(), {"text": ""}))
    assert "utrecht-form-field--invalid" in html
    assert english.post(report.get_absolute_url(), {"text": "Dank jullie wel"}).status_code == 302
    comment = ReportComment.objects.get()
    login(english, official)
    hide = reverse("decisions:comment_hide", args=[comment.pk])
    assert hide in _page(english.get(report.get_absolute_url()))
    _page(english.get(hide))
    assert english.post(hide, {"reason": "Bevat een telefoonnummer"}).status_code == 302
    html = _page(english.get(report.get_absolute_url()))
    assert "Dank jullie wel" not in html and "Bevat een telefoonnummer" in html


def test_bad_report_input_saves_nothing_and_keeps_input(english, body_member, body, in_force):
    login(english, body_member)
    url = f"{reverse('decisions:report_new')}?organisatie={body.pk}"
    html = _page(english.post(url, _report_post(photo1=image_file("GIF"), photo1_alt="Een gif")))
    assert "Verantwoording najaar" in html and "JPEG, PNG or WebP" in html
    html = _page(english.post(url, _report_post(photo1=image_file(), photo1_alt="")))
    assert "Describe what the photo shows" in html
    html = _page(english.post(url, _report_post(audience="wijk")))
    assert "both the neighbourhood and the municipality" in html
    html = _page(english.post(url, _report_post(formats=[], income_euros="", spent_euros="")))
    assert "Een goed half jaar." in html
    html = _page(english.post(url, _report_post(spent_euros="")))
    assert "money spent" in html
    assert not AccountabilityReport.objects.exists() and not ReportPhoto.objects.exists()


def test_initiator_writes_a_report_for_their_idea(english, resident, wijk):
    from samenspel.initiatives.models import Idea

    idea = Idea.objects.create(
        place=wijk, title="Moestuin", description="Samen tuinieren", author=resident, status="completed"
    )
    login(english, resident)
    response = english.get(reverse("decisions:report_new"))
    assert response.status_code == 302 and f"idee={idea.pk}" in response["Location"]
    response = english.post(response["Location"], _report_post(audience="wijk"))
    assert response.status_code == 302
    assert AccountabilityReport.objects.get().idea == idea
