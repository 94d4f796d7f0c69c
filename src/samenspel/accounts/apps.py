from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samenspel.accounts"
    label = "accounts"
    verbose_name = _("People, roles and access")

    def ready(self):
        from . import signals

        signals.connect()
