from samenspel.api.models import ApiToken
from samenspel.demo import api_demo


def test_demo_key_is_made_once_and_works(client, world, make_user):
    sanne = make_user(display_name="Sanne de Vries")
    users = {api_demo.DEMO_EMAIL: sanne}
    assert api_demo.load(users) == 1
    assert api_demo.load(users) == 0
    assert ApiToken.objects.filter(user=sanne).count() == 1
    notes = api_demo.demo_notes()
    assert any(api_demo.demo_key() in line for line in notes)
    response = client.post(f"/api/v1/ideas/{world.idea.pk}/support", HTTP_AUTHORIZATION=f"Bearer {api_demo.demo_key()}")
    assert response.status_code == 201


def test_no_notes_without_the_demo(db):
    assert api_demo.demo_notes() == []
