"""Speed of raking a self-selected panel to population margins (panel/weighting.py), no database.

The synthetic panel of the research notes (docs/research/algorithm-anchors.md, section 4),
seeded with numpy.random.default_rng(0): age 5 bands (panel 8/20/24/30/18 %, target
14/26/24/22/14 %), sex 2 (56/44 vs 51/49), district 4 (35/15/25/25 vs 25 each), education 3
(15/35/50 vs 30/40/30); raked to the four margins with tolerance 1e-6, with the default trimming
(0.2..5 × the mean) and without. The notes measured 0.006 s and 4 sweeps for their own numpy IPF
at 20,000 respondents, deff 1.485 and n_eff 13,470.

Prints figures; asserts nothing. Target (issue 6): 20,000 respondents on 4 margins under 0.1 s.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from samenspel.panel.weighting import rake  # noqa: E402

DIMENSIONS = {
    "age": (
        ["16-24", "25-34", "35-49", "50-64", "65+"],
        [0.08, 0.20, 0.24, 0.30, 0.18],
        [0.14, 0.26, 0.24, 0.22, 0.14],
    ),
    "sex": (["woman", "man"], [0.56, 0.44], [0.51, 0.49]),
    "district": (["north", "east", "south", "west"], [0.35, 0.15, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]),
    "education": (["low", "middle", "high"], [0.15, 0.35, 0.50], [0.30, 0.40, 0.30]),
}


def panel(n: int, seed: int = 0) -> tuple[list[dict], dict]:
    rng = np.random.default_rng(seed)
    columns = {name: rng.choice(len(cats), size=n, p=panel_p) for name, (cats, panel_p, _t) in DIMENSIONS.items()}
    sample = [{name: DIMENSIONS[name][0][columns[name][i]] for name in DIMENSIONS} for i in range(n)]
    margins = {name: dict(zip(cats, target, strict=True)) for name, (cats, _p, target) in DIMENSIONS.items()}
    return sample, margins


def median_time(func, runs=5):
    samples = []
    result = None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = func()
        samples.append((time.perf_counter() - start, time.process_time() - cpu))
    samples.sort()
    return samples[len(samples) // 2], result


def main():
    print(f"Raking a panel to 4 margins (panel/weighting.py), numpy {np.__version__}, Python {sys.version.split()[0]}")
    print("Wall-clock time of the median of 5 runs, with its CPU time; target for 20,000: under 100 ms.")
    for n in (1_000, 20_000, 100_000):
        sample, margins = panel(n)
        for label, trim in (("trimmed 0.2..5", (0.2, 5.0)), ("untrimmed", None)):
            (wall, cpu), w = median_time(lambda s=sample, m=margins, t=trim: rake(s, m, trim=t, tol=1e-6))
            print(
                f"  {n:>7,} respondents, {label:<15} {wall * 1000:7.1f} ms (cpu {cpu * 1000:6.1f})"
                f"  sweeps {w.iterations:>2}  converged {w.converged!s:<5}  deff {w.design_effect:.3f}"
                f"  n_eff {w.effective_n:,.0f}  max margin error {w.max_error:.1e}"
            )


if __name__ == "__main__":
    main()
