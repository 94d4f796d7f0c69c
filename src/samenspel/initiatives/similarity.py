"""Which ideas look like this one? TF-IDF over word tokens and cosine similarity.

Pure: no database, no Django. Small on purpose: a few thousand short texts are compared in
milliseconds, and the result only suggests ("Is your idea one of these?"); it never blocks.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable

MIN_TOKEN_LENGTH = 3

# Common Dutch and English words that say nothing about what an idea is about.
_STOP_WORDS = """
    aan acht al alle alles als altijd andere bij daar dan dat de der deze die dit doch doen door dus een eens en
    er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je kan kon kunnen
    maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat ons onze ook op over reeds te tegen
    toch toen tot u uit uw van veel voor want waren was wat we wel werd wie wij wil worden wordt zal ze zelf zich zij
    zijn zo zonder zou graag willen zouden kunnen goed mooi leuk idee ideeen plan buurt wijk dorp gaan komen komt
    nieuw nieuwe extra
    the and for are but not you all any can had her was one our out has have his how its let may new now old see
    two way who did get him she too use that with this from they will would there their what about which when
    into than then them these some could other more also only like just want idea ideas
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lowercase, accents removed (ideeën → ideeen, café → cafe)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    return [
        word
        for word in _WORD.findall(normalise(text))
        if len(word) >= MIN_TOKEN_LENGTH and word not in STOP_WORDS and not word.isdigit()
    ]


def _vector(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    # Sublinear term frequency: a word said five times is not five times as telling.
    return {term: (1.0 + math.log(n)) * idf[term] for term, n in counts.items()}


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values()))


def similar(
    text: str,
    candidates: Iterable[tuple[Hashable, str]],
    limit: int = 5,
    threshold: float = 0.15,
) -> list[tuple[Hashable, float]]:
    """The candidates most like `text`, best first, as (key, cosine score) pairs with a score
    of at least `threshold`. Scores run from 0 (nothing in common) to 1 (the same words)."""
    query = Counter(tokens(text))
    if not query or limit <= 0:
        return []
    documents = [(key, Counter(tokens(body))) for key, body in candidates]
    # Document frequency over the candidates and the query itself, with smoothing, so a word
    # found in one candidate only still weighs more than a word found everywhere.
    df: Counter = Counter()
    for _key, counts in documents:
        df.update(counts.keys())
    df.update(query.keys())
    total = len(documents) + 1
    idf = {term: math.log((1 + total) / (1 + n)) + 1.0 for term, n in df.items()}

    q_vec = _vector(query, idf)
    q_norm = _norm(q_vec)
    scored = []
    for key, counts in documents:
        shared = q_vec.keys() & counts.keys()
        if not shared:
            continue
        d_vec = _vector(counts, idf)
        score = sum(q_vec[t] * d_vec[t] for t in shared) / (q_norm * _norm(d_vec))
        if score >= threshold:
            scored.append((key, round(score, 4)))
    scored.sort(key=lambda pair: pair[1], reverse=True)
    return scored[:limit]
