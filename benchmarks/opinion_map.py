"""Speed of opinion maps (deliberation/opinion_map.py), no database.

Synthetic conversations as in the research notes (docs/research/algorithm-anchors.md, section 3):
3 planted opinion groups with random stances on each statement, 5 statements agreed by all; each
participant sees each statement with probability `density`; a seen statement gets a pass with
probability 15 %, otherwise agree or disagree by the group's stance. numpy default_rng(0).

Instances: 5,000 participants x 200 statements (density 0.2, about 200,000 votes; target < 0.5 s
with the same groups as red-dwarf, whose time is printed in the same run) and 50,000 x 1,000
(density 0.05, 50 votes per participant on average, about 2.5 million votes; target < 10 s).
`--no-oracle` skips red-dwarf.

Prints figures; asserts nothing.
"""

import argparse
import os
import sys
import time
from pathlib import Path

# single-threaded BLAS, as the research figures were taken (and fair to both sides)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from samenspel.deliberation.opinion_map import adjusted_rand_index, compute  # noqa: E402


def planted(participants: int, statements: int, density: float, seed: int = 0):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 3, size=participants)
    stance = rng.choice([-1, 1], size=(3, statements))
    stance[:, :5] = 1
    seen = rng.random((participants, statements)) < density
    vote = np.where(rng.random((participants, statements)) < 0.15, 0, stance[group])
    rows, cols = np.nonzero(seen)
    votes = list(zip(rows.astype(str).tolist(), cols.astype(str).tolist(), vote[rows, cols].tolist(), strict=True))
    return votes, {str(i): int(g) for i, g in enumerate(group)}


def timed(fn, repeat=3):
    samples, result = [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        samples.append((time.perf_counter() - start, time.process_time() - cpu))
    return sorted(samples)[len(samples) // 2], result


def line(what: str, seconds: tuple[float, float], extra: str = "") -> None:
    wall, cpu = seconds
    print(f"  {what:<58} {wall * 1000:9.1f} ms (cpu {cpu * 1000:8.1f})  {extra}")


def ari_with(result_groups: dict, truth: dict) -> float:
    common = [p for p in result_groups if p in truth]
    return adjusted_rand_index([result_groups[p] for p in common], [truth[p] for p in common])


def reddwarf(votes):
    try:
        from reddwarf.implementations.polis import run_pipeline
    except ImportError:
        print("  red-dwarf is not installed (pip install -e '.[dev]'): no comparison")
        return None, None
    rows = [{"participant_id": int(p), "statement_id": int(s), "vote": v, "modified": 0} for p, s, v in votes]
    start, cpu = time.perf_counter(), time.process_time()
    res = run_pipeline(votes=rows, min_user_vote_threshold=7, max_group_count=5, random_state=0)
    seconds = (time.perf_counter() - start, time.process_time() - cpu)
    df = res.participants_df
    groups = {str(p): int(g) for p, g in zip(df.index, df["cluster_id"], strict=True) if g == g and g is not None}
    return seconds, groups


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-oracle", action="store_true", help="skip the red-dwarf run")
    parser.add_argument("--no-large", action="store_true", help="skip the 50,000 x 1,000 instance")
    args = parser.parse_args()
    print(f"Opinion maps (opinion_map.py), numpy {np.__version__}, Python {sys.version.split()[0]}")
    print("Wall-clock time of the median of 3 runs (one run for the large instance), with its CPU time.")

    votes, truth = planted(5_000, 200, 0.2)
    print(f"\n5,000 participants x 200 statements, density 0.2: {len(votes):,} votes")
    seconds, result = timed(lambda: compute(votes))
    line(
        "compute(): matrix + PCA + clusters + statistics   [< 500 ms]",
        seconds,
        f"k={result.k}, ARI with planted groups {ari_with(result.groups, truth):.3f}",
    )
    again, recomputed = timed(lambda: compute(votes, previous=result.state))
    line("recomputation with the previous state", again, f"k={recomputed.k}")
    if not args.no_oracle:
        rd_seconds, rd_groups = reddwarf(votes)
        if rd_seconds is not None:
            line(
                "red-dwarf 0.4.0 run_pipeline (PCA, k-means)",
                rd_seconds,
                f"ARI with planted {ari_with(rd_groups, truth):.3f}, "
                f"with ours {ari_with(result.groups, rd_groups):.3f}",
            )
            print(f"  speed-up: {rd_seconds[0] / seconds[0]:.1f}x")

    if not args.no_large:
        votes, truth = planted(50_000, 1_000, 0.05, seed=1)
        print(f"\n50,000 participants x 1,000 statements, density 0.05: {len(votes):,} votes")
        seconds, result = timed(lambda: compute(votes), repeat=1)
        line(
            "compute()   [< 10 s]",
            seconds,
            f"k={result.k}, ARI with planted groups {ari_with(result.groups, truth):.3f}",
        )


if __name__ == "__main__":
    main()
