"""Read the Polis open-data exports (compdemocracy/openData): votes, comments and participants.

`votes.csv`: `timestamp,datetime,comment-id,voter-id,vote` with Polis' published sign
(agree = 1, disagree = -1, pass = 0). A participant may have voted on a statement more than once:
the vote with the latest timestamp counts. `comments.csv` gives the moderation status
(`moderated` = -1 means removed). `participants-votes.csv` gives the `group-id` Polis assigned
(empty for participants Polis did not place in a group).

Malformed input raises `PolisCSVError` with the file, the line number and the reason.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")


class PolisCSVError(ValueError):
    def __init__(self, path: str | Path, line: int, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        super().__init__(f"{self.path}:{line}: {reason}")


@dataclass(frozen=True)
class Vote:
    timestamp: int
    statement: str
    participant: str
    vote: int


def _rows(path: str | Path, required: tuple[str, ...]):
    """Yield (line number, row dict) for a CSV file with the required columns."""
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise PolisCSVError(path, 0, f"cannot read the file ({exc.strerror})") from exc
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise PolisCSVError(path, 1, f"not a readable CSV file ({exc})") from exc
        if header is None:
            raise PolisCSVError(path, 1, "the file is empty; expected a header line")
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise PolisCSVError(path, 1, f"missing column(s): {', '.join(missing)}")
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise PolisCSVError(path, reader.line_num, f"not a readable CSV line ({exc})") from exc
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise PolisCSVError(path, reader.line_num, f"expected {len(header)} fields, found {len(row)}")
            yield reader.line_num, dict(zip(header, (cell.strip() for cell in row), strict=True))


def _int(path, line: int, value: str, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is not None and number.is_integer():
            return int(number)
        raise PolisCSVError(path, line, f"{column} must be a whole number, not {value!r}") from None


def read_votes(path: str | Path) -> list[Vote]:
    """All votes in time order, the latest vote per participant and statement only."""
    latest: dict[tuple[str, str], Vote] = {}
    for line, row in _rows(path, VOTE_COLUMNS):
        timestamp = _int(path, line, row["timestamp"], "timestamp")
        statement = row["comment-id"]
        participant = row["voter-id"]
        if not statement:
            raise PolisCSVError(path, line, "comment-id is empty")
        if not participant:
            raise PolisCSVError(path, line, "voter-id is empty")
        vote = _int(path, line, row["vote"], "vote")
        if vote not in (-1, 0, 1):
            raise PolisCSVError(path, line, f"vote must be 1 (agree), -1 (disagree) or 0 (pass), not {row['vote']!r}")
        key = (participant, statement)
        current = latest.get(key)
        if current is None or timestamp >= current.timestamp:
            latest[key] = Vote(timestamp, statement, participant, vote)
    return sorted(latest.values(), key=lambda v: v.timestamp)


def vote_triples(votes: list[Vote]) -> list[tuple[str, str, int]]:
    """(participant, statement, vote) triples for `opinion_map.compute`."""
    return [(v.participant, v.statement, v.vote) for v in votes]


def read_moderated_out(path: str | Path) -> set[str]:
    """Statement ids that moderation removed (`moderated` = -1) in a Polis `comments.csv`."""
    removed = set()
    for line, row in _rows(path, ("comment-id", "moderated")):
        if _int(path, line, row["moderated"], "moderated") == -1:
            removed.add(row["comment-id"])
    return removed


def read_groups(path: str | Path) -> dict[str, int | None]:
    """Participant id -> Polis `group-id` (None where Polis did not place the participant)."""
    groups: dict[str, int | None] = {}
    for line, row in _rows(path, ("participant", "group-id")):
        value = row["group-id"]
        groups[row["participant"]] = _int(path, line, value, "group-id") if value else None
    return groups
