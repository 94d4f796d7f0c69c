"""Opinion maps in the manner of Polis: who thinks alike, what they share, what divides them.

A pure numpy module (no Django). It follows the Polis math (compdemocracy/polis,
math/src/polismath/math/*.clj, read for its method, not copied), see docs/decisions/0009:

1. Vote matrix participants x statements, agree +1, disagree -1, pass 0, unseen missing.
   Statements that moderation removed ("mod-out") become 0 for everyone, as in Polis.
2. Missing votes imputed with the statement mean; PCA to 2 components (exact eigenvectors of the
   covariance, which is what Polis' 100 power iterations converge to); every participant is
   projected from their own votes only and scaled by sqrt(statements / votes), so that people who
   voted on few statements are not pulled to the centre.
3. Participants with at least `min_votes` votes (once in, always in) are clustered: first k-means
   into up to 100 *base clusters* (on a recomputation started from the previous base clusters,
   split at their most distant points, as Polis does; on a first map started k-means++ style,
   `base_restarts` times, with the silhouettes averaged over the runs, because one random start
   decides k on close calls); then k-means on the base cluster centres (weighted by size) for
   every k in 2..min(max_k, 2 + bases / 12), from the previous clustering for that k and from
   `restarts` k-means++ starts (lowest weighted inertia wins; the previous one is kept unless
   beaten by more than `keep_margin`); k chosen by silhouette on the base-cluster centres, with
   *k-smoothing*: a new best k is only adopted after it has been best `k_buffer` times in a row.
4. A minimum group size (not in Polis): a k whose smallest group is below `min_group_size` is not
   used.
5. Per group and statement: Laplace-smoothed agree/disagree probabilities; group-informed
   consensus = product over groups of P(agree | group); representative statements (Polis
   "repness": in-group versus out-group probability ratio with a two-proportion z-test at 90 %).
6. Axes are kept stable between recomputations (the new components are matched to the previous
   ones, swapped and sign-flipped where needed); optional participant weights (panel weights) enter
   the statement means, the PCA, the cluster centres and the group statistics.

Deterministic: the same votes in the same order, state and seed give the same map.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import numpy as np

PRIVACY_FLOOR = 5  # the page shows no group statistics for groups smaller than this
Z_90 = 1.2816  # one-sided 90 % significance, as in Polis
BASE_K = 100
BASE_ITERS = 100
GROUP_ITERS = 20
K_BUFFER = 4
REPNESS_PICK = 5
SAME_CLUSTERING = 0.01
SILHOUETTE_SAMPLE = 5000


# --------------------------------------------------------------------------------------------
# Results and state


@dataclass
class MapState:
    """What is kept between recomputations (JSON-serialisable through `to_dict`)."""

    statement_ids: list[str] = field(default_factory=list)
    center: list[float] = field(default_factory=list)
    components: list[list[float]] = field(default_factory=list)
    in_map: list[str] = field(default_factory=list)
    # [{"id": int, "members": [participant id], "center": [x, y]}]
    base_clusters: list[dict] = field(default_factory=list)
    # {k: [{"id": int, "members": [base cluster id], "center": [x, y]}]}
    group_clusterings: dict[int, list[dict]] = field(default_factory=dict)
    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None
    silhouettes: dict[int, float] = field(default_factory=dict)
    recomputations: int = 0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["group_clusterings"] = {str(k): v for k, v in self.group_clusterings.items()}
        data["silhouettes"] = {str(k): v for k, v in self.silhouettes.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict) -> MapState:
        data = dict(data)
        data["group_clusterings"] = {int(k): v for k, v in (data.get("group_clusterings") or {}).items()}
        data["silhouettes"] = {int(k): float(v) for k, v in (data.get("silhouettes") or {}).items()}
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class OpinionMap:
    groups: dict[str, int]
    coords: dict[str, tuple[float, float]]
    consensus: list[str]
    divisive: list[str]
    repness: dict[int, list[dict]]
    group_sizes: dict[int, int]
    statement_stats: dict[str, dict]
    k: int
    silhouette: float
    state: MapState
    # group-informed consensus per statement (product over groups of P(agree | group))
    group_consensus: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "groups": dict(self.groups),
            "coords": {p: [float(x), float(y)] for p, (x, y) in self.coords.items()},
            "consensus": list(self.consensus),
            "divisive": list(self.divisive),
            "repness": {str(g): [dict(r) for r in rows] for g, rows in self.repness.items()},
            "group_sizes": {str(g): n for g, n in self.group_sizes.items()},
            "statement_stats": {
                s: {**st, "groups": {str(g): dict(v) for g, v in st["groups"].items()}}
                for s, st in self.statement_stats.items()
            },
            "k": self.k,
            "silhouette": self.silhouette,
            "state": self.state.to_dict(),
            "group_consensus": dict(self.group_consensus),
        }

    @classmethod
    def from_dict(cls, data: dict) -> OpinionMap:
        return cls(
            groups={p: int(g) for p, g in data["groups"].items()},
            coords={p: (float(c[0]), float(c[1])) for p, c in data["coords"].items()},
            consensus=list(data["consensus"]),
            divisive=list(data["divisive"]),
            repness={int(g): [dict(r) for r in rows] for g, rows in data["repness"].items()},
            group_sizes={int(g): int(n) for g, n in data["group_sizes"].items()},
            statement_stats={
                s: {**st, "groups": {int(g): dict(v) for g, v in st["groups"].items()}}
                for s, st in data["statement_stats"].items()
            },
            k=int(data["k"]),
            silhouette=float(data["silhouette"]),
            state=MapState.from_dict(data["state"]),
            group_consensus={s: float(v) for s, v in data.get("group_consensus", {}).items()},
        )


# --------------------------------------------------------------------------------------------
# Vote matrix


@dataclass
class _Matrix:
    """The vote matrix in sparse form: one entry per (participant, statement) that was voted on."""

    participants: list[str]
    statements: list[str]
    rows: np.ndarray  # participant index per entry
    cols: np.ndarray  # statement index per entry
    vals: np.ndarray  # vote per entry (+1, -1, 0)
    raw_counts: np.ndarray  # votes per participant (moderated-out statements included)
    removed: np.ndarray  # bool per statement: moderated out

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)


def _matrix(votes: Iterable[tuple[str, str, int]], mod_out: set[str]) -> _Matrix:
    votes = votes if isinstance(votes, list) else list(votes)
    ps, ss, vs = zip(*votes, strict=True) if votes else ((), (), ())
    vals = np.asarray(vs)
    if vals.size and (vals.dtype.kind not in "iufb" or not np.isin(vals, (-1, 0, 1)).all()):
        bad = 0 if vals.dtype.kind not in "iufb" else int(np.flatnonzero(~np.isin(vals, (-1, 0, 1)))[0])
        raise ValueError(f"vote must be -1, 0 or 1, not {vs[bad]!r}")
    p_index = {p: i for i, p in enumerate(dict.fromkeys(ps))}
    s_index = {s: i for i, s in enumerate(dict.fromkeys(ss))}
    rows = np.fromiter(map(p_index.__getitem__, ps), dtype=np.int64, count=len(ps))
    cols = np.fromiter(map(s_index.__getitem__, ss), dtype=np.int64, count=len(ss))
    n_p, n_s = len(p_index), len(s_index)
    if len(rows):
        # a later vote replaces an earlier one: keep the last entry per (participant, statement)
        key = rows * n_s + cols
        _, last = np.unique(key[::-1], return_index=True)
        keep = np.sort(len(key) - 1 - last)
        rows, cols, vals = rows[keep], cols[keep], vals[keep].astype(float)
    else:
        vals = vals.astype(float)
    statements = [str(s) for s in s_index]
    removed = np.array([s in mod_out for s in statements], dtype=bool)
    raw_counts = np.bincount(rows, minlength=n_p)
    return _Matrix([str(p) for p in p_index], statements, rows, cols, vals, raw_counts, removed)


# --------------------------------------------------------------------------------------------
# PCA


def _pca(mat: _Matrix, w: np.ndarray, start: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Centre (weighted statement means) and the first two principal components (2 x n) of the
    mean-imputed matrix. Imputing the mean and centring leaves 0 where a vote is missing, so the
    centred matrix X is as sparse as the votes; moderated-out statements are 0 for everyone."""
    n_p, n_s = mat.shape
    use = ~mat.removed[mat.cols]
    rows, cols, vals = mat.rows[use], mat.cols[use], mat.vals[use]
    wsum = np.bincount(cols, weights=w[rows], minlength=n_s)
    total = np.bincount(cols, weights=w[rows] * vals, minlength=n_s)
    center = np.divide(total, wsum, out=np.zeros(n_s), where=wsum > 0)
    x = (vals - center[cols]) * np.sqrt(w[rows] / w.mean())
    comps = np.zeros((2, n_s))
    n_comp = min(2, n_p, n_s)
    if n_comp == 0 or not len(x):
        return center, comps
    if n_s <= 400:
        dense = np.zeros((n_p, n_s))
        dense[rows, cols] = x
        _, evecs = np.linalg.eigh(dense.T @ dense)
        top = evecs[:, ::-1][:, :n_comp].T
    else:
        top = _subspace_top(rows, cols, x, n_p, n_s, n_comp, start)
    comps[:n_comp] = top
    # a canonical sign (largest loading positive); `_align` then follows the previous map
    for i in range(n_comp):
        j = int(np.argmax(np.abs(comps[i])))
        if comps[i, j] < 0:
            comps[i] = -comps[i]
    return center, comps


def _subspace_top(rows, cols, x, n_p, n_s, n_comp, start, block=8, tol=1e-10, max_iters=500) -> np.ndarray:
    """Top eigenvectors of X^T X for a sparse X (entries rows, cols, x) by block subspace
    iteration with Rayleigh-Ritz, started from the previous components where known."""
    rng = np.random.default_rng(0)
    block = min(block, n_s)
    q = rng.standard_normal((n_s, block))
    if start is not None and start.shape == (2, n_s) and np.abs(start).sum() > 0:
        q[:, :2] = start.T
    q, _ = np.linalg.qr(q)
    order = np.argsort(rows, kind="stable")
    rows_s, cols_s, x_s = rows[order], cols[order], x[order]
    prev = None
    for _ in range(max_iters):
        xq = np.zeros((n_p, block))
        for c in range(block):
            xq[:, c] = np.bincount(rows_s, weights=x_s * q[cols_s, c], minlength=n_p)
        cq = np.zeros((n_s, block))
        for c in range(block):
            cq[:, c] = np.bincount(cols_s, weights=x_s * xq[rows_s, c], minlength=n_s)
        small = q.T @ cq
        evals, evecs = np.linalg.eigh((small + small.T) / 2)
        ritz = q @ evecs[:, ::-1]
        top = ritz[:, :n_comp]
        if prev is not None and np.all(np.abs(np.abs((prev * top).sum(axis=0)) - 1) < tol):
            break
        prev = top
        q, _ = np.linalg.qr(cq @ evecs[:, ::-1])
    return top.T


def _align(comps: np.ndarray, statements: list[str], previous: MapState | None) -> np.ndarray:
    """Swap and flip the new components so that they point the way the previous ones did."""
    if previous is None or not previous.components:
        return comps
    prev_index = {s: i for i, s in enumerate(previous.statement_ids)}
    common = [(j, prev_index[s]) for j, s in enumerate(statements) if s in prev_index]
    if not common:
        return comps
    new_j = np.array([c[0] for c in common])
    old_j = np.array([c[1] for c in common])
    old = np.asarray(previous.components, dtype=float)[:, old_j]
    new = comps[:, new_j]
    m = old @ new.T  # m[a, b] = <old a, new b>
    if abs(m[0, 1]) + abs(m[1, 0]) > abs(m[0, 0]) + abs(m[1, 1]):
        comps = comps[::-1].copy()
        m = m[:, ::-1]
    comps = comps.copy()
    for i in range(2):
        if m[i, i] < 0:
            comps[i] = -comps[i]
    return comps


def _previous_components(statements: list[str], previous: MapState | None) -> np.ndarray | None:
    if previous is None or not previous.components:
        return None
    prev_index = {s: i for i, s in enumerate(previous.statement_ids)}
    old = np.asarray(previous.components, dtype=float)
    start = np.zeros((2, len(statements)))
    for j, s in enumerate(statements):
        if s in prev_index:
            start[:, j] = old[:, prev_index[s]]
    return start


def _project(mat: _Matrix, center: np.ndarray, comps: np.ndarray) -> np.ndarray:
    """Each participant from their own votes, scaled by sqrt(statements / votes); as in Polis a
    moderated-out statement counts as a 0 vote for everyone."""
    n_p, n_s = mat.shape
    use = ~mat.removed[mat.cols]
    rows, cols = mat.rows[use], mat.cols[use]
    x = mat.vals[use] - center[cols]
    proj = np.stack(
        [
            np.bincount(rows, weights=x * comps[0, cols], minlength=n_p),
            np.bincount(rows, weights=x * comps[1, cols], minlength=n_p),
        ],
        axis=1,
    )
    n_votes = np.bincount(rows, minlength=n_p) + int(mat.removed.sum())
    scale = np.sqrt(n_s / np.maximum(n_votes, 1))
    return proj * scale[:, None]


# --------------------------------------------------------------------------------------------
# k-means in the Polis way (deterministic initialisation, centres weighted)


def _assign(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    # |x - c|^2 = |x|^2 - 2 x.c + |c|^2; |x|^2 does not change the nearest centre
    d = (centers**2).sum(axis=1)[None, :] - 2.0 * (points @ centers.T)
    return np.argmin(d, axis=1)


def _weighted_centers(points: np.ndarray, labels: np.ndarray, w: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    wsum = np.bincount(labels, weights=w, minlength=m)
    cx = np.bincount(labels, weights=w * points[:, 0], minlength=m)
    cy = np.bincount(labels, weights=w * points[:, 1], minlength=m)
    counts = np.bincount(labels, minlength=m)
    with np.errstate(invalid="ignore", divide="ignore"):
        centers = np.stack([cx / wsum, cy / wsum], axis=1)
    return centers, counts


def _same_clustering(a: np.ndarray, b: np.ndarray) -> bool:
    sa = a[np.lexsort((a[:, 1], a[:, 0]))]
    sb = b[np.lexsort((b[:, 1], b[:, 0]))]
    n = min(len(sa), len(sb))
    return bool(np.all(np.sqrt(((sa[:n] - sb[:n]) ** 2).sum(axis=1)) < SAME_CLUSTERING))


def _lloyd(points: np.ndarray, w: np.ndarray, ids: list[int], centers: np.ndarray, max_iters: int):
    """Lloyd steps until the centres move less than 0.01; empty clusters disappear."""
    ids = list(ids)
    labels = np.zeros(len(points), dtype=int)
    for _ in range(max_iters + 1):
        labels = _assign(points, centers)
        new_centers, counts = _weighted_centers(points, labels, w, len(centers))
        keep = counts > 0
        new_centers = new_centers[keep]
        done = _same_clustering(centers, new_centers)
        if not keep.all():
            remap = np.cumsum(keep) - 1
            labels = remap[labels]
            ids = [i for i, k in zip(ids, keep, strict=True) if k]
        centers = new_centers
        if done:
            break
    # final membership for the final centres
    labels = _assign(points, centers)
    new_centers, counts = _weighted_centers(points, labels, w, len(centers))
    keep = counts > 0
    if not keep.all():
        labels = (np.cumsum(keep) - 1)[labels]
        ids = [i for i, k in zip(ids, keep, strict=True) if k]
        centers = centers[keep]
    return ids, centers, labels


def _first_distinct(points: np.ndarray, k: int) -> np.ndarray:
    seen: dict[tuple[float, float], int] = {}
    for i, (x, y) in enumerate(points.tolist()):
        if (x, y) not in seen:
            seen[(x, y)] = i
            if len(seen) == k:
                break
    return np.fromiter(seen.values(), dtype=int)


def _start_centers(points, w, names, k, last: list[dict] | None):
    """Initial clusters: the first k distinct points, or the previous clusters recentred and
    split by their most distant points until there are k (Polis' clean-start)."""
    if not last:
        first = _first_distinct(points, k)
        return list(range(len(first))), points[first].copy()
    pos = {n: i for i, n in enumerate(names)}
    ids: list[int] = []
    members: list[np.ndarray] = []
    for c in last:
        idx = np.array([pos[m] for m in c["members"] if m in pos], dtype=int)
        if len(idx):
            ids.append(int(c["id"]))
            members.append(idx)
    if not ids:
        return [0], np.average(points, axis=0, weights=w)[None, :]
    centers = np.array([np.average(points[m], axis=0, weights=w[m]) for m in members])
    # merge clusters with identical centres
    uniq: dict[tuple[float, float], int] = {}
    m_ids, m_members = [], []
    for cid, mem, c in zip(ids, members, centers.tolist(), strict=True):
        key = (c[0], c[1])
        if key in uniq:
            j = uniq[key]
            if len(mem) > len(m_members[j]):
                m_ids[j] = cid
            m_members[j] = np.concatenate([m_members[j], mem])
        else:
            uniq[key] = len(m_ids)
            m_ids.append(cid)
            m_members.append(mem)
    ids, members = m_ids, m_members
    n_distinct = len(np.unique(points, axis=0))
    possible = min(k, n_distinct)
    next_id = max(int(c["id"]) for c in last) + 1
    centers = np.array([np.average(points[m], axis=0, weights=w[m]) for m in members])
    while len(ids) < possible:
        d = np.sqrt(((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2))
        nearest = d.min(axis=1)
        far = int(np.argmax(nearest))
        if nearest[far] <= 0:
            break
        members = [m[m != far] for m in members]
        keep = [len(m) > 0 for m in members]
        ids = [i for i, kp in zip(ids, keep, strict=True) if kp]
        members = [m for m, kp in zip(members, keep, strict=True) if kp]
        ids.append(next_id)
        next_id += 1
        members.append(np.array([far]))
        centers = np.array([np.average(points[m], axis=0, weights=w[m]) for m in members])
    return ids, centers


def _kmeans(points, w, names, k, max_iters, last=None):
    ids, centers = _start_centers(points, w, names, k, last)
    return _lloyd(points, w, ids, centers, max_iters)


def _inertia(points: np.ndarray, w: np.ndarray, centers: np.ndarray, labels: np.ndarray) -> float:
    return float((w * ((points - centers[labels]) ** 2).sum(axis=1)).sum())


def _plus_plus(points: np.ndarray, w: np.ndarray, k: int, restarts: int, rng: np.random.Generator) -> np.ndarray:
    """`restarts` sets of k-means++ starting centres (weighted D^2 sampling), restarts x k x 2."""
    n = len(points)
    chosen = np.empty((restarts, k), dtype=int)
    cum = np.cumsum(w)
    chosen[:, 0] = np.minimum(np.searchsorted(cum, rng.random(restarts) * cum[-1], side="right"), n - 1)
    d2 = ((points[None, :, :] - points[chosen[:, 0]][:, None, :]) ** 2).sum(axis=2)
    for c in range(1, k):
        p = w[None, :] * d2
        cum = np.cumsum(p, axis=1)
        total = cum[:, -1]
        draw = rng.random(restarts) * total
        pick = np.array([np.searchsorted(cum[r], draw[r], side="right") for r in range(restarts)])
        chosen[:, c] = np.minimum(pick, n - 1)
        d2 = np.minimum(d2, ((points[None, :, :] - points[chosen[:, c]][:, None, :]) ** 2).sum(axis=2))
    return points[chosen]


def _batch_lloyd(points: np.ndarray, w: np.ndarray, starts: np.ndarray, max_iters: int):
    """Lloyd iterations for many starts at once; returns (inertia, labels) per start, with
    inertia = inf for a start that lost a cluster."""
    centers = starts.copy()
    r, k, _ = centers.shape
    for _ in range(max_iters + 1):
        d = ((points[None, :, None, :] - centers[:, None, :, :]) ** 2).sum(axis=3)  # r x n x k
        labels = np.argmin(d, axis=2)
        onehot = (labels[:, :, None] == np.arange(k)[None, None, :]) * w[None, :, None]
        wsum = onehot.sum(axis=1)  # r x k
        sums = np.einsum("rnk,nd->rkd", onehot, points)
        new = np.where(wsum[:, :, None] > 0, sums / np.where(wsum > 0, wsum, 1)[:, :, None], centers)
        moved = np.sqrt(((new - centers) ** 2).sum(axis=2)).max()
        centers = new
        if moved < SAME_CLUSTERING:
            break
    d = ((points[None, :, None, :] - centers[:, None, :, :]) ** 2).sum(axis=3)
    labels = np.argmin(d, axis=2)
    inertia = (np.take_along_axis(d, labels[:, :, None], axis=2)[:, :, 0] * w[None, :]).sum(axis=1)
    counts = (labels[:, :, None] == np.arange(k)[None, None, :]).sum(axis=1)
    inertia = np.where((counts > 0).all(axis=1), inertia, np.inf)
    return inertia, labels


def _group_kmeans(points, w, names, k, max_iters, last, restarts, rng, keep_margin):
    """k-means on the base clusters: the Polis start (previous clustering or first distinct
    points) plus `restarts` k-means++ starts; the lowest weighted inertia wins, but the Polis
    start is kept unless another start is better by more than `keep_margin` (stability)."""
    ids, centers, labels = _kmeans(points, w, names, k, max_iters, last)
    base_inertia = _inertia(points, w, centers, labels)
    if restarts <= 0 or len(points) <= k:
        return ids, centers, labels
    inertia, all_labels = _batch_lloyd(points, w, _plus_plus(points, w, k, restarts, rng), max_iters * 2)
    best = int(np.argmin(inertia))
    if not np.isfinite(inertia[best]) or inertia[best] >= base_inertia * (1 - keep_margin):
        return ids, centers, labels
    # polish the winner with the ordinary steps and give its clusters fresh ids after the old
    # ones, in order of their first member
    r_labels = all_labels[best]
    r_centers, _ = _weighted_centers(points, r_labels, w, k)
    order = np.argsort([np.flatnonzero(r_labels == j)[0] for j in range(k)], kind="stable")
    r_centers = r_centers[order]
    start_id = (max(int(c["id"]) for c in last) + 1) if last else 0
    return _lloyd(points, w, [start_id + j for j in range(k)], r_centers, max_iters)


def _silhouette(dist: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over the (base-cluster) points; a point alone in its cluster scores 0."""
    n = len(labels)
    groups = np.unique(labels)
    if len(groups) < 2:
        return 0.0
    scores = np.zeros(n)
    sums = np.stack([dist[:, labels == g].sum(axis=1) for g in groups], axis=1)
    sizes = np.array([(labels == g).sum() for g in groups])
    own = np.searchsorted(groups, labels)
    for i in range(n):
        g = own[i]
        if sizes[g] <= 1:
            continue
        a = sums[i, g] / (sizes[g] - 1)
        others = [sums[i, h] / sizes[h] for h in range(len(groups)) if h != g]
        b = min(others)
        scores[i] = (b - a) / max(a, b) if max(a, b) > 0 else 0.0
    return float(scores.mean())


# --------------------------------------------------------------------------------------------
# Statistics


def _prop_test(succ: np.ndarray, n: np.ndarray) -> np.ndarray:
    succ, n = succ + 1, n + 1
    return 2 * np.sqrt(n) * (succ / n - 0.5)


def _two_prop_test(s_in, s_out, n_in, n_out) -> np.ndarray:
    s_in, s_out, n_in, n_out = s_in + 1, s_out + 1, n_in + 1, n_out + 1
    p1, p2 = s_in / n_in, s_out / n_out
    pi = (s_in + s_out) / (n_in + n_out)
    denom = np.sqrt(pi * (1 - pi) * (1 / n_in + 1 / n_out))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(pi >= 1, 0.0, (p1 - p2) / np.where(denom > 0, denom, 1))
    return z


def _select_repness(stats: dict[str, np.ndarray], g: int, statements: list[str], order: np.ndarray) -> list[dict]:
    """Polis' choice of representative statements for group g (at most five, agrees first)."""
    na, nd, ns = stats["na"][g], stats["nd"][g], stats["ns"][g]
    pa, pd_, pat, pdt = stats["pa"][g], stats["pd"][g], stats["pat"][g], stats["pdt"][g]
    ra, rd, rat, rdt = stats["ra"][g], stats["rd"][g], stats["rat"][g], stats["rdt"][g]
    npass = stats["np"][g]

    def entry(j: int) -> dict:
        agree = rat[j] > rdt[j]
        return {
            "statement": statements[j],
            "direction": "agree" if agree else "disagree",
            "repness": float(ra[j] if agree else rd[j]),
            "repness_test": float(rat[j] if agree else rdt[j]),
            "probability": float(pa[j] if agree else pd_[j]),
            "probability_test": float(pat[j] if agree else pdt[j]),
            "agree": round(float(na[j]), 6),
            "disagree": round(float(nd[j]), 6),
            "pass": round(float(npass[j]), 6),
            "n": round(float(ns[j]), 6),
        }

    sufficient: list[int] = []
    best: int | None = None
    best_agree: int | None = None
    for j in order:
        passes = (rat[j] > Z_90 and pat[j] > Z_90) or (rdt[j] > Z_90 and pdt[j] > Z_90)
        if passes:
            sufficient.append(j)
        if not sufficient and (best is None or max(rat[j], rdt[j]) > max(rat[best], rdt[best])):
            best = j
        # the best statement the group agrees with, so that there is always one
        if na[j] == 0 and nd[j] == 0:
            beats = False
        elif best_agree is not None and ra[best_agree] > 1.0:
            beats = (
                ra[j] * rat[j] * pa[j] * pat[j] > ra[best_agree] * rat[best_agree] * pa[best_agree] * pat[best_agree]
            )
        elif best_agree is not None:
            beats = pa[j] * pat[j] > pa[best_agree] * pat[best_agree]
        else:
            beats = pat[j] > Z_90 or (ra[j] > 1.0 and pa[j] > 0.5)
        if beats:
            best_agree = j
    if not sufficient:
        if best_agree is not None:
            return [entry(best_agree)]
        return [entry(best)] if best is not None else []
    chosen = [entry(j) for j in sufficient if j != best_agree]
    chosen.sort(key=lambda e: -(e["repness"] * e["repness_test"] * e["probability"] * e["probability_test"]))
    if best_agree is not None:
        chosen.insert(0, entry(best_agree))
    chosen = chosen[:REPNESS_PICK]
    return [e for e in chosen if e["direction"] == "agree"] + [e for e in chosen if e["direction"] == "disagree"]


# --------------------------------------------------------------------------------------------
# The computation


def _cluster(points, w, names, previous, rng, base_k, base_init, max_k, restarts, keep_margin) -> dict:
    last_base = previous.base_clusters if previous else None
    if last_base or base_init == "polis" or len(points) <= base_k:
        b_ids, b_centers, b_labels = _kmeans(points, w, names, base_k, BASE_ITERS, last_base)
    else:
        start = np.unique(_plus_plus(points, w, base_k, 1, rng)[0], axis=0)
        b_ids, b_centers, b_labels = _lloyd(points, w, list(range(len(start))), start, BASE_ITERS)
    b_weight = np.bincount(b_labels, weights=w, minlength=len(b_ids))
    b_names = [int(b) for b in b_ids]
    top_k = min(max_k, 2 + len(b_ids) // 12)
    dist = np.sqrt(((b_centers[:, None, :] - b_centers[None, :, :]) ** 2).sum(axis=2))
    clusterings: dict[int, tuple[list[int], np.ndarray, np.ndarray]] = {}
    silhouettes: dict[int, float] = {}
    for k in range(2, top_k + 1):
        if k > len(b_ids):
            break
        last = previous.group_clusterings.get(k) if previous else None
        clusterings[k] = _group_kmeans(b_centers, b_weight, b_names, k, GROUP_ITERS, last, restarts, rng, keep_margin)
        silhouettes[k] = _silhouette(dist, clusterings[k][2])
    return {
        "base": (b_ids, b_centers, b_labels),
        "inertia": _inertia(points, w, b_centers, b_labels),
        "clusterings": clusterings,
        "silhouettes": silhouettes,
    }


def compute(
    votes: Iterable[tuple[str, str, int]],
    *,
    previous: MapState | None = None,
    weights: dict[str, float] | None = None,
    min_votes: int = 7,
    min_group_size: int = 5,
    max_k: int = 5,
    seed: int = 0,
    mod_out: Iterable[str] = (),
    k_buffer: int = K_BUFFER,
    base_k: int = BASE_K,
    restarts: int = 20,
    keep_margin: float = 0.01,
    base_init: str = "plusplus",
    base_restarts: int = 5,
) -> OpinionMap:
    """Compute an opinion map from (participant id, statement id, vote) triples.

    Votes use Polis' published sign: +1 agree, -1 disagree, 0 pass; a later vote by the same
    participant on the same statement replaces an earlier one. `mod_out` are statements removed by
    moderation (they stay in the matrix as 0 for everyone, as in Polis). `previous` is the state
    of the last map of the same conversation: it keeps axes, clusters and k stable.
    """
    mod_out_set = {str(s) for s in mod_out}
    mat = _matrix(votes, mod_out_set)
    participants, statements = mat.participants, mat.statements
    n_p, n_s = mat.shape
    w_all = np.ones(n_p)
    if weights:
        w_all = np.array([float(weights.get(p, 1.0)) for p in participants])
        if np.any(w_all < 0) or not np.all(np.isfinite(w_all)):
            raise ValueError("weights must be finite and not negative")
        w_all = np.where(w_all > 0, w_all, 1e-12)

    state = MapState(recomputations=(previous.recomputations + 1) if previous else 1)
    state.statement_ids = statements
    if n_p == 0 or n_s == 0:
        return _empty_map(state)

    center, comps = _pca(mat, w_all, _previous_components(statements, previous))
    comps = _align(comps, statements, previous)
    state.center = center.tolist()
    state.components = comps.tolist()
    proj = _project(mat, center, comps)
    coords = {p: (float(x), float(y)) for p, (x, y) in zip(participants, proj.tolist(), strict=True)}

    # who is in the map: enough votes now, or in the map before
    threshold = min(min_votes, n_s)
    before = set(previous.in_map) if previous else set()
    in_map = np.array([(c >= threshold) or (p in before) for p, c in zip(participants, mat.raw_counts, strict=True)])
    idx = np.flatnonzero(in_map)
    state.in_map = [participants[i] for i in idx]
    if len(idx) == 0:
        return _finish(mat, w_all, idx, np.zeros(0, dtype=int), coords, state, 1, 0.0, seed)
    names = state.in_map
    points = proj[idx]
    w = w_all[idx]

    # base clusters, then group clusterings for every k with their silhouettes; a first map
    # averages the silhouettes over several base clusterings (their random starts differ)
    rng = np.random.default_rng(seed)
    n_runs = 1 if (previous and previous.base_clusters) else max(base_restarts, 1)
    runs = []
    for r in range(n_runs):
        if r == 0 or len(points) <= SILHOUETTE_SAMPLE:
            runs.append(_cluster(points, w, names, previous, rng, base_k, base_init, max_k, restarts, keep_margin))
        else:
            # the extra runs only steady the silhouettes: a sample of participants is enough
            pick = np.sort(rng.choice(len(points), SILHOUETTE_SAMPLE, replace=False))
            sample = _cluster(
                points[pick],
                w[pick],
                [names[i] for i in pick],
                None,
                rng,
                base_k,
                base_init,
                max_k,
                restarts,
                keep_margin,
            )
            sample["inertia"] = np.inf
            runs.append(sample)
    run = min(runs, key=lambda r: r["inertia"])
    b_ids, b_centers, b_labels = run["base"]
    clusterings = run["clusterings"]
    silhouettes = {k: float(np.mean([r["silhouettes"].get(k, -1.0) for r in runs])) for k in clusterings}
    b_size = np.bincount(b_labels, minlength=len(b_ids))
    b_names = [int(b) for b in b_ids]
    state.base_clusters = [
        {"id": int(b), "members": [names[i] for i in np.flatnonzero(b_labels == j)], "center": b_centers[j].tolist()}
        for j, b in enumerate(b_ids)
    ]
    state.silhouettes = dict(silhouettes)
    for k, (g_ids, g_centers, g_labels) in clusterings.items():
        state.group_clusterings[k] = [
            {
                "id": int(g),
                "members": [b_names[i] for i in np.flatnonzero(g_labels == j)],
                "center": g_centers[j].tolist(),
            }
            for j, g in enumerate(g_ids)
        ]

    def admissible(k: int) -> bool:
        _, _, g_labels = clusterings[k]
        sizes = np.bincount(g_labels, weights=b_size)
        return len(sizes) >= 2 and sizes.min() >= max(min_group_size, 1)

    allowed = [k for k in clusterings if admissible(k)]
    if allowed:
        this_k = max(allowed, key=lambda k: (silhouettes[k], k))
        same = previous is not None and previous.last_k == this_k
        state.last_k = this_k
        state.last_k_count = (previous.last_k_count + 1) if same else 1
        prev_smoothed = previous.smoothed_k if previous else None
        if state.last_k_count >= k_buffer or prev_smoothed is None or prev_smoothed not in allowed:
            state.smoothed_k = this_k
        else:
            state.smoothed_k = prev_smoothed
        k = state.smoothed_k
        g_ids, _, g_labels = clusterings[k]
        order = np.argsort(g_ids, kind="stable")
        rank = np.empty(len(g_ids), dtype=int)
        rank[order] = np.arange(len(g_ids))
        labels = rank[g_labels][b_labels]
        return _finish(mat, w_all, idx, labels, coords, state, k, silhouettes[k], seed)
    # too few people for two groups of the minimum size: everyone in one group
    state.last_k = None
    state.last_k_count = 0
    state.smoothed_k = None
    return _finish(mat, w_all, idx, np.zeros(len(idx), dtype=int), coords, state, 1, 0.0, seed)


def _empty_map(state: MapState) -> OpinionMap:
    return OpinionMap(
        groups={},
        coords={},
        consensus=[],
        divisive=[],
        repness={},
        group_sizes={},
        statement_stats={},
        k=0,
        silhouette=0.0,
        state=state,
    )


def _finish(mat, w_all, idx, labels, coords, state, k, silhouette, seed) -> OpinionMap:
    participants, statements = mat.participants, mat.statements
    n_p, n_s = mat.shape
    groups = {participants[i]: int(g) for i, g in zip(idx, labels, strict=True)}
    n_groups = int(labels.max()) + 1 if len(labels) else 0
    group_sizes = {g: int((labels == g).sum()) for g in range(n_groups)}

    # counts use the real votes (also on moderated-out statements), as Polis' group votes do;
    # weights are normalised to mean 1 over the map, so that significance keeps its scale
    label_of = np.full(n_p, -1)
    label_of[idx] = labels
    weight_of = np.zeros(n_p)
    if len(idx):
        weight_of[idx] = w_all[idx] / w_all[idx].mean()
    g_entry = label_of[mat.rows]
    inside = g_entry >= 0
    cell = g_entry[inside] * n_s + mat.cols[inside]
    v_in = mat.vals[inside]
    w_in = weight_of[mat.rows[inside]]
    size = max(n_groups, 1) * n_s

    def per_group(mask, weights=None):
        shape = (max(n_groups, 1), n_s)
        return np.bincount(cell[mask], weights=None if weights is None else weights[mask], minlength=size).reshape(
            shape
        )

    every = np.ones(len(v_in), dtype=bool)
    na = per_group(v_in == 1, w_in)[:n_groups].astype(float)
    nd = per_group(v_in == -1, w_in)[:n_groups].astype(float)
    ns = per_group(every, w_in)[:n_groups].astype(float)
    ca = per_group(v_in == 1)[:n_groups]
    cd = per_group(v_in == -1)[:n_groups]
    cs = per_group(every)[:n_groups]

    mod_out = {statements[j] for j in np.flatnonzero(mat.removed)}
    statement_stats: dict[str, dict] = {}
    overall_a = np.bincount(mat.cols[mat.vals == 1], minlength=n_s)
    overall_d = np.bincount(mat.cols[mat.vals == -1], minlength=n_s)
    overall_s = np.bincount(mat.cols, minlength=n_s)
    for j, s in enumerate(statements):
        statement_stats[s] = {
            "agree": int(overall_a[j]),
            "disagree": int(overall_d[j]),
            "pass": int(overall_s[j] - overall_a[j] - overall_d[j]),
            "n": int(overall_s[j]),
            "groups": {
                g: {
                    "agree": int(ca[g, j]),
                    "disagree": int(cd[g, j]),
                    "pass": int(cs[g, j] - ca[g, j] - cd[g, j]),
                    "n": int(cs[g, j]),
                }
                for g in range(n_groups)
            },
        }

    rng = np.random.default_rng(seed)
    tiebreak = rng.permutation(n_s)  # only decides between exactly equal scores
    if n_groups == 0:
        return OpinionMap(groups, coords, [], [], {}, group_sizes, statement_stats, k, silhouette, state, {})

    pa = (na + 1) / (ns + 2)
    pd_ = (nd + 1) / (ns + 2)
    gac = np.prod(pa, axis=0)
    group_consensus = {s: float(gac[j]) for j, s in enumerate(statements)}
    active = np.array([s not in mod_out for s in statements])

    # consensus: in every group a majority agrees, and overall agreement is significant
    tot_a, tot_s = na.sum(axis=0), ns.sum(axis=0)
    overall_test = _prop_test(tot_a, tot_s)
    cons = np.flatnonzero(active & np.all(pa > 0.5, axis=0) & (overall_test > Z_90) & (tot_s > 0))
    cons = sorted(cons, key=lambda j: (-gac[j], tiebreak[j]))
    consensus = [statements[j] for j in cons]

    # divisive: a majority of one group agrees while a majority of another disagrees
    share_a = np.divide(na, ns, out=np.zeros_like(na), where=ns > 0)
    share_d = np.divide(nd, ns, out=np.zeros_like(nd), where=ns > 0)
    spread = pa.max(axis=0) - pa.min(axis=0) if n_groups > 1 else np.zeros(n_s)
    div = np.flatnonzero(active & (share_a.max(axis=0) > 0.5) & (share_d.max(axis=0) > 0.5) & (n_groups > 1))
    div = [j for j in div if int(np.argmax(share_a[:, j])) != int(np.argmax(share_d[:, j]))]
    div = sorted(div, key=lambda j: (-spread[j], tiebreak[j]))
    divisive = [statements[j] for j in div]

    # representative statements per group
    rest_a = na.sum(axis=0) - na
    rest_d = nd.sum(axis=0) - nd
    rest_s = ns.sum(axis=0) - ns
    stats = {
        "na": na,
        "nd": nd,
        "ns": ns,
        "np": ns - na - nd,
        "pa": pa,
        "pd": pd_,
        "pat": _prop_test(na, ns),
        "pdt": _prop_test(nd, ns),
        "ra": pa / ((rest_a + 1) / (rest_s + 2)),
        "rd": pd_ / ((rest_d + 1) / (rest_s + 2)),
        "rat": _two_prop_test(na, rest_a, ns, rest_s),
        "rdt": _two_prop_test(nd, rest_d, ns, rest_s),
    }
    order = np.array([j for j in range(n_s) if active[j]], dtype=int)
    repness = {g: _select_repness(stats, g, statements, order) for g in range(n_groups)}
    return OpinionMap(
        groups,
        coords,
        consensus,
        divisive,
        repness,
        group_sizes,
        statement_stats,
        k,
        silhouette,
        state,
        group_consensus,
    )


def adjusted_rand_index(a: list, b: list) -> float:
    """Agreement of two labelings of the same items (1 = identical up to renaming)."""
    if len(a) != len(b):
        raise ValueError("labelings differ in length")
    n = len(a)
    if n < 2:
        return 1.0
    _, ai = np.unique(np.asarray(a, dtype=object).astype(str), return_inverse=True)
    _, bi = np.unique(np.asarray(b, dtype=object).astype(str), return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1))
    np.add.at(table, (ai, bi), 1)

    def pairs(x):
        return (x * (x - 1) / 2).sum()

    index = pairs(table)
    ra, rb = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = ra * rb / (n * (n - 1) / 2)
    maximum = (ra + rb) / 2
    if maximum == expected:
        return 1.0
    return float((index - expected) / (maximum - expected))


__all__ = ["PRIVACY_FLOOR", "MapState", "OpinionMap", "adjusted_rand_index", "compute"]
