"""Loads the twenty killer phrases (spec §7.9) into the database. Runs from a data migration,
so every installation starts with them, and from the demo loader (browser tests flush the
database). A municipality can change the wording afterwards; this never overwrites it."""

from . import reference_data as data


def load_reference_data(apps=None) -> dict:
    """Insert what is missing, by number. `apps` is the migration's app registry, or None
    for the live models. Idempotent."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    KillerPhrase = apps.get_model("initiatives", "KillerPhrase")
    created = 0
    for number, text, category, basis in data.KILLER_PHRASES:
        _obj, was_created = KillerPhrase.objects.get_or_create(
            number=number, defaults={"text": text, "category": category, "basis": basis}
        )
        created += was_created
    return {"killer_phrases": created}
