import json

import numpy as np
import pytest

from samenspel.deliberation.opinion_map import (
    PRIVACY_FLOOR,
    MapState,
    OpinionMap,
    adjusted_rand_index,
    compute,
)

from .planted import planted


def ari(result, truth):
    common = sorted(result.groups)
    return adjusted_rand_index([result.groups[p] for p in common], [truth[p] for p in common])


@pytest.fixture(scope="module")
def conversation():
    votes, truth, consensus = planted()
    return votes, truth, consensus, compute(votes)


def test_finds_the_planted_groups(conversation):
    votes, truth, _, result = conversation
    assert result.k == 3
    assert ari(result, truth) >= 0.95
    assert sum(result.group_sizes.values()) == len(result.groups)
    assert set(result.group_sizes) == {0, 1, 2}
    assert -1 <= result.silhouette <= 1 and result.silhouette > 0.3


def test_consensus_is_the_planted_consensus(conversation):
    _, _, consensus, result = conversation
    assert set(result.consensus) == set(consensus)
    gac = [result.group_consensus[s] for s in result.consensus]
    assert gac == sorted(gac, reverse=True)


def test_divisive_statements_split_majorities(conversation):
    _, _, consensus, result = conversation
    assert result.divisive
    assert not set(result.divisive) & set(consensus)
    for s in result.divisive[:5]:
        groups = result.statement_stats[s]["groups"].values()
        assert any(g["agree"] > g["n"] / 2 for g in groups)
        assert any(g["disagree"] > g["n"] / 2 for g in groups)


def test_repness_per_group(conversation):
    votes, truth, _, result = conversation
    for g, rows in result.repness.items():
        assert 1 <= len(rows) <= 5
        directions = [r["direction"] for r in rows]
        assert directions == sorted(directions)  # agrees before disagrees
        for r in rows:
            stats = result.statement_stats[r["statement"]]["groups"][g]
            assert r["agree"] == stats["agree"] and r["disagree"] == stats["disagree"] and r["n"] == stats["n"]
            assert r["pass"] == stats["pass"]
            share = (r["agree"] if r["direction"] == "agree" else r["disagree"]) / r["n"]
            assert share > 0.5
            assert r["repness"] > 1


def test_statement_stats_count_votes(conversation):
    votes, _, _, result = conversation
    s0 = [v for p, s, v in votes if s == "s7"]
    stats = result.statement_stats["s7"]
    assert stats["n"] == len(s0)
    assert (stats["agree"], stats["disagree"], stats["pass"]) == (s0.count(1), s0.count(-1), s0.count(0))
    assert sum(g["n"] for g in stats["groups"].values()) <= stats["n"]


def test_participants_with_few_votes_are_projected_but_not_grouped():
    votes, truth, _ = planted()
    votes = [*votes, ("newcomer", "s1", 1), ("newcomer", "s2", -1)]
    result = compute(votes)
    assert "newcomer" in result.coords
    assert "newcomer" not in result.groups
    assert set(result.coords) == {p for p, _, _ in votes}


def test_deterministic_and_serialisable(conversation):
    votes, _, _, result = conversation
    again = compute(votes)
    assert again.groups == result.groups and again.coords == result.coords and again.repness == result.repness
    data = json.loads(json.dumps(result.to_dict()))
    back = OpinionMap.from_dict(data)
    assert back.groups == result.groups
    assert back.repness == result.repness
    assert back.statement_stats == result.statement_stats
    assert back.state.group_clusterings.keys() == result.state.group_clusterings.keys()
    assert MapState.from_dict(result.state.to_dict()) == result.state


def test_recomputation_keeps_axes_and_groups(conversation):
    votes, truth, _, first = conversation
    more, _, _ = planted(seed=0, participants=300, statements=40, density=0.6)
    have = {(p, s) for p, s, _ in votes}
    added = [v for v in more if (v[0], v[1]) not in have][:400]
    result = compute(votes + added, previous=first.state)
    old = np.asarray(first.state.components)
    new = np.asarray(result.state.components)
    assert old[0] @ new[0] > 0.9 and old[1] @ new[1] > 0.9
    # same groups under the same numbers
    common = sorted(set(first.groups) & set(result.groups))
    same = sum(first.groups[p] == result.groups[p] for p in common)
    assert same / len(common) >= 0.95
    assert result.state.recomputations == 2


def test_axes_follow_the_previous_signs(conversation):
    votes, _, _, first = conversation
    flipped = MapState.from_dict(first.state.to_dict())
    flipped.components = [[-x for x in flipped.components[0]], flipped.components[1]]
    result = compute(votes, previous=flipped)
    assert np.allclose(result.state.components[0], flipped.components[0])
    for p in first.coords:
        assert result.coords[p][0] == pytest.approx(-first.coords[p][0])
        assert result.coords[p][1] == pytest.approx(first.coords[p][1])


def test_k_smoothing_waits_for_a_new_k(conversation):
    votes, _, _, first = conversation
    assert first.state.last_k == 3
    state = MapState.from_dict(first.state.to_dict())
    state.smoothed_k, state.last_k, state.last_k_count = 2, 2, 5
    seen = []
    for _ in range(4):
        result = compute(votes, previous=state)
        seen.append(result.k)
        state = result.state
    assert seen == [2, 2, 2, 3]  # three is best from the first recomputation, adopted at the fourth


def test_minimum_group_size():
    votes, truth, _ = planted(sizes=[60, 60, 4], statements=30, density=0.7, seed=3)
    small = compute(votes, min_group_size=1)
    assert min(small.group_sizes.values()) < 5
    result = compute(votes, min_group_size=5)
    assert min(result.group_sizes.values()) >= 5
    assert PRIVACY_FLOOR == 5


def test_too_few_people_for_groups_gives_one_group():
    votes, _, _ = planted(participants=8, statements=12, density=1.0)
    result = compute(votes)
    assert result.k == 1 and set(result.groups.values()) == {0}


def test_weights_enter_means():
    votes, truth, _ = planted(participants=120, statements=20, density=0.8, seed=4)
    weights = {p: (3.0 if g == 0 else 1.0) for p, g in truth.items()}
    result = compute(votes, weights=weights)
    j = result.state.statement_ids.index("s9")
    on = [(weights[p], v) for p, s, v in votes if s == "s9"]
    expected = sum(w * v for w, v in on) / sum(w for w, _ in on)
    assert result.state.center[j] == pytest.approx(expected)
    unweighted = compute(votes)
    assert unweighted.state.center[j] == pytest.approx(np.mean([v for _, v in on]))
    assert ari(result, truth) >= 0.9
    with pytest.raises(ValueError):
        compute(votes, weights={"p0": -1.0})


def test_later_vote_replaces_earlier():
    votes, _, _ = planted(participants=60, statements=15, density=1.0, seed=5)
    result = compute([*votes, ("p0", "s6", 1), ("p0", "s6", -1)])
    assert result.statement_stats["s6"]["n"] == 60


def test_moderated_statements_count_but_are_not_shown(conversation):
    votes, _, consensus, _ = conversation
    result = compute(votes, mod_out={consensus[0], "s20"})
    assert consensus[0] not in result.consensus and "s20" not in result.divisive
    assert all(r["statement"] not in {consensus[0], "s20"} for rows in result.repness.values() for r in rows)
    assert result.statement_stats["s20"]["n"] == sum(1 for _, s, _ in votes if s == "s20")


def test_bad_votes_and_empty_input():
    with pytest.raises(ValueError, match="vote must be"):
        compute([("a", "s", 2)])
    empty = compute([])
    assert empty.k == 0 and empty.groups == {} and empty.consensus == []


def test_adjusted_rand_index():
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) < 0
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 1]) == pytest.approx(0.3243243243)


def test_tiny_conversations_do_not_break():
    assert compute([("a", "s1", 1)]).k == 1
    result = compute([("a", "s1", 1), ("a", "s2", -1), ("b", "s1", 0)])
    assert result.groups == {"a": 0} and "b" in result.coords
    assert result.statement_stats["s1"] == {
        "agree": 1,
        "disagree": 0,
        "pass": 1,
        "n": 2,
        "groups": {0: {"agree": 1, "disagree": 0, "pass": 0, "n": 1}},
    }


def test_many_statements_use_the_sparse_pca_with_the_same_axes():
    votes, truth, _ = planted(participants=150, statements=450, density=0.3, seed=6)
    result = compute(votes)
    ids = {s: j for j, s in enumerate(result.state.statement_ids)}
    people = sorted({p for p, _, _ in votes})
    rows = {p: i for i, p in enumerate(people)}
    matrix = np.full((len(people), len(ids)), np.nan)
    for p, s, v in votes:
        matrix[rows[p], ids[s]] = v
    x = np.where(np.isnan(matrix), 0.0, matrix - np.nanmean(matrix, axis=0))
    _, vectors = np.linalg.eigh(x.T @ x)
    for i in range(2):
        assert abs(vectors[:, -1 - i] @ np.asarray(result.state.components[i])) == pytest.approx(1.0, abs=1e-6)
    assert ari(result, truth) >= 0.95
