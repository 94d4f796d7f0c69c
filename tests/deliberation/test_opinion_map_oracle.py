"""Our opinion maps against red-dwarf 0.4.0 (a test-only oracle) on planted-group conversations."""

import pytest

from samenspel.deliberation.opinion_map import adjusted_rand_index, compute

from .planted import planted

run_pipeline = pytest.importorskip("reddwarf.implementations.polis").run_pipeline


def reddwarf(votes):
    ids = {}
    rows = []
    for p, s, v in votes:
        rows.append(
            {"participant_id": ids.setdefault(p, len(ids)), "statement_id": int(s[1:]), "vote": v, "modified": 0}
        )
    res = run_pipeline(votes=rows, min_user_vote_threshold=7, max_group_count=5, random_state=0)
    back = {i: p for p, i in ids.items()}
    df = res.participants_df
    groups = {back[int(i)]: int(g) for i, g in zip(df.index, df["cluster_id"], strict=True) if g is not None and g == g}
    return res, groups


@pytest.mark.parametrize(
    ("participants", "statements", "density", "groups", "seed"),
    [(500, 60, 0.4, 3, 1), (1000, 80, 0.3, 2, 1), (600, 60, 0.5, 3, 3), (2000, 100, 0.2, 3, 4)],
)
def test_same_groups_and_consensus_as_reddwarf(participants, statements, density, groups, seed):
    votes, truth, planted_consensus = planted(participants, statements, density, groups=groups, seed=seed)
    ours = compute(votes)
    res, theirs = reddwarf(votes)
    common = sorted(set(ours.groups) & set(theirs))
    assert len(common) == len(ours.groups) == len(theirs)  # the same people are clustered (>= 7 votes)
    assert ours.k == len(set(theirs.values())) == groups
    assert adjusted_rand_index([ours.groups[p] for p in common], [theirs[p] for p in common]) >= 0.9
    # consensus: red-dwarf's (overall, up to 5) and ours (group-informed) are the planted statements
    reddwarf_consensus = {f"s{s['tid']}" for s in res.consensus["agree"]}
    assert reddwarf_consensus == set(planted_consensus) == set(ours.consensus)
    # group-informed consensus values agree where the groups do
    if adjusted_rand_index([ours.groups[p] for p in common], [theirs[p] for p in common]) == 1.0:
        gac = res.group_aware_consensus["agree"]
        for s, value in ours.group_consensus.items():
            assert value == pytest.approx(gac[int(s[1:])], rel=1e-9)


@pytest.mark.parametrize(
    ("participants", "statements", "density", "groups", "seed"),
    [(500, 60, 0.4, 3, 0), (800, 50, 0.5, 4, 2)],
)
def test_closer_to_the_planted_groups_where_reddwarf_misses(participants, statements, density, groups, seed):
    """On these two red-dwarf finds 5 and 3 groups (ARI 0.77 and 0.71 with the planted ones)."""
    votes, truth, planted_consensus = planted(participants, statements, density, groups=groups, seed=seed)
    ours = compute(votes)
    _, theirs = reddwarf(votes)
    common = sorted(set(ours.groups) & set(theirs))
    ours_ari = adjusted_rand_index([ours.groups[p] for p in common], [truth[p] for p in common])
    theirs_ari = adjusted_rand_index([theirs[p] for p in common], [truth[p] for p in common])
    assert ours.k == groups
    assert ours_ari >= 0.99 > theirs_ari
    assert set(ours.consensus) == set(planted_consensus)
