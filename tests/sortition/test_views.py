"""The pages of a draw by lot: an official runs it from upload to seated council through the
pages; a resident replies with the code from the letter and checks their chance."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samenspel.sortition import services
from samenspel.sortition.models import (
    Draw,
    DrawStatus,
    Invitation,
    Quota,
    RegisterExtract,
    Respondent,
    RespondentStatus,
    Selection,
    TaskState,
)

from .draw_helpers import *  # noqa: F403
from .draw_helpers import FEATURE_CYCLE, committed, invited, letters_of, login, pool, register_csv, residents

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _post(client, name, draw, data=None, *args):
    return client.post(reverse(name, args=[draw.pk, *args]), data or {}, follow=True)


def test_an_official_runs_a_draw_through_the_pages(english, official, wijk, body):
    client = login(english, official)
    response = client.post(
        reverse("sortition:draw_new"),
        {
            "place": wijk.pk,
            "organisation": body.pk,
            "title": "Wijkraad 2026",
            "purpose": "Beslist over het wijkbudget.",
            "seats": 5,
            "min_age": 16,
            "invite_unit": "person",
            "stratify_by_buurt": "on",
            "algorithm": "leximin",
        },
    )
    draw = Draw.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("sortition:manage", args=[draw.pk])

    upload = SimpleUploadedFile("brp.csv", register_csv(residents(300)), content_type="text/csv")
    page = _post(client, "sortition:extract_upload", draw, {"extract": upload})
    assert "stored encrypted: 300 residents" in page.content.decode()

    page = _post(client, "sortition:invitations", draw, {"count": 40})
    assert "40 letters are ready" in page.content.decode()
    pdf = client.get(reverse("sortition:letters", args=[draw.pk]) + "?batch=1")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    letters = letters_of(draw)
    for i, letter in enumerate(letters[:12]):
        services.reply(
            code=letter["code"],
            accept=True,
            features=FEATURE_CYCLE[i % 6],
            postcode="9999AA",
            house_number=str(i + 1),
            consent=True,
        )
    page = client.get(reverse("sortition:manage", args=[draw.pk]))
    assert "12 said yes" in page.content.decode()
    assert "self-selection" in page.content.decode()

    _post(client, "sortition:close_replies", draw)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.RESPONSES_CLOSED and draw.extract.is_deleted

    client.post(reverse("sortition:quotas", args=[draw.pk]), {"calculate": "1"})
    assert Quota.objects.filter(draw=draw).count() == 4 + 3 + 4
    rows = list(Quota.objects.filter(draw=draw))
    form = {}
    page = client.get(reverse("sortition:quotas", args=[draw.pk]))
    for i, _quota in enumerate(rows):
        form[f"min_{i}"] = page.context["form"][f"min_{i}"].value()
        form[f"max_{i}"] = page.context["form"][f"max_{i}"].value()
    form["max_0"] = 4
    client.post(reverse("sortition:quotas", args=[draw.pk]), form)
    first = page.context["form"].rows[0]
    assert Quota.objects.get(draw=draw, feature=first["feature"], value=first["value"]).max == 4

    page = _post(client, "sortition:selection_start", draw, {"seed_source": "Staatsloterij 10 januari 2026"})
    selection = Selection.objects.get(draw=draw)
    assert selection.task_state == TaskState.DONE
    assert "Publish the commitment" in page.content.decode()

    page = _post(client, "sortition:commit", draw, None, 1)
    selection.refresh_from_db()
    assert selection.commitment in page.content.decode()
    public = client.get(reverse("sortition:draw", args=[draw.pk])).content.decode()
    assert selection.commitment in public and "Staatsloterij 10 januari 2026" in public

    page = _post(client, "sortition:reveal", draw, {"seed": "123456"}, 1)
    assert "5 residents are drawn" in page.content.decode()
    drawn = list(Respondent.objects.filter(draw=draw, status=RespondentStatus.SELECTED))
    for respondent in drawn[1:]:
        _post(client, "sortition:seat", draw, {"initials": "X.Y."}, respondent.pk)
    _post(client, "sortition:release", draw, {"reason": "geen tijd"}, drawn[0].pk)
    page = _post(client, "sortition:replacement_start", draw, {"seed_source": "Staatsloterij februari"})
    assert "Replacement 1" in page.content.decode()
    _post(client, "sortition:commit", draw, None, 2)
    _post(client, "sortition:reveal", draw, {"seed": "99"}, 2)
    newcomer = Respondent.objects.get(draw=draw, status=RespondentStatus.SELECTED)
    _post(client, "sortition:seat", draw, {"initials": "N.N."}, newcomer.pk)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.SEATED

    public = client.get(reverse("sortition:draw", args=[draw.pk])).content.decode()
    assert "X.Y." in public and "N.N." in public and "Replacement 1" in public
    assert "samenspel sortition verify" in public
    material = client.get(reverse("sortition:material", args=[draw.pk, 2]))
    assert json.loads(material.content)["about"]["kind"] == "replacement"


def test_the_public_page_before_and_after_the_draw(english, draw, official):
    assert english.get(reverse("sortition:draw", args=[draw.pk])).status_code == 404  # a draft is not public
    selection = committed(draw, official, yes=15)
    page = english.get(reverse("sortition:draw", args=[draw.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert selection.commitment in html and "not known yet" in html
    assert "How many people had which chance" in html  # the chart, with its table
    services.reveal_seed(user=official, selection=selection, seed="77")
    html = english.get(reverse("sortition:draw", args=[draw.pk])).content.decode()
    assert "Members drawn per group" in html and "77" in html
    assert english.get(reverse("sortition:index")).status_code == 200


def test_material_download_matches_the_service(english, draw, official):
    selection = committed(draw, official, yes=15)
    response = english.get(reverse("sortition:material", args=[draw.pk, 1]))
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content) == json.loads(json.dumps(services.material(selection)))


def test_reply_from_the_qr_code(english, draw, official):
    letters = invited(draw, official, letters=3)
    code = letters[0]["code"]
    response = english.get(reverse("sortition:reply") + f"?code={code}")
    assert response.status_code == 302 and response["Location"] == reverse("sortition:reply")
    page = english.get(reverse("sortition:reply"))
    assert "Do you want to take part in the draw?" in page.content.decode()
    response = english.post(
        reverse("sortition:reply"),
        {
            "accept": "yes",
            "age": "45-64",
            "gender": "woman",
            "buurt": "Zuid",
            "postcode": "9999 AC",
            "house_number": "7",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    respondent = Respondent.objects.get()
    assert respondent.status == RespondentStatus.POOL and respondent.features["buurt"] == "Zuid"
    assert (
        "already been answered"
        in english.get(reverse("sortition:reply") + f"?code={code}", follow=True).content.decode()
    )


def test_reply_errors_show_on_the_form(english, draw, official):
    letters = invited(draw, official, letters=3)
    english.post(reverse("sortition:reply"), {"code": letters[1]["code"]})
    page = english.post(reverse("sortition:reply"), {"accept": "yes", "postcode": "1234"})
    html = page.content.decode()
    assert "We can only put you in the draw with your consent." in html
    assert "Give a postcode like 9713 AB." in html
    assert not Respondent.objects.exists()


def test_a_wrong_code_is_explained_and_rate_limited(english, draw, official):
    invited(draw, official, letters=2)
    page = english.post(reverse("sortition:reply"), {"code": "AAAA-BBBB-CCCC"})
    assert "We do not know this code" in page.content.decode()
    for _ in range(25):
        page = english.post(reverse("sortition:check"), {"code": "AAAA-BBBB-CCCD"})
    assert page.status_code == 429


def test_check_my_invitation(english, draw, official):
    letters = pool(draw, official, yes=15)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="loterij")
    selection = services.commit(user=official, selection=Selection.objects.get(pk=selection.pk))
    page = english.post(reverse("sortition:check"), {"code": letters[0]["code"]})
    html = page.content.decode()
    respondent = Respondent.objects.get(invitation__number=1)
    assert respondent.pool_id in html and "Your chance of being drawn was" in html
    assert "The seed is not known yet" in html
    services.reveal_seed(user=official, selection=selection, seed="5")
    html = english.post(reverse("sortition:check"), {"code": letters[0]["code"]}).content.decode()
    assert ("You were drawn." in html) or ("You were not drawn this time." in html)


def test_the_page_shows_progress_while_calculating(english, draw, official):
    pool(draw, official, yes=12)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="loterij")
    Selection.objects.filter(pk=selection.pk).update(
        task_state=TaskState.RUNNING, progress=0.37, progress_message="raising the lowest chances"
    )
    html = login(english, official).get(reverse("sortition:manage", args=[draw.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert '<progress id="progress-1" max="100" value="37">' in html
    assert "raising the lowest chances" in html


def test_infeasible_quotas_are_explained_in_plain_words(english, draw, official):
    pool(draw, official, yes=20, features=lambda i: {
        "age": "16-24" if i < 8 else "65+", "gender": "woman" if i < 8 else "man", "buurt": "Noord"
    })  # fmt: skip
    services.calculate_quotas(user=official, draw=draw)
    limits = {(q.feature, q.value): (0, 5) for q in Quota.objects.filter(draw=draw)}
    limits[("age", "16-24")] = (3, 5)
    limits[("gender", "woman")] = (0, 2)
    services.set_quotas(user=official, draw=draw, limits=limits)
    services.start_selection(user=official, draw=draw, seed_source="loterij")
    html = login(english, official).get(reverse("sortition:manage", args=[draw.pk])).content.decode()
    assert "No council can meet all these quotas" in html
    assert ("Age 16 to 24: lower the minimum from 3 to 2." in html) or (
        "Gender woman: raise the maximum from 2 to 3." in html
    )
    page = _post(english, "sortition:relax", draw, None, 1)
    assert "The quotas are relaxed" in page.content.decode()
    assert Selection.objects.get(draw=draw).task_state == TaskState.DONE


def test_paper_replies_are_entered_by_officials(english, draw, official):
    letters = invited(draw, official, letters=3)
    client = login(english, official)
    response = client.post(
        reverse("sortition:reply_enter", args=[draw.pk]),
        {
            "code": letters[2]["code"],
            "channel": "phone",
            "accept": "no",
        },
    )
    assert response.status_code == 302
    respondent = Respondent.objects.get()
    assert respondent.channel == "phone" and respondent.entered_by == official
    assert Invitation.objects.get(pk=respondent.invitation_id).number == 3


def test_bad_extract_upload_names_the_line(english, draw, official):
    client = login(english, official)
    bad = b"id,age,gender,buurt,address\n1,40,V,Noord,A 1\n2,oud,M,Zuid,B 2\n"
    page = _post(client, "sortition:extract_upload", draw, {"extract": SimpleUploadedFile("x.csv", bad)})
    assert "Line 3: the age “oud” is not a number of years." in page.content.decode()
    assert not RegisterExtract.objects.exists()


def test_the_downloaded_material_passes_samenspel_sortition_verify(english, draw, official, tmp_path):
    import io

    from django.core.management import call_command

    selection = committed(draw, official, yes=15)
    services.reveal_seed(user=official, selection=selection, seed="2026")
    path = tmp_path / "loting.json"
    path.write_bytes(english.get(reverse("sortition:material", args=[draw.pk, 1])).content)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_code:  # the command exits 0 when the draw checks out
        call_command("sortition", "verify", str(path), "--json", stdout=out)
    assert exit_code.value.code == 0
    result = json.loads(out.getvalue())
    selection.refresh_from_db()
    assert result["ok"] is True and sorted(result["selected"]) == selection.selected


def test_official_forms_render(english, draw, official):
    client = login(english, official)
    assert "Create the draw" in client.get(reverse("sortition:draw_new")).content.decode()
    assert "Enter the reply" in client.get(reverse("sortition:reply_enter", args=[draw.pk])).content.decode()
    selection = committed(draw, official, yes=20)
    chosen = services.reveal_seed(user=official, selection=selection, seed="8")
    services.release(user=official, respondent=chosen[0])
    replacement = services.start_replacement(user=official, draw=draw, seed_source="loterij 2")
    page = client.get(reverse("sortition:replacement_quotas", args=[draw.pk, replacement.number]))
    assert "Quotas for the replacement" in page.content.decode()
    assert "max(0, minimum − held)" in page.content.decode()
    html = client.get(reverse("sortition:manage", args=[draw.pk])).content.decode()
    assert "Publish the commitment" in html or "No council can meet all these quotas" in html
