from django.db import migrations


def load(apps, schema_editor):
    from samenspel.finance.seeding import load_taakvelden

    load_taakvelden(apps)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
