"""The token bucket behind every request budget, on a clock moved by hand (no sleeping)."""

from services.common.ratelimit import RateLimiter, whole_seconds


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_up_to_the_budget_then_a_wait():
    clock = FakeClock()
    limiter = RateLimiter(3, 60, clock=clock)
    assert [limiter.hit("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.hit("a")
    assert wait == 20.0  # 3 a minute: one comes back every 20 s
    assert limiter.retry_after("a") == 20.0
    clock.now += 20
    assert limiter.hit("a") == 0.0
    assert limiter.hit("a") > 0


def test_keys_have_their_own_budgets():
    limiter = RateLimiter(1, 60, clock=FakeClock())
    assert limiter.hit(("10.0.0.1", "tok-a")) == 0.0
    assert limiter.hit(("10.0.0.1", "tok-b")) == 0.0
    assert limiter.hit(("10.0.0.1", "tok-a")) > 0


def test_refused_requests_do_not_push_the_wait_further():
    clock = FakeClock()
    limiter = RateLimiter(2, 60, clock=clock)
    limiter.hit("a"), limiter.hit("a")
    for _ in range(100):
        limiter.hit("a")
    clock.now += 30
    assert limiter.hit("a") == 0.0


def test_retry_after_spends_nothing():
    limiter = RateLimiter(1, 60, clock=FakeClock())
    assert limiter.retry_after("a") == 0.0
    assert limiter.retry_after("a") == 0.0
    assert limiter.hit("a") == 0.0


def test_zero_means_no_limit():
    limiter = RateLimiter(0, 60, clock=FakeClock())
    assert all(limiter.hit("a") == 0.0 for _ in range(1000))


def test_many_keys_do_not_grow_memory_forever():
    clock = FakeClock()
    limiter = RateLimiter(5, 60, clock=clock, max_keys=10)
    for n in range(100):
        limiter.hit(n)
    assert len(limiter._buckets) <= 11
    clock.now += 60
    limiter.hit("late")
    limiter._forget_full(clock.now)
    assert "late" in limiter._buckets and len(limiter._buckets) <= 11


def test_retry_after_in_whole_seconds():
    assert whole_seconds(0.01) == 1 and whole_seconds(20.0) == 20 and whole_seconds(20.1) == 21
