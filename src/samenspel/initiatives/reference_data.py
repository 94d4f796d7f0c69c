"""Reference data for ideas and initiatives, used to seed the database of every installation.

Pure data, standard library only. The phrases are Dutch because they are what initiators hear, quoted verbatim.

Source: spec ``docs/research/seeds-000-001-003.md`` §7.9, "Killers": what initiators hear (seed 001, lines 252-303,
under the heading "2. Initiatiefnemers voelen zich vaak tegengewerkt."). ``basis`` gives the 1-based line numbers in
seed 001. The category is the spec's [derived] category, mapped onto ``ObstacleCategory``:
FINANCIEEL → financial, REGELGEVING → regulation, POLITIEK and POLITIEK/BELEID → political, PRIORITEIT/CAPACITEIT →
priority, PROCEDUREEL → procedure, DOORVERWIJZING → referral, CONTINUITEIT → continuity.
"""

# (number, phrase verbatim, category, basis)
KILLER_PHRASES = [
    (1, "Past niet in de subsidiecriteria", "financial", "001:254-255"),
    (2, "Daar is geen budget voor gereserveerd", "financial", "001:257-258"),
    (3, "Mag niet volgens de wet", "regulation", "001:258"),
    (4, "De wethouder ziet het niet zitten", "political", "001:258-260"),
    (5, "Geen prioriteit", "priority", "001:262"),
    (6, "Sorry, daar is nu geen tijd voor", "priority", "001:262-263"),
    (7, "We hadden toch iets anders afgesproken?", "procedure", "001:265-266"),
    (8, "Regels zijn regels, daar kan ik niks aan doen", "regulation", "001:268-269"),
    (9, "Dan moet u bij een collega zijn", "referral", "001:271-272"),
    (10, "Probeer het eerst bij de provincie", "referral", "001:274-275"),
    (11, "De gemeenteraad is tegen", "political", "001:275"),
    (12, "Werk het eerst eens beter uit", "procedure", "001:275-277"),
    (13, "Kom over een jaar nog eens terug", "priority", "001:279-280"),
    (14, "Kan niet vlgs het bestemmingsplan", "regulation", "001:282-283"),
    (15, "Dan moet je bij een andere instantie zijn", "referral", "001:285-286"),
    (16, "Vul eerst maar eens het formulier in", "procedure", "001:288-289"),
    (17, "Het ligt op de stapel", "priority", "001:291"),
    (18, "Compliment, maar het regionaal beleid zit tegen", "political", "001:291-292"),
    (19, "Is de continuïteit wel gegarandeerd?", "continuity", "001:294-295"),
    (20, "Valt u onder Zorg of onder Welzijn of…?", "referral", "001:297-298"),
]
