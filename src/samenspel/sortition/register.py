"""The register extract (a BRP extract from the municipality): reading the uploaded CSV, and
keeping it encrypted at rest.

The file has one line per resident with at least the columns `id`, `age`, `gender`, `buurt`
and `address`; `name`, `postcode` and `city` are optional (printed on the letter). Dutch
column names (`leeftijd`, `geslacht`, `adres`, `naam`, `woonplaats`) are accepted too. A bad
line is reported by its line number; nothing is stored until the whole file is right.

Encryption: Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) under a key derived
from SECRET_KEY, or from SAMENSPEL_EXTRACT_KEY when set. Keys in SECRET_KEY_FALLBACKS still
decrypt, so rotating SECRET_KEY does not lock an extract that is still needed."""

import base64
import csv
import io
import json
import re
from dataclasses import asdict, dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.text import capfirst
from django.utils.translation import gettext as _

MAX_ROWS = 100_000
MAX_BYTES = 20 * 1024 * 1024
MAX_ERRORS = 25
_SALT_KEY = "samenspel.sortition.extract-key"

COLUMN_ALIASES = {
    "id": ("id", "bsn_pseudo", "nummer", "volgnummer"),
    "age": ("age", "leeftijd"),
    "gender": ("gender", "geslacht", "sex"),
    "buurt": ("buurt", "neighbourhood"),
    "address": ("address", "adres", "straat_huisnummer"),
    "name": ("name", "naam"),
    "postcode": ("postcode", "zip"),
    "city": ("city", "woonplaats", "plaats"),
}
REQUIRED = ("id", "age", "gender", "buurt", "address")
GENDER_VALUES = {
    "v": "woman",
    "vrouw": "woman",
    "f": "woman",
    "female": "woman",
    "woman": "woman",
    "m": "man",
    "man": "man",
    "male": "man",
    "o": "other",
    "x": "other",
    "onbekend": "other",
    "other": "other",
}


@dataclass(frozen=True)
class Resident:
    id: str
    age: int
    gender: str
    buurt: str
    address: str
    name: str = ""
    postcode: str = ""
    city: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


# --- encryption ----------------------------------------------------------------------------


def _fernet_for(secret: str) -> Fernet:
    digest = salted_hmac(_SALT_KEY, "fernet", secret=secret, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _fernet() -> MultiFernet:
    explicit = getattr(settings, "SAMENSPEL_EXTRACT_KEY", "")
    secrets = [explicit] if explicit else []
    secrets += [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(s) for s in secrets])


def encrypt(data) -> bytes:
    return _fernet().encrypt(json.dumps(data, separators=(",", ":")).encode())


def decrypt(token) -> object:
    if not token:
        return None
    try:
        return json.loads(_fernet().decrypt(bytes(token)))
    except InvalidToken as error:
        raise ValidationError(_("The stored register extract cannot be read with the current key.")) from error


# --- parsing -------------------------------------------------------------------------------


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    normalised = [re.sub(r"[\s\-]+", "_", (h or "").strip().lower()).lstrip("\ufeff") for h in header]
    for column, aliases in COLUMN_ALIASES.items():
        for i, name in enumerate(normalised):
            if name in aliases:
                found[column] = i
                break
    return found


def parse_extract(upload) -> list[Resident]:
    """A list of residents from the uploaded CSV (bytes, str or a file). Raises one
    ValidationError listing every bad line (up to 25)."""
    if hasattr(upload, "read"):
        if getattr(upload, "size", 0) and upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 20 MB. Is it the right file?"))
        upload = upload.read()
    if isinstance(upload, bytes):
        if len(upload) > MAX_BYTES:
            raise ValidationError(_("The file is larger than 20 MB. Is it the right file?"))
        try:
            text = upload.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = upload.decode("cp1252", errors="replace")
    else:
        text = upload
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise ValidationError(capfirst(_("the file cannot be read as CSV: %(error)s") % {"error": error})) from error
    reader = iter(rows)
    header = next(reader, None)
    if not header:
        raise ValidationError(_("The file is empty."))
    columns = _header_map(header)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ValidationError(
            _("The first line must name the columns. Missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    residents: list[Resident] = []
    errors: list[str] = []
    seen: set[str] = set()
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(residents) >= MAX_ROWS:
            raise ValidationError(_("The file has more than %(max)d residents.") % {"max": MAX_ROWS})

        def cell(column, row=row):
            index = columns.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        problem = None
        ident, age_text, gender_text = cell("id"), cell("age"), cell("gender").lower()
        buurt, address = cell("buurt"), cell("address")
        if not ident:
            problem = _("the id is empty")
        elif ident in seen:
            problem = _("the id %(id)s appears twice") % {"id": ident[:20]}
        elif not age_text.isdigit() or int(age_text) > 125:
            problem = _("the age “%(age)s” is not a number of years") % {"age": age_text[:10]}
        elif gender_text not in GENDER_VALUES:
            problem = _("the gender “%(gender)s” is unknown (use V, M or O)") % {"gender": cell("gender")[:10]}
        elif not buurt:
            problem = _("the buurt is empty")
        elif not address:
            problem = _("the address is empty")
        elif max(len(ident), len(buurt), len(address), len(cell("name")), len(cell("city"))) > 200:
            problem = _("a value is longer than 200 characters")
        if problem:
            errors.append(_("Line %(line)d: %(problem)s.") % {"line": line_number, "problem": problem})
            if len(errors) >= MAX_ERRORS:
                break
            continue
        seen.add(ident)
        residents.append(
            Resident(
                id=ident,
                age=int(age_text),
                gender=GENDER_VALUES[gender_text],
                buurt=buurt,
                address=address,
                name=cell("name"),
                postcode=cell("postcode").upper().replace(" ", ""),
                city=cell("city"),
            )
        )
    if errors:
        raise ValidationError(errors)
    if not residents:
        raise ValidationError(_("The file has no residents below the first line."))
    return residents
