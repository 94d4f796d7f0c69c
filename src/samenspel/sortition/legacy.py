"""LEGACY: the greedy random selection that was common practice before LEXIMIN, for comparison only.

Pure module. Seat by seat: take the feature value that most urgently needs people (the largest ratio of
seats still needed for its minimum to people still available with it), seat a random available person
with that value, drop their housemates, and drop everyone with a value whose maximum is reached. A run
can end in a dead end (a minimum can no longer be reached); then it starts again, up to ``attempts``
times. It gives no guarantee about anyone's chance: the Nature paper (Flanigan et al. 2021) shows that
on real pools some people are almost never chosen. Selection probabilities are only known by running it
many times (``runs``).
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Mapping

from samenspel.sortition.leximin import Distribution
from samenspel.sortition.quotas import Infeasible, Quota, QuotaError, quota_keys, smallest_relaxation


def _rng(seed: str | int, attempt: int) -> random.Random:
    digest = hashlib.sha256(f"samenspel-legacy\n{seed}\n{attempt}".encode()).digest()
    return random.Random(int.from_bytes(digest, "big"))  # noqa: S311 - a reproducible lot, not a secret


def _one_run(ids, people, quotas, seats, households, rng: random.Random) -> list[str] | None:
    keys = [(q.feature, q.value) for q in quotas]
    low = {(q.feature, q.value): q.min for q in quotas}
    high = {(q.feature, q.value): q.max for q in quotas}
    features = list(quota_keys(quotas))
    available = set(ids)
    house_members: dict[str, list[str]] = {}
    if households:
        for pid in ids:
            key = households.get(pid)
            if key not in (None, ""):
                house_members.setdefault(key, []).append(pid)
    seated: list[str] = []
    held: Counter = Counter()
    for fv in keys:
        if high[fv] == 0:
            available -= {p for p in available if people[p][fv[0]] == fv[1]}
    while len(seated) < seats:
        remaining = Counter((f, people[p][f]) for p in available for f in features)
        best, best_ratio = None, None
        for fv in keys:
            if remaining[fv] == 0:
                if held[fv] < low[fv]:
                    return None  # dead end: this minimum can no longer be met
                continue
            ratio = (low[fv] - held[fv]) / remaining[fv]
            if best_ratio is None or ratio > best_ratio:
                best, best_ratio = fv, ratio
        if best is None:
            return None
        candidates = sorted(p for p in available if people[p][best[0]] == best[1])
        person = rng.choice(candidates)
        seated.append(person)
        available.discard(person)
        for f in features:
            held[(f, people[person][f])] += 1
        if households and households.get(person) not in (None, ""):
            available -= set(house_members[households[person]])
        for f in features:
            fv = (f, people[person][f])
            if held[fv] >= high[fv]:
                available -= {p for p in available if people[p][f] == fv[1]}
        if len(available) < seats - len(seated):
            return None
    if any(held[fv] < low[fv] for fv in keys):
        return None
    return sorted(seated)


def select_one(
    people: Mapping[str, Mapping[str, str]],
    quotas: list[Quota],
    seats: int,
    *,
    households: Mapping[str, str] | None = None,
    seed: str | int = 0,
    attempts: int = 100,
    first_attempt: int = 0,
) -> tuple[str, ...]:
    """One committee drawn by the legacy algorithm with a reproducible random stream from ``seed``."""
    ids = sorted(people)
    for q in quotas:
        if q.min < 0 or q.min > q.max:
            raise QuotaError(f"{q.feature} = {q.value}: the quota [{q.min}, {q.max}] is not a range.")
    for attempt in range(first_attempt, first_attempt + attempts):
        result = _one_run(ids, people, quotas, seats, households, _rng(seed, attempt))
        if result is not None:
            return tuple(result)
    relaxation = smallest_relaxation(people, quotas, seats, households)
    if relaxation:
        raise Infeasible(relaxation)
    raise Infeasible([], f"The legacy algorithm reached a dead end {attempts} times in a row.")


def find_distribution(
    people: Mapping[str, Mapping[str, str]],
    quotas: list[Quota],
    seats: int,
    *,
    households: Mapping[str, str] | None = None,
    algorithm: str = "legacy",
    progress: Callable[[float, str], None] | None = None,
    seed: str | int = 0,
    runs: int = 0,
) -> Distribution:
    """One committee (probability 1) drawn with ``seed``. Marginals: with ``runs`` > 0, the share of that
    many further runs (seeds derived from ``seed``) in which each person was chosen; else 1 for the
    members of the committee and 0 for everyone else."""
    report = progress or (lambda fraction, message: None)
    committee = select_one(people, quotas, seats, households=households, seed=seed)
    marginals = dict.fromkeys(sorted(people), 0.0)
    if runs > 0:
        for r in range(runs):
            for pid in select_one(people, quotas, seats, households=households, seed=f"{seed}/run/{r}"):
                marginals[pid] += 1 / runs
            if r % 20 == 0:
                report(r / runs, f"Estimating chances: run {r + 1} of {runs}")
    else:
        for pid in committee:
            marginals[pid] = 1.0
    report(1.0, "Done")
    return Distribution([committee], [1.0], marginals, "legacy", {"runs": runs})
