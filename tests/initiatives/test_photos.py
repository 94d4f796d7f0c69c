"""Photos: JPEG, PNG or WebP as read by Pillow (not by the file name), at most 5 MB, at most
four per idea, always with a text saying what they show."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenspel.initiatives import services
from samenspel.initiatives.models import IdeaPhoto

from .conftest import png_bytes, upload


def test_a_real_png_made_with_pillow_passes(idea, resident):
    (photo,) = services.add_photos(user=resident, idea=idea, photos=[(upload(), "Het braakliggende veld")])
    assert photo.alt_text == "Het braakliggende veld"
    assert photo.image.name.endswith(".png") and "foto" not in photo.image.name  # our name, not theirs
    assert photo.image.storage.exists(photo.image.name)


@pytest.mark.parametrize("fmt,extension", [("JPEG", "jpg"), ("WEBP", "webp")])
def test_jpeg_and_webp_pass_and_get_the_right_extension(idea, resident, fmt, extension):
    data = png_bytes(fmt=fmt)
    (photo,) = services.add_photos(user=resident, idea=idea, photos=[(upload("x.png", data), "Veld")])
    assert photo.image.name.endswith(f".{extension}")


def test_a_text_file_renamed_png_fails(idea, resident):
    fake = upload("foto.png", b"Dit is geen foto, maar tekst.\n" * 10)
    with pytest.raises(ValidationError) as error:
        services.add_photos(user=resident, idea=idea, photos=[(fake, "Veld")])
    assert "photo" in error.value.error_dict
    assert not IdeaPhoto.objects.exists()


def test_other_image_formats_fail(idea, resident):
    with pytest.raises(ValidationError):
        services.add_photos(user=resident, idea=idea, photos=[(upload("x.gif", png_bytes(fmt="GIF")), "Veld")])


def test_more_than_5_mb_fails(idea, resident):
    big = png_bytes() + b"\0" * (5 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        services.add_photos(user=resident, idea=idea, photos=[(upload("groot.png", big), "Veld")])
    assert "5 MB" in " ".join(error.value.messages)


def test_alt_text_is_required(idea, resident):
    with pytest.raises(ValidationError) as error:
        services.add_photos(user=resident, idea=idea, photos=[(upload(), "  ")])
    assert "alt_text" in error.value.error_dict


def test_at_most_four_photos_and_all_or_nothing(idea, resident, tmp_path, settings):
    services.add_photos(user=resident, idea=idea, photos=[(upload(), f"Foto {i}") for i in range(3)])
    with pytest.raises(ValidationError):
        services.add_photos(user=resident, idea=idea, photos=[(upload(), "vier"), (upload(), "vijf")])
    assert idea.photos.count() == 3
    # One bad file in a batch: none is stored.
    with pytest.raises(ValidationError):
        services.add_photos(user=resident, idea=idea, photos=[(upload("x.png", b"nee"), "kapot")])
    services.add_photos(user=resident, idea=idea, photos=[(upload(), "vier")])
    assert idea.photos.count() == 4
    stored = [p for p in (settings.MEDIA_ROOT / "ideas").rglob("*") if p.is_file()]
    assert len(stored) == 4


def test_only_the_initiator_and_staff_manage_photos(idea, neighbour, official, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        services.add_photos(user=neighbour, idea=idea, photos=[(upload(), "Veld")])
    (photo,) = services.add_photos(user=official, idea=idea, photos=[(upload(), "Veld")])
    name, storage = photo.image.name, photo.image.storage
    with pytest.raises(PermissionDenied):
        services.remove_photo(user=neighbour, photo=photo)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_photo(user=official, photo=photo)
    assert not IdeaPhoto.objects.exists()
    assert not storage.exists(name)
