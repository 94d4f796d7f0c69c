"""Working days for the broker's promises (first contact, an answer to a support request).
Saturday and Sunday are not working days; public holidays are not counted out (yet)."""

import datetime


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    remaining = max(0, days)
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    full_weeks, rest = divmod((end - start).days, 7)
    count = full_weeks * 5
    day = start + datetime.timedelta(days=full_weeks * 7)
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return sign * count
