from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "samenspel.publication"
    verbose_name = _("Publication")

    def ready(self):
        from . import signals

        signals.connect()
