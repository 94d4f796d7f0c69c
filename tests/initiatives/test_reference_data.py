"""The twenty killer phrases of spec §7.9, seeded by the data migration."""

from samenspel.initiatives.models import KillerPhrase
from samenspel.initiatives.seeding import load_reference_data


def test_twenty_phrases_are_seeded_verbatim(db):
    phrases = {p.number: p for p in KillerPhrase.objects.all()}
    assert sorted(phrases) == list(range(1, 21))
    assert phrases[1].text == "Past niet in de subsidiecriteria"
    assert phrases[1].category == "financial" and phrases[1].basis == "001:254-255"
    assert phrases[14].text == "Kan niet vlgs het bestemmingsplan"
    assert phrases[18].category == "political"
    assert phrases[19].text == "Is de continuïteit wel gegarandeerd?" and phrases[19].category == "continuity"
    assert phrases[20].text == "Valt u onder Zorg of onder Welzijn of…?" and phrases[20].category == "referral"
    counts = {}
    for p in phrases.values():
        counts[p.category] = counts.get(p.category, 0) + 1
    assert counts == {
        "financial": 2,
        "regulation": 3,
        "political": 3,
        "priority": 4,
        "procedure": 3,
        "referral": 4,
        "continuity": 1,
    }


def test_loading_again_changes_nothing_and_keeps_local_wording(db):
    KillerPhrase.objects.filter(number=5).update(text="Geen prioriteit (lokaal aangepast)")
    assert load_reference_data() == {"killer_phrases": 0}
    assert KillerPhrase.objects.get(number=5).text == "Geen prioriteit (lokaal aangepast)"
    KillerPhrase.objects.all().delete()
    assert load_reference_data() == {"killer_phrases": 20}
