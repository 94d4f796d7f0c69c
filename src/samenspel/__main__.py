"""The `samenspel` console command: what `manage.py` is in a plain Django project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # `samenspel audit verify` reads better than `samenspel audit_verify`; the same for
    # `samenspel agreements check`.
    if len(argv) >= 3 and argv[1] in ("audit", "agreements"):
        argv = [argv[0], f"{argv[1]}_{argv[2]}", *argv[3:]]
    # Django command modules cannot contain a hyphen: `samenspel opinion-map` is `opinion_map`.
    if len(argv) >= 2 and argv[1] == "opinion-map":
        argv[1] = "opinion_map"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
