from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "samenspel.agreements"
    label = "agreements"
    verbose_name = _("The Gronings model: agreements on say")
