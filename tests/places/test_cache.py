"""The overview of a municipality's neighbourhoods (outlines, density, inhabitants) is cached;
a CBS import makes it out of date, so the pages show the new figures at once."""

import pytest
from django.core.cache import cache
from django.utils import translation

from samenspel.places import services
from samenspel.places.cbs_import import import_cbs
from samenspel.places.models import IndicatorValue, Place

pytestmark = pytest.mark.django_db

CSV = "groningen_regions_2024.csv"
OUTLINES = ["groningen_wijken_2024.geojson", "groningen_gemeente_2024.geojson"]
OOSTERPARK = "WK001404,wijk,Oosterparkwijk,GM0014,12970,"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def load(cbs_dir, regions, capture):
    with capture(execute=True):
        import_cbs(regions, [cbs_dir / name for name in OUTLINES], year=2024)


def test_overview_is_read_once(cbs_dir, django_capture_on_commit_callbacks, django_assert_num_queries):
    load(cbs_dir, cbs_dir / CSV, django_capture_on_commit_callbacks)
    groningen = Place.objects.get(cbs_code="GM0014")
    first = services.neighbourhood_overview(groningen)
    with django_assert_num_queries(0):
        second = services.neighbourhood_overview(groningen)
    assert [p.pk for p in second.neighbourhoods] == [p.pk for p in first.neighbourhoods]
    assert len(second.neighbourhoods) > 1 and second.map.paths and second.density


def test_import_shows_new_figures_at_once(cbs_dir, tmp_path, client, django_capture_on_commit_callbacks):
    load(cbs_dir, cbs_dir / CSV, django_capture_on_commit_callbacks)
    with translation.override("nl"):
        page = client.get("/plaatsen/groningen/").content.decode()
    assert "12.970" in page
    changed = tmp_path / CSV
    changed.write_text((cbs_dir / CSV).read_text().replace(OOSTERPARK, OOSTERPARK.replace("12970", "13579")))
    load(cbs_dir, changed, django_capture_on_commit_callbacks)
    page = client.get("/plaatsen/groningen/").content.decode()
    assert "13.579" in page and "12.970" not in page


def test_changes_outside_the_services_wait_for_a_new_version(cbs_dir, django_capture_on_commit_callbacks):
    load(cbs_dir, cbs_dir / CSV, django_capture_on_commit_callbacks)
    groningen = Place.objects.get(cbs_code="GM0014")
    oosterpark = Place.objects.get(cbs_code="WK001404")
    old = services.neighbourhood_overview(groningen).density[oosterpark.pk]
    IndicatorValue.objects.filter(place=oosterpark, indicator="population_density_per_km2").update(value=1)
    assert services.neighbourhood_overview(groningen).density[oosterpark.pk] == old
    services.places_changed()
    assert services.neighbourhood_overview(groningen).density[oosterpark.pk] == 1


def test_wijk_page_fragments_follow_the_version(cbs_dir, client, django_capture_on_commit_callbacks):
    """The density chart and the map of a wijk page are cached HTML: a change outside the
    services waits for a new version, and then shows at once."""
    load(cbs_dir, cbs_dir / CSV, django_capture_on_commit_callbacks)
    oosterpark = Place.objects.get(cbs_code="WK001404")
    neighbour = Place.objects.filter(municipality=oosterpark.municipality, kind=oosterpark.kind).exclude(
        pk=oosterpark.pk
    )[0]
    url = oosterpark.get_absolute_url()
    first = client.get(url).content.decode()
    assert 'id="chart-density-title"' in first and 'class="map"' in first
    IndicatorValue.objects.filter(place=neighbour, indicator="population_density_per_km2").update(value=98765)
    assert "98.765" not in client.get(url).content.decode()  # still the cached fragment
    services.places_changed()
    assert "98.765" in client.get(url).content.decode()
