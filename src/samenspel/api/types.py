"""Input types that keep what a database cannot store out of the services: ids within a
database integer, and text without NUL and other control characters."""

import re
from typing import Annotated

from pydantic import AfterValidator, Field

MAX_ID = 2**31 - 1
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("Text may not contain control characters.")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def Text(max_length: int, **kwargs):  # noqa: N802 - reads as a type in schemas
    return Annotated[str, Field(max_length=max_length, **kwargs), AfterValidator(_no_control)]
