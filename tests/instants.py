"""The instants every rule about days is tried at (#16): the hours where UTC and Warsaw disagree.

`at_every_hour` parametrizes a test over them and freezes the clock there, so a test that
passes only at some hours fails here at every hour.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core import clock

WARSAW = ZoneInfo("Europe/Warsaw")

INSTANTS = {
    "07:00 Warsaw": datetime(2026, 12, 7, 7, 0, tzinfo=WARSAW),
    "00:20 Warsaw (UTC still yesterday)": datetime(2026, 12, 7, 0, 20, tzinfo=WARSAW),
    "23:50 Warsaw": datetime(2026, 12, 7, 23, 50, tzinfo=WARSAW),
    "clocks go forward": datetime(2027, 3, 28, 3, 30, tzinfo=WARSAW),
    "clocks go back": datetime(2027, 10, 31, 2, 30, tzinfo=WARSAW),
    "29 February": datetime(2028, 2, 29, 0, 20, tzinfo=WARSAW),
}


@pytest.fixture(params=list(INSTANTS.values()), ids=list(INSTANTS))
def at_every_hour(request: pytest.FixtureRequest) -> Iterator[datetime]:
    with time_machine.travel(request.param, tick=False):
        yield request.param


def days_ago(days: int, at: time = time(12, 0)) -> datetime:
    """An instant `days` calendar days before today in the programme's time zone (at `at`,
    local time): what a person means by "N days ago", whatever the hour now."""
    return clock.start_of(clock.today() - timedelta(days=days)).replace(
        hour=at.hour, minute=at.minute
    )
