"""RSS and Atom feeds of a wijk's ideas and decisions (open standards, no account needed)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from samenspel.core.text import plain_text
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place


def _place(municipality, place):
    return get_object_or_404(Place, municipality__slug=municipality, slug=place, kind__in=NEIGHBOURHOOD_KINDS)


class IdeasFeed(Feed):
    def get_object(self, request, municipality, place):
        return _place(municipality, place)

    def title(self, obj):
        return _("Ideas in %(place)s") % {"place": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("New ideas and resident initiatives in %(place)s.") % {"place": obj.name}

    def items(self, obj):
        return obj.ideas.filter(is_hidden=False).order_by("-created_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return plain_text(item.description)[:500]

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class DecisionsFeed(Feed):
    def get_object(self, request, municipality, place):
        return _place(municipality, place)

    def title(self, obj):
        return _("Decisions about %(place)s") % {"place": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("Decisions by the neighbourhood and the municipality about %(place)s.") % {"place": obj.name}

    def items(self, obj):
        return obj.decisions.order_by("-decided_on", "-pk")[:30]

    def item_title(self, item):
        return f"{item.title} ({item.get_outcome_display()})"

    def item_description(self, item):
        return plain_text(item.rationale)[:500]

    def item_pubdate(self, item):
        return item.created_at


class IdeasAtomFeed(IdeasFeed):
    feed_type = Atom1Feed
    subtitle = IdeasFeed.description


class DecisionsAtomFeed(DecisionsFeed):
    feed_type = Atom1Feed
    subtitle = DecisionsFeed.description
