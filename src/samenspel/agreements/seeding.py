"""Loads the reference data (praatplaat questions, safeguards, instruments, the lessons of
the five Groningen experiments) into the database. Runs from a data migration, so every
installation starts with them; a municipality can change or replace them afterwards."""

from . import reference_data as data


def load_reference_data(apps=None) -> dict:
    """Insert what is missing; never overwrite what a municipality changed. `apps` is the
    migration's app registry, or None for the live models."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    Question = apps.get_model("agreements", "PraatplaatQuestion")
    Safeguard = apps.get_model("agreements", "Safeguard")
    Instrument = apps.get_model("agreements", "Instrument")
    Lesson = apps.get_model("agreements", "Lesson")
    counts = {"questions": 0, "safeguards": 0, "instruments": 0, "lessons": 0}
    for q in data.QUESTIONS:
        _obj, created = Question.objects.get_or_create(
            code=q["code"],
            defaults={
                "building_block": q["building_block"],
                "compass_point": q["compass_point"] or "",
                "democratic_values": list(q["democratic_values"]),
                "text": q["text"],
                "min_level": q["min_level"],
                "basis": q["basis"],
                "order": q["order"],
            },
        )
        counts["questions"] += created
    for s in data.SAFEGUARDS:
        _obj, created = Safeguard.objects.get_or_create(
            code=s["code"],
            defaults={
                "compass_point": s["compass_point"],
                "title": s["title"],
                "description": s["description"],
                "min_level": s["min_level"],
                "recommended_from": s["recommended_from"],
                "evidence": s["evidence"],
                "frequency_days": s["frequency_days"],
                "basis": s["basis"],
            },
        )
        counts["safeguards"] += created
    for i in data.INSTRUMENTS:
        _obj, created = Instrument.objects.get_or_create(
            code=i["code"],
            defaults={
                "name": i["name"],
                "description": i["description"],
                "level_min": i["level_min"],
                "level_max": i["level_max"],
                "compass_points": list(i["compass_points"]),
                "basis": i["basis"],
            },
        )
        counts["instruments"] += created
    if not Lesson.objects.filter(evaluation=None, place=None).exclude(basis="").exists():
        Lesson.objects.bulk_create(
            Lesson(
                text=lesson["text"],
                compass_point=lesson["compass_point"],
                theme=lesson["theme"],
                kind=lesson["kind"],
                experiment=lesson["experiment"] or "",
                basis=lesson["basis"],
            )
            for lesson in data.LESSONS
        )
        counts["lessons"] = len(data.LESSONS)
    return counts
