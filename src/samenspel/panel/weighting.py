"""Weighting a self-selected panel to known population shares: raking (iterative proportional
fitting, Deming–Stephan 1940) of unit weights to one-dimensional margins, with trimming of
extreme weights followed by re-raking, and the Kish design effect. Pure numpy: plain data in,
plain data out; no Django.

`rake(sample, margins)`:

- `sample` is one dict per respondent, {dimension: category}. A dimension that is absent, None
  or "" for a respondent is *missing* (they said "prefer not to say"). A category that is not in
  that dimension's margins (say "other" when the population figures only know men and women)
  counts as missing too. A respondent missing on a dimension keeps their weight on that
  dimension (a factor of 1); the respondents who did answer it are raked so that *their*
  weighted shares match the margins. The counts are reported in `Weights.missing`.
- `margins` is {dimension: {category: share}}; shares need not add up to 1 (counts work too:
  they are normalised). A margin category that no respondent falls in cannot be repaired by
  weighting: it is reported in `Weights.empty`, and the other categories of that dimension are
  raked to their shares among the categories that are present (renormalised).
- `trim=(low, high)` keeps every weight between low × and high × the mean weight (default 0.2
  and 5); None switches trimming off. Trimming and raking alternate until both hold, or
  `max_iter` sweeps are done; the margins may then be missed a little (`max_error`) and
  `converged` is False.

Weights come back normalised to mean 1, with the design effect deff = n·Σw²/(Σw)² and the
effective sample size n/deff (Kish 1965). Source: algorithm-anchors.md §4; checked against a
plain-Python IPF in tests/panel/test_weighting.py."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

DEFAULT_TRIM = (0.2, 5.0)
_BOUND_SLACK = 1e-9


@dataclass(frozen=True)
class Weights:
    weights: np.ndarray  # one per respondent, in the order of `sample`, mean 1
    converged: bool
    iterations: int
    design_effect: float
    effective_n: float
    max_error: float  # largest difference between a weighted share and its target share
    empty: dict = field(default_factory=dict)  # {dimension: [categories nobody in the sample is in]}
    missing: dict = field(default_factory=dict)  # {dimension: respondents without a usable category}

    @property
    def n(self) -> int:
        return len(self.weights)


def kish(weights) -> tuple[float, float]:
    """(design effect, effective sample size) of a set of weights."""
    w = np.asarray(weights, dtype=float)
    n = len(w)
    total = w.sum()
    if n == 0 or total <= 0:
        return 1.0, 0.0
    deff = float(n * np.dot(w, w) / (total * total))
    return deff, float(n / deff)


@dataclass
class _Dimension:
    name: str
    categories: list
    codes: np.ndarray  # per respondent: index into categories, or -1 when missing
    target: np.ndarray  # shares of the categories present in the sample, summing to 1
    known: np.ndarray  # boolean mask of respondents with a category
    empty: list


def _encode(sample: Sequence[Mapping], name: str, shares: Mapping) -> _Dimension:
    categories = [c for c, s in shares.items() if float(s) > 0]
    index = {c: i for i, c in enumerate(categories)}
    codes = np.fromiter((index.get(row.get(name), -1) for row in sample), dtype=np.int64, count=len(sample))
    known = codes >= 0
    present = np.bincount(codes[known], minlength=len(categories)) > 0
    raw = np.array([float(shares[c]) for c in categories], dtype=float)
    target = np.where(present, raw, 0.0)
    total = target.sum()
    if total > 0:
        target = target / total
    empty = [c for c, p in zip(categories, present, strict=True) if not p]
    return _Dimension(name, categories, codes, target, known, empty)


def _margin_error(w: np.ndarray, dim: _Dimension) -> float:
    if not dim.known.any():
        return 0.0
    sums = np.bincount(dim.codes[dim.known], weights=w[dim.known], minlength=len(dim.categories))
    total = sums.sum()
    if total <= 0:
        return 0.0
    return float(np.abs(sums / total - dim.target).max())


def _trim(w: np.ndarray, low: float, high: float) -> np.ndarray:
    """Clip to [low, high] × the mean and renormalise until the bounds hold at mean 1."""
    for _ in range(100):
        w = w / w.mean()
        if w.min() >= low - _BOUND_SLACK and w.max() <= high + _BOUND_SLACK:
            break
        w = np.clip(w, low, high)
    return w


def rake(
    sample: Sequence[Mapping],
    margins: Mapping[str, Mapping],
    *,
    trim: tuple[float, float] | None = DEFAULT_TRIM,
    max_iter: int = 100,
    tol: float = 1e-6,
) -> Weights:
    n = len(sample)
    if trim is not None:
        low, high = float(trim[0]), float(trim[1])
        if not 0 <= low <= 1 <= high:
            raise ValueError("trim must be (low, high) with 0 <= low <= 1 <= high")
    if n == 0:
        return Weights(np.zeros(0), True, 0, 1.0, 0.0, 0.0, {}, {})
    dims = [_encode(sample, name, shares) for name, shares in margins.items() if shares]
    empty = {d.name: d.empty for d in dims if d.empty}
    missing = {d.name: int((~d.known).sum()) for d in dims if not d.known.all()}
    dims = [d for d in dims if d.known.any()]

    w = np.ones(n, dtype=float)
    converged = not dims
    iterations = 0
    error = 0.0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        for d in dims:
            codes = d.codes[d.known]
            sums = np.bincount(codes, weights=w[d.known], minlength=len(d.categories))
            total = sums.sum()
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(sums > 0, d.target * total / sums, 1.0)
            w[d.known] *= factor[codes]
        w = w / w.mean()
        if trim is not None:
            w = _trim(w, low, high)
        error = max((_margin_error(w, d) for d in dims), default=0.0)
        if error < tol:
            converged = True
            break
    w = w / w.mean()
    deff, n_eff = kish(w)
    return Weights(w, converged, iterations if dims else 0, deff, n_eff, error, empty, missing)


def weighted_shares(weights, values: Sequence, categories: Sequence) -> list[float]:
    """Weighted share of each category among the respondents with a value in `categories`."""
    w = np.asarray(weights, dtype=float)
    index = {c: i for i, c in enumerate(categories)}
    sums = np.zeros(len(categories))
    for weight, value in zip(w, values, strict=True):
        i = index.get(value)
        if i is not None:
            sums[i] += weight
    total = sums.sum()
    return list(sums / total) if total > 0 else [0.0] * len(categories)
