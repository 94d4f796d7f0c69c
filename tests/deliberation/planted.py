"""Synthetic conversations with planted opinion groups (shared by the opinion-map tests)."""

import numpy as np


def planted(participants=300, statements=40, density=0.5, groups=3, consensus=5, seed=0, contested=True, sizes=None):
    """Votes (participant, statement, vote) and the planted group per participant.

    The first `consensus` statements are agreed by every group; with `contested`, every other
    statement is agreed by some groups and disagreed by others (never unanimous), so that the
    consensus statements are exactly the planted ones. A seen statement gets a pass with
    probability 15 %, otherwise the group's stance."""
    rng = np.random.default_rng(seed)
    if sizes is None:
        group = rng.integers(0, groups, size=participants)
    else:
        group = np.repeat(np.arange(len(sizes)), sizes)
        groups, participants = len(sizes), int(sum(sizes))
    stance = rng.choice([-1, 1], size=(groups, statements))
    if contested:
        for j in range(statements):
            while abs(stance[:, j].sum()) == groups:
                stance[:, j] = rng.choice([-1, 1], size=groups)
    stance[:, :consensus] = 1
    seen = rng.random((participants, statements)) < density
    vote = np.where(rng.random((participants, statements)) < 0.15, 0, stance[group])
    rows, cols = np.nonzero(seen)
    votes = [(f"p{r}", f"s{c}", int(vote[r, c])) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
    return votes, {f"p{i}": int(g) for i, g in enumerate(group)}, [f"s{j}" for j in range(consensus)]
