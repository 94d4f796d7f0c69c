"""Running the authorisation matrix: URL kwargs from the world, one request, and what came back
(allowed, refused, or neither) in the matrix's terms."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .world import Pattern, World

# Where a refused visitor is sent to log in: the site's login and the admin's.
LOGIN_PATHS = ("/account/login/", "/beheer/login/")


@dataclass
class Outcome:
    status: int
    location: str = ""

    @property
    def to_login(self) -> bool:
        return 300 <= self.status < 400 and urlsplit(self.location).path.startswith(LOGIN_PATHS)

    @property
    def allowed(self) -> bool:
        return 200 <= self.status < 400 and not self.to_login

    @property
    def refused(self) -> bool:
        return self.status in (401, 403, 404) or self.to_login

    @property
    def neutral(self) -> bool:
        """405: the page takes POST only, and says nothing on GET."""
        return self.status == 405

    def __str__(self):
        return f"{self.status}{' → ' + self.location if self.location else ''}"


def _admin_model(name: str):
    """admin:<app>_<model>_<view> → the model class, or None."""
    parts = name.split(":", 1)[1].split("_")
    for i in range(1, len(parts)):
        app_label, rest = "_".join(parts[:i]), parts[i:]
        for j in range(len(rest), 0, -1):
            try:
                return apps.get_model(app_label, "".join(rest[:j]))
            except LookupError:
                continue
    return None


# The API's path parameters, and the world object each names.
API_IDS = {
    "place_id": "place",
    "version_id": "version",
    "item_id": "agenda_item",
    "idea_id": "idea",
    "round_id": "round",
    "consultation_id": "consultation",
    "decision_id": "decision",
    "advice_id": "advice",
    "report_id": "report",
    "line_id": "line",
    "challenge_id": "challenge",
    "conversation_id": "conversation",
    "statement_id": "statement",
    "debate_id": "debate",
    "meeting_id": "meeting",  # a public one; the private one is 404 (tests/api/test_deliberation.py)
}


def _value(world: World, ref):
    if ref == "place":
        return world.place.pk
    obj = world.objects[ref] if isinstance(ref, str) else ref(world)
    return obj if isinstance(obj, (int, str)) else obj.pk


def fill_kwargs(pattern: Pattern, world: World, objects: dict[str, str]) -> dict:
    """The kwargs for `pattern`: the pattern's own table entry names the world object for
    each pk-like kwarg; the rest have one sensible value each."""
    values = {}
    for key in pattern.keys:
        if key in objects:
            values[key] = _value(world, objects[key])
        elif key in API_IDS:
            values[key] = _value(world, API_IDS[key])
        elif key == "municipality":
            values[key] = world.municipality.slug
        elif key == "place":
            values[key] = world.place.slug
        elif key == "fmt":
            values[key] = "csv"
        elif key == "part":
            values[key] = "agenda"
        elif key in ("key", "uidb36"):
            values[key] = "1-x" if key == "key" else "1"
        elif key == "app_label":
            values[key] = pattern.name.split(":", 1)[1].rsplit("_", 1)[0]
        elif key in ("object_id", "id"):
            model = _admin_model(pattern.name)
            if model is not None and model._meta.swapped:  # auth.User, replaced by accounts.User
                model = None
            first = model._default_manager.order_by("pk").first() if model is not None else None
            values[key] = str(first.pk) if first is not None else "1"
        elif key in ("content_type_id",):
            values[key] = 1
        elif key == "url":
            values[key] = "x/"
        else:
            raise KeyError(f"{pattern.name}: no value for the URL kwarg {key!r}; name it in the table")
    return values


def url_for(pattern: Pattern, world: World, objects: dict) -> str:
    kwargs = fill_kwargs(pattern, world, {k: v for k, v in objects.items() if not k.startswith("?")})
    query = "&".join(f"{k[1:]}={_value(world, v)}" for k, v in objects.items() if k.startswith("?"))
    try:
        return reverse(pattern.name, kwargs=kwargs) + (f"?{query}" if query else "")
    except NoReverseMatch:
        # Patterns without a name cannot be reversed; build their route by hand.
        route = "/" + pattern.route.lstrip("^").rstrip("$")
        for key, value in kwargs.items():
            route = route.replace(f"<int:{key}>", str(value)).replace(f"<slug:{key}>", str(value))
        return route


def outcome_of(response) -> Outcome:
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    return Outcome(response.status_code, location)


def login_path() -> str:
    return settings.LOGIN_URL
