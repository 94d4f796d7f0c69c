"""Uploaded photos: read by their content (never by name or content type), limited in size,
and re-encoded, which drops embedded metadata such as where the photo was taken."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def clean_photo(upload) -> tuple[bytes, str]:
    """The re-encoded photo and its file extension. Raises ValidationError for anything that
    is not a JPEG, PNG or WebP image of at most 5 MB."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload is None:
        raise ValidationError(_("Choose a photo."))
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(_("A photo can be at most 5 MB."))
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(_("A photo can be at most 5 MB."))
    if not data:
        raise ValidationError(_("This file is empty."))
    unreadable = ValidationError(_("This file is not a photo we can show. Use a JPEG, PNG or WebP image."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in PHOTO_FORMATS:
            raise unreadable
        if width * height > MAX_PHOTO_PIXELS:
            raise ValidationError(_("This photo has too many pixels. Make it smaller and try again."))
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            clean = ImageOps.exif_transpose(picture)
            if kind == "JPEG" and clean.mode not in ("RGB", "L"):
                clean = clean.convert("RGB")
            out = io.BytesIO()
            clean.save(out, format=kind, **({"quality": 88} if kind in ("JPEG", "WEBP") else {}))
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise unreadable from error
    return out.getvalue(), PHOTO_FORMATS[kind]
