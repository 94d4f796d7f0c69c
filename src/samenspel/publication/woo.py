"""The vocabulary of publication under the Wet open overheid (Woo): kinds of public record,
the Woo information categories (art. 3.3) they fall under, document types, and the TOOI
identifiers of the publisher. Plain data, no ORM. The mapping and its sources are explained
in docs/decisions/0010-woo-publication.md."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

TOOI_KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"
LANGUAGE = "nl"  # the language of record: the PDF and the metadata are always Dutch


class Kind(models.TextChoices):
    """A kind of public record; the value is the stable path segment under /publicaties/."""

    AGREEMENT = "afspraken", _("agreement on say")
    ADVICE = "advies", _("advice")
    DECISION = "besluit", _("decision")
    REPORT = "verantwoording", _("accountability report")
    CHALLENGE_AGREEMENT = "uitdaagrecht", _("right to challenge agreement")
    BUDGET_RESULT = "uitslag", _("result of a budget round")


@dataclass(frozen=True)
class Category:
    """A Woo information category: the article that names it, its short name (as fixed by the
    Stuurgroep PLOOI, 17 July 2023) and its TOOI concept."""

    code: str
    article: str
    label: str
    tooi: str

    @property
    def resource(self) -> str:
        return TOOI_KERN + self.tooi

    @property
    def citation(self) -> str:
        """ "3.3.2e" → "Woo art. 3.3 lid 2 onder e"."""
        article, paragraph, letter = self.article[:3], self.article[4], self.article[5:]
        return f"Woo art. {article} lid {paragraph} onder {letter}"


# TOOI concepts as listed in the DiWoo value list "Woo-informatiecategorieën"
# (scw_woo_informatiecategorieen); see the decision record for how they were checked.
CATEGORIES = {
    c.code: c
    for c in (
        Category("ingekomen_stukken", "3.3.2a", "Bij vertegenwoordigende organen ingekomen stukken", "c_a3a6e5cf"),
        Category("vergaderstukken_decentraal", "3.3.2c", "Vergaderstukken decentrale overheden", "c_92a74153"),
        Category("besluitenlijsten", "3.3.2d", "Agenda's en besluitenlijsten bestuurscolleges", "c_5540d806"),
        Category("adviezen", "3.3.2e", "Adviezen", "c_5ba23c01"),
        Category("convenanten", "3.3.2f", "Convenanten", "c_9fe65c9f"),
        Category("jaarverslagen", "3.3.2g", "Jaarplannen en jaarverslagen", "c_9b4ab167"),
    )
}

# The DiWoo document type (documentsoort) per kind, as a plain label.
DOCUMENT_TYPES = {
    Kind.AGREEMENT: "convenant",
    Kind.ADVICE: "advies",
    Kind.DECISION: "besluit",
    Kind.REPORT: "verslag",
    Kind.CHALLENGE_AGREEMENT: "overeenkomst",
    Kind.BUDGET_RESULT: "uitslag",
}


def decision_categories(decider_kind: str, recorded_as_advice: bool) -> list[str]:
    """A council decision is a meeting document of the council; the college's, a mandated
    official's and a neighbourhood body's decision within its mandate belong on the college's
    list of decisions; a body's decision without a mandate counts as advice."""
    if recorded_as_advice:
        return ["adviezen"]
    if decider_kind == "council":
        return ["vergaderstukken_decentraal"]
    return ["besluitenlijsten"]


def advice_categories(addressee: str) -> list[str]:
    """Advice to the council is also a document received by a representative body."""
    return ["adviezen", "ingekomen_stukken"] if addressee == "council" else ["adviezen"]


def categories_for(kind: str, **facts) -> list[str]:
    if kind == Kind.DECISION:
        return decision_categories(facts.get("decider_kind", ""), bool(facts.get("recorded_as_advice")))
    if kind == Kind.ADVICE:
        return advice_categories(facts.get("addressee", ""))
    if kind == Kind.REPORT:
        return ["jaarverslagen"]
    if kind == Kind.BUDGET_RESULT:
        # Binding within the neighbourhood's mandate: a decision under mandate of the college;
        # otherwise the vote is advice to the municipality (budgeting.services.binding_status).
        return ["besluitenlijsten"] if facts.get("binding") else ["adviezen"]
    return ["convenanten"]


def publisher_resource(cbs_code: str | None) -> str:
    """The TOOI identifier of a municipality from its CBS code (GM0014 → …/gemeente/gm0014)."""
    if not cbs_code or not cbs_code.upper().startswith("GM"):
        return ""
    return TOOI_GEMEENTE + cbs_code.lower()
