"""Terms counted in working days: Saturdays, Sundays and Vietnam's public holidays (reference
data, `PublicHoliday`) do not count."""

import datetime

from evaluation.models import PublicHoliday


def _holidays(start: datetime.date, end: datetime.date) -> set[datetime.date]:

    return set(
        PublicHoliday.objects.filter(date__range=(start, end)).values_list("date", flat=True)
    )


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day on which a term of `days` working days counted from the day after `start` ends
    (the day of receipt itself does not count, as in administrative procedure)."""
    # A generous window for the holiday lookup: Tết alone takes up to nine days in a row.
    holidays = _holidays(start, start + datetime.timedelta(days=days * 2 + 30))
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    holidays = _holidays(start, end)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count += 1
    return count
