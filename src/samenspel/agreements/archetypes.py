"""The three archetypes as inspiration (003:91-94, 003:132-176): presets for a conversation,
"not models cast in concrete". Plain language, translatable."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Archetype:
    level: int
    name: str
    summary: str
    who_decides: str
    demands: str
    accounts: str
    basis: str


ARCHETYPES = (
    Archetype(
        1,
        _("Advise & speak"),
        _("Residents give advice on what concerns the neighbourhood, and use the formal ways to have their say."),
        _(
            "The council keeps the say, through the municipal budget and the area programme. College and council "
            "weigh the advice."
        ),
        _("The lightest: it matters less on whose behalf people speak, or whether the whole neighbourhood was asked."),
        _("The municipality says what it did with the advice."),
        "003:135-150",
    ),
    Archetype(
        2,
        _("Drive & initiate"),
        _(
            "Residents take the lead: they put topics on the neighbourhood agenda, bring people together and start "
            "initiatives. The area team joins in and supports."
        ),
        _(
            "The neighbourhood sets the agenda; the area programme is made and carried out together. Formal decisions "
            "stay with college and council."
        ),
        _("Higher: more people must be able to take part, and it must be clear who speaks for whom."),
        _("The neighbourhood reports on how its agenda is going."),
        "003:153-166",
    ),
    Archetype(
        3,
        _("Allocate & decide"),
        _(
            "The neighbourhood or village decides on (parts of) its own agenda or on certain themes, often with its "
            "own budget. Never on matters beyond the neighbourhood."
        ),
        _("The neighbourhood, within the mandate agreed. The council decides on handing over that say."),
        _("The highest: the neighbourhood's democratic process and organisation must be strong."),
        _("The neighbourhood accounts for its decisions to the neighbourhood and to the municipality."),
        "003:167-176",
    ),
)
