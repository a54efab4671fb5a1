"""The one clock: the municipality's date, naive UTC stamps, and the stopped clock tests live by."""

import time
from datetime import UTC, date, datetime

import clock
from tests.when import NOW, TODAY


def test_every_test_starts_on_the_same_stopped_moment():
    assert clock.now() == NOW and clock.today() == TODAY
    assert clock.utcnow() == NOW.astimezone(UTC).replace(tzinfo=None)
    assert clock.utcnow() == clock.utcnow()  # stopped: two stamps in one test are equal


def test_just_after_midnight_today_is_the_municipalitys_date_not_the_servers(clock_at):
    clock_at(datetime(2027, 1, 2, 0, 30))
    assert clock.today() == date(2027, 1, 2)
    assert clock.utcnow() == datetime(2027, 1, 1, 23, 30)
    # The process runs in UTC meanwhile, as a server does: its own date is still yesterday.
    assert date.today() == date(2027, 1, 1) and time.localtime().tm_zone == "UTC"


def test_a_day_starts_at_local_midnight_on_either_side_of_summer_time():
    assert clock.day_start_utc(date(2027, 3, 28)) == datetime(2027, 3, 27, 23, 0)
    assert clock.day_start_utc(date(2027, 3, 29)) == datetime(2027, 3, 28, 22, 0)
    assert clock.day_start_utc(date(2027, 10, 31)) == datetime(2027, 10, 30, 22, 0)
    assert clock.day_start_utc(date(2027, 11, 1)) == datetime(2027, 10, 31, 23, 0)
    assert clock.day_start_utc(date(2027, 3, 29), "UTC") == datetime(2027, 3, 29, 0, 0)


def test_travel_lands_on_a_days_morning_or_a_given_wall_clock_time(clock_at):
    assert clock_at(date(2028, 2, 29)) == clock.now()
    assert (clock.today(), clock.now().hour) == (date(2028, 2, 29), 10)
    clock_at(datetime(2027, 3, 31, 23, 30))
    assert clock.today() == date(2027, 3, 31) and clock.utcnow() == datetime(2027, 3, 31, 21, 30)
