"""Reading and writing pabulib `.pb` files (pabulib.org/format), without Django.

A `.pb` file is UTF-8 text with three sections, each a line with its name followed by a
header line and `;`-separated rows (fields may be quoted with double quotes, as in CSV):

    META                        PROJECTS                    VOTES
    key;value                   project_id;cost;...         voter_id;vote;...
    budget;100000               3;7200;...                  v1;3,9,13
    vote_type;approval          ...                         ...

META needs `budget` (a whole number); `vote_type` is approval (the default), choose-1,
ordinal, cumulative or scoring. PROJECTS needs the columns `project_id` and `cost`; VOTES needs
`voter_id` and `vote` (a comma-separated list of project ids) and, for cumulative and scoring
ballots, `points` (one whole number per project in `vote`). Other columns are kept as text.
The value `none` in an optional column counts as empty, as in pabutools.

`parse` refuses a malformed file with `PbFormatError`, which says on which line (1-based) and
why. `PbFile.election()` turns a file into a `tally.Election` in the file's own unit: approval,
choose-1 and ordinal ballots count as approval of every project on them (an ordinal ranking is
not used as such); cumulative and scoring ballots give their points. `write` produces the text
of a file again (``parse(write(f))`` equals ``f``).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .tally import Election

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPES = ("approval", "choose-1", "ordinal", "cumulative", "scoring")
POINT_VOTE_TYPES = ("cumulative", "scoring")

# pabulib's META `rule` values and the tally rule that counts them. Wieliczka's
# "add1-comparison" is reproduced by raising the shares until the next step would overspend.
RULES_FROM_META = {
    "greedy": "greedy",
    "equalshares": "mes",
    "equalshares/add1": "mes-add1",
    "equalshares/add1-comparison": "mes-add1-overspend",
    "equalshares/add1-overspend": "mes-add1-overspend",
    "equalshares/add1/greedy": "mes-add1-greedy",
    "equalshares/add1-greedy": "mes-add1-greedy",
    "phragmen": "phragmen",
    "sequential-phragmen": "phragmen",
}
RULES_TO_META = {
    "greedy": "greedy",
    "mes": "equalshares",
    "mes-add1": "equalshares/add1",
    "mes-add1-overspend": "equalshares/add1-overspend",
    "mes-add1-greedy": "equalshares/add1/greedy",
    "phragmen": "phragmen",
}

_WHOLE = re.compile(r"^[+]?\d+(?:[.,]0*)?$")
_SECTION_LIKE = re.compile(r"^[A-Z][A-Z_]*$")


class PbFormatError(ValueError):
    """A malformed `.pb` file: `line` (1-based) and `reason` say where and why."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def rule_from_meta(value: str | None) -> str | None:
    """The tally rule for a META `rule` value, or None when it is not one we know."""
    if not value:
        return None
    return RULES_FROM_META.get(value.strip().lower())


@dataclass
class PbFile:
    """A parsed file. `projects` rows have `project_id` (str) and `cost` (int) and the other
    columns as text; `votes` rows have `voter_id` (str), `vote` (list of project ids), `points`
    (list of ints, only when the file has that column) and the other columns as text."""

    meta: dict[str, str]
    projects: list[dict] = field(default_factory=list)
    votes: list[dict] = field(default_factory=list)
    project_columns: list[str] = field(default_factory=lambda: ["project_id", "cost"])
    vote_columns: list[str] = field(default_factory=lambda: ["voter_id", "vote"])

    @property
    def budget(self) -> int:
        return _whole(self.meta.get("budget", ""))

    @property
    def vote_type(self) -> str:
        return (self.meta.get("vote_type") or "approval").strip().lower()

    @property
    def rule(self) -> str | None:
        """The tally rule the file's META `rule` names, if we know it."""
        return rule_from_meta(self.meta.get("rule"))

    def election(self) -> Election:
        """The election in the file's own unit (see the module docstring)."""
        costs = {p["project_id"]: p["cost"] for p in self.projects}
        ballots = []
        points = self.vote_type in POINT_VOTE_TYPES
        for vote in self.votes:
            if points:
                ballots.append({pid: pts for pid, pts in zip(vote["vote"], vote["points"], strict=True) if pts})
            else:
                ballots.append(dict.fromkeys(vote["vote"], 1))
        return Election(budget=self.budget, costs=costs, ballots=ballots)


def _whole(text: str) -> int:
    text = text.strip()
    if not _WHOLE.match(text):
        raise ValueError(text)
    return int(re.split(r"[.,]", text)[0].lstrip("+"))


def _value(text: str) -> str:
    text = text.strip()
    return "" if text.lower() == "none" else text


def _read(source) -> str:
    if isinstance(source, os.PathLike):
        return Path(source).read_text(encoding="utf-8-sig")
    if isinstance(source, str) and "\n" not in source and source.strip() and Path(source).is_file():
        return Path(source).read_text(encoding="utf-8-sig")
    return source


def parse(source) -> PbFile:
    """Parse a `.pb` file given as text or as a path (a `Path`, or a one-line string naming an
    existing file). Raises PbFormatError for anything malformed."""
    text = _read(source)
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    projects: list[dict] = []
    votes: list[dict] = []
    project_columns: list[str] = []
    vote_columns: list[str] = []
    seen: dict[str, int] = {}
    section = None
    header: list[str] | None = None
    header_line = 0
    project_ids: set[str] = set()
    voter_ids: set[str] = set()
    end = 0
    try:
        rows = list(_rows(reader))
    except csv.Error as error:
        raise PbFormatError(reader.line_num or 1, f"cannot read the line: {error}") from None
    for line, row in rows:
        end = line
        first = row[0].strip() if row else ""
        if len(row) == 1 and first.upper() in SECTIONS:
            name = first.upper()
            if name in seen:
                raise PbFormatError(line, f"a second {name} section (the first is on line {seen[name]})")
            if name == "PROJECTS" and "META" not in seen:
                raise PbFormatError(line, "the PROJECTS section must come after the META section")
            if name == "VOTES" and "PROJECTS" not in seen:
                raise PbFormatError(line, "the VOTES section must come after the PROJECTS section")
            seen[name] = line
            section, header = name, None
            continue
        if len(row) == 1 and _SECTION_LIKE.match(first) and (section is None or header is not None):
            raise PbFormatError(line, f"unknown section {first!r}: expected META, PROJECTS or VOTES")
        if section is None:
            raise PbFormatError(line, "expected a section name (META, PROJECTS or VOTES) first")
        if header is None:
            header = [column.strip() for column in row]
            header_line = line
            _check_header(section, header, line)
            if section == "PROJECTS":
                project_columns = header
            elif section == "VOTES":
                vote_columns = header
                vote_type = (meta.get("vote_type") or "approval").strip().lower()
                if vote_type in POINT_VOTE_TYPES and "points" not in header:
                    raise PbFormatError(line, f"{vote_type} votes need a 'points' column")
            continue
        if len(row) > len(header):
            raise PbFormatError(line, f"{len(row)} fields, but the header on line {header_line} has {len(header)}")
        values = dict(zip(header, row + [""] * (len(header) - len(row)), strict=True))
        if section == "META":
            key, value = values["key"].strip(), values["value"].strip()
            if not key:
                raise PbFormatError(line, "a META line without a key")
            if key in meta:
                raise PbFormatError(line, f"META key {key!r} appears twice (also on line {meta_lines[key]})")
            _check_meta(key, value, line)
            meta[key] = value
            meta_lines[key] = line
        elif section == "PROJECTS":
            projects.append(_project(values, line, project_ids))
        else:
            votes.append(_vote(values, line, project_ids, voter_ids, meta))
    last = max(end, 1)
    for name in SECTIONS:
        if name not in seen:
            raise PbFormatError(last, f"the file has no {name} section")
    if "budget" not in meta:
        raise PbFormatError(seen["META"], "META has no 'budget'")
    for key, actual in (("num_projects", len(projects)), ("num_votes", len(votes))):
        if key in meta and _whole(meta[key]) != actual:
            what = "projects" if key == "num_projects" else "votes"
            raise PbFormatError(meta_lines[key], f"META {key} says {meta[key]}, but the file has {actual} {what}")
    return PbFile(meta, projects, votes, project_columns, vote_columns)


def _rows(reader):
    """(first line of the record, fields) for every non-blank record."""
    previous = 0
    for row in reader:
        line = previous + 1
        previous = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        yield line, row


def _check_header(section: str, header: list[str], line: int) -> None:
    names = [h.lower() for h in header]
    duplicates = sorted({h for h in names if names.count(h) > 1})
    if duplicates:
        raise PbFormatError(line, f"column {duplicates[0]!r} appears twice in the header")
    required = {"META": ("key", "value"), "PROJECTS": ("project_id", "cost"), "VOTES": ("voter_id", "vote")}[section]
    if section == "META" and names != ["key", "value"]:
        raise PbFormatError(line, "the META header must be 'key;value'")
    for column in required:
        if column not in header:
            raise PbFormatError(line, f"the {section} header has no {column!r} column")


def _check_meta(key: str, value: str, line: int) -> None:
    if key in ("budget", "num_projects", "num_votes", "min_length", "max_length"):
        try:
            _whole(value)
        except ValueError:
            raise PbFormatError(line, f"{key} {value!r} is not a whole number") from None
    if key == "vote_type" and value.strip().lower() not in VOTE_TYPES:
        raise PbFormatError(line, f"unknown vote_type {value!r}: expected one of {', '.join(VOTE_TYPES)}")


def _project(values: dict, line: int, project_ids: set[str]) -> dict:
    pid = values["project_id"].strip()
    if not pid:
        raise PbFormatError(line, "a project without a project_id")
    if "," in pid:
        raise PbFormatError(line, f"project_id {pid!r} contains a comma")
    if pid in project_ids:
        raise PbFormatError(line, f"duplicate project_id {pid!r}")
    try:
        cost = _whole(values["cost"])
    except ValueError:
        raise PbFormatError(line, f"cost {values['cost'].strip()!r} is not a whole number") from None
    project_ids.add(pid)
    row = {key: _value(value) for key, value in values.items()}
    row["project_id"], row["cost"] = pid, cost
    if row.get("votes"):
        try:
            _whole(row["votes"])
        except ValueError:
            raise PbFormatError(line, f"votes {row['votes']!r} is not a whole number") from None
    return row


def _vote(values: dict, line: int, project_ids: set[str], voter_ids: set[str], meta: dict) -> dict:
    voter = values["voter_id"].strip()
    if not voter:
        raise PbFormatError(line, "a vote without a voter_id")
    if voter in voter_ids:
        raise PbFormatError(line, f"duplicate voter_id {voter!r}")
    voter_ids.add(voter)
    raw = values["vote"].strip()
    chosen = raw.split(",") if raw and raw.lower() != "none" else []
    if " " in raw or "\t" in raw:
        chosen = [pid.strip() for pid in chosen]
    unique = set(chosen)
    if not unique <= project_ids:
        for pid in chosen:
            if not pid:
                raise PbFormatError(line, f"an empty project id in vote {raw!r}")
            if pid not in project_ids:
                raise PbFormatError(line, f"vote for unknown project {pid!r}")
    if len(unique) != len(chosen):
        twice = next(pid for pid in chosen if chosen.count(pid) > 1)
        raise PbFormatError(line, f"project {twice!r} appears twice in one vote")
    row = {"voter_id": voter, "vote": chosen}
    for key, value in values.items():
        if key not in row:
            row[key] = _value(value)
    if "points" in values:
        raw_points = row["points"]
        items = [p.strip() for p in raw_points.split(",")] if raw_points else []
        if len(items) != len(chosen):
            raise PbFormatError(line, f"{len(items)} points for {len(chosen)} projects in the vote")
        points = []
        for item in items:
            if not item.isdigit() or not item.isascii():
                raise PbFormatError(line, f"points {item!r} is not a whole number of at least 0")
            points.append(int(item))
        row["points"] = points
    return row


def write(pbfile: PbFile) -> str:
    """The text of a `.pb` file (LF line ends, fields quoted only where needed)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in pbfile.meta.items():
        writer.writerow([key, value])
    out.write("PROJECTS\n")
    writer.writerow(pbfile.project_columns)
    for project in pbfile.projects:
        writer.writerow([_text(project.get(column, "")) for column in pbfile.project_columns])
    out.write("VOTES\n")
    writer.writerow(pbfile.vote_columns)
    for vote in pbfile.votes:
        writer.writerow([_text(vote.get(column, "")) for column in pbfile.vote_columns])
    return out.getvalue()


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)
