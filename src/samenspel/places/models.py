"""Places (gemeente → gebied → wijk/dorp → buurt), their figures, and the neighbourhood DNA.

One `Place` table holds the whole tree, so roles, figures and (later) budget lines can point
at any level; the glossary's names (Municipality, District, Neighbourhood, Buurt) are proxy
models over it. See docs/decisions/0002-one-place-tree.md."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenspel.core.models import Channel

from .indicators import INDICATOR_CHOICES, INDICATORS

CBS_CODE_PATTERNS = {
    "gemeente": re.compile(r"^GM\d{4}$"),
    "wijk": re.compile(r"^WK\d{6}$"),
    "buurt": re.compile(r"^BU\d{8}$"),
}


class PlaceKind(models.TextChoices):
    MUNICIPALITY = "gemeente", _("municipality")
    DISTRICT = "gebied", _("district")
    WIJK = "wijk", _("neighbourhood")
    DORP = "dorp", _("village")
    BUURT = "buurt", _("buurt")


NEIGHBOURHOOD_KINDS = (PlaceKind.WIJK, PlaceKind.DORP)

# Which kinds may sit directly under which.
ALLOWED_PARENTS = {
    PlaceKind.MUNICIPALITY: (None,),
    PlaceKind.DISTRICT: (PlaceKind.MUNICIPALITY,),
    PlaceKind.WIJK: (PlaceKind.MUNICIPALITY, PlaceKind.DISTRICT),
    PlaceKind.DORP: (PlaceKind.MUNICIPALITY, PlaceKind.DISTRICT),
    PlaceKind.BUURT: (PlaceKind.WIJK, PlaceKind.DORP),
}


def cbs_pattern_for(kind: str):
    if kind in NEIGHBOURHOOD_KINDS:
        return CBS_CODE_PATTERNS["wijk"]
    return CBS_CODE_PATTERNS.get(kind)


class Place(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140)
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Empty when the municipality's own division differs from CBS's."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    municipality = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The root of the tree, kept for quick lookups.",
    )
    boundary = models.JSONField(_("boundary (GeoJSON geometry, WGS84)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_slug_per_municipality"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(municipality__isnull=True), name="unique_municipality_slug"
            ),
        ]
        indexes = [models.Index(fields=["kind", "municipality"])]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.parent_id is None:
            self.municipality = None
        else:
            self.municipality = self.parent if self.parent.kind == PlaceKind.MUNICIPALITY else self.parent.municipality
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.kind == PlaceKind.MUNICIPALITY:
            return reverse("places:municipality", args=[self.slug])
        return reverse("places:place", args=[self.root.slug, self.slug])

    def clean(self):
        parent_kind = self.parent.kind if self.parent else None
        if parent_kind not in ALLOWED_PARENTS.get(self.kind, ()):
            raise ValidationError(
                {"parent": _("A %(kind)s cannot be part of this place.") % {"kind": self.get_kind_display()}}
            )
        pattern = cbs_pattern_for(self.kind)
        if self.cbs_code and (pattern is None or not pattern.match(self.cbs_code)):
            raise ValidationError(
                {"cbs_code": _("This is not a valid CBS code for a %(kind)s.") % {"kind": self.get_kind_display()}}
            )

    @property
    def root(self) -> "Place":
        return self.municipality or self

    @property
    def is_neighbourhood(self) -> bool:
        return self.kind in NEIGHBOURHOOD_KINDS

    def ancestors(self) -> list["Place"]:
        """From the municipality down to the parent."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            # The municipality is usually loaded with the place already: reuse it for the parent's
            # link and for its URL, instead of reading it (outline and all) once more each.
            if node.municipality_id and node.municipality_id == self.municipality_id:
                node.municipality = self.municipality
            node = self.municipality if node.parent_id and node.parent_id == self.municipality_id else node.parent
        return list(reversed(chain))

    def ancestor_ids(self) -> set[int]:
        return {p.pk for p in self.ancestors()}


class KindManager(models.Manager):
    """Only the places of the given kinds: the manager behind each proxy model."""

    def __init__(self, *kinds):
        super().__init__()
        self.kinds = kinds

    def get_queryset(self):
        return super().get_queryset().filter(kind__in=self.kinds)


class Municipality(Place):
    objects = KindManager(PlaceKind.MUNICIPALITY)

    class Meta:
        proxy = True
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class District(Place):
    objects = KindManager(PlaceKind.DISTRICT)

    class Meta:
        proxy = True
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Neighbourhood(Place):
    """A wijk or dorp: the unit of wijk- en dorpsdemocratie."""

    objects = KindManager(*NEIGHBOURHOOD_KINDS)

    class Meta:
        proxy = True
        verbose_name = _("neighbourhood or village")
        verbose_name_plural = _("neighbourhoods and villages")


class Buurt(Place):
    objects = KindManager(PlaceKind.BUURT)

    class Meta:
        proxy = True
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")


class DataSource(models.Model):
    """Where figures come from, shown with every figure."""

    key = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=100)
    table_code = models.CharField(_("table"), max_length=40, blank=True)
    licence = models.CharField(_("licence"), max_length=60, blank=True)
    url = models.URLField(_("link"), blank=True)
    attribution = models.TextField(_("attribution"), blank=True)
    attribution_en = models.TextField(_("attribution in English"), blank=True)

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")

    def __str__(self):
        return self.title

    def attribution_for(self, language: str) -> str:
        if language == "en" and self.attribution_en:
            return self.attribution_en
        return self.attribution


class IndicatorValue(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.CharField(_("figure"), max_length=60, choices=INDICATOR_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="values")

    class Meta:
        ordering = ["place", "indicator", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["place", "indicator", "year", "source"], name="unique_indicator_value"),
        ]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self):
        return f"{self.place} {self.indicator} {self.year}: {self.value}"

    @property
    def definition(self):
        return INDICATORS[self.indicator]


class DnaKind(models.TextChoices):
    STRENGTH = "strength", _("strength")
    WEAKNESS = "weakness", _("weakness")
    CHANCE = "chance", _("chance")
    THREAT = "threat", _("threat")
    CROWN_JEWEL = "crown_jewel", _("crown jewel")


class DnaStatus(models.TextChoices):
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn by the author")
    HIDDEN = "hidden", _("hidden by a moderator")


class DnaItem(models.Model):
    """One point of the neighbourhood's own profile (DNA van de wijk, bouwsteen 1)."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="dna_items")
    kind = models.CharField(_("kind"), max_length=20, choices=DnaKind.choices)
    text = models.TextField(_("text"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dna_items",
        verbose_name=_("author"),
    )
    # For contributions gathered offline from someone without an account: how they want
    # to be named publicly ("a resident of the Bloemenbuurt"), never more than that.
    on_behalf_of = models.CharField(_("on behalf of"), max_length=120, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dna_items_entered",
        verbose_name=_("entered by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=DnaStatus.choices, default=DnaStatus.PUBLISHED)
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["kind", "-created_at"]
        verbose_name = _("DNA item")
        verbose_name_plural = _("DNA items")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:40]}"

    @property
    def contributor_label(self) -> str:
        if self.on_behalf_of:
            return self.on_behalf_of
        if self.author is not None and not self.author.is_erased:
            return self.author.public_name
        return str(_("a former participant"))


class DnaItemRevision(models.Model):
    """The history of an item: every version, with who made it and why."""

    item = models.ForeignKey(DnaItem, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=DnaKind.choices)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=DnaStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="unique_dna_revision")]

    def __str__(self):
        return f"{self.item_id} v{self.number}"
