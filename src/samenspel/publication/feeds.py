"""RSS and Atom feeds of everything published, most recently changed first, for people and for
a Woo-index harvester. The same filters as the index apply (`soort`, `plaats`, `van`, `tot`),
plus `gewijzigd_sinds`."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import Publication
from .views import _filtered, _parse_moment

FEED_SIZE = 50


class PublicationsFeed(Feed):
    def get_object(self, request, *args, **kwargs):
        # The request itself: the filters come from its query string. (A Feed instance is
        # shared between requests, so nothing may be kept on self.)
        return request

    def title(self):
        return _("Publications under the Open Government Act")

    def link(self):
        return reverse("publication:index")

    def description(self):
        return _(
            "Agreements, advice, decisions, accountability reports, right to challenge agreements and budget round "
            "results, as published."
        )

    def items(self, request):
        _form, queryset = _filtered(request)
        since = _parse_moment(request.GET.get("gewijzigd_sinds", "").strip() or "-")
        if since is not None:
            queryset = queryset.filter(modified_at__gt=since)
        return list(queryset.order_by("-modified_at", "-pk")[:FEED_SIZE])

    def item_title(self, item: Publication):
        title = item.display_title
        if item.is_withdrawn:
            return _("%(title)s (withdrawn)") % {"title": title}
        return str(title)

    def item_description(self, item: Publication):
        return item.summary

    def item_link(self, item: Publication):
        return item.get_absolute_url()

    def item_pubdate(self, item: Publication):
        return item.published_at

    def item_updateddate(self, item: Publication):
        return item.modified_at

    def item_categories(self, item: Publication):
        return [item.get_kind_display(), *(item.categories or [])]


class PublicationsAtomFeed(PublicationsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
