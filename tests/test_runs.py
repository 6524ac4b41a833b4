"""A bounded number of page runs at once (ict_response/ui/runs.py): runs beyond the bound
wait asleep for a slot; a run waiting on a long job lends its slot; a slot held too long
does not hold the others back for ever."""

from __future__ import annotations

import threading
import time

from ict_response.ui.runs import Slots


def _runs(slots: Slots, n: int, body) -> int:
    """Start n runs at once; the most that were inside `body` together."""
    inside, most, lock = 0, 0, threading.Lock()
    start = threading.Barrier(n)

    def one() -> None:
        nonlocal inside, most
        start.wait()
        with slots.run():
            with lock:
                inside += 1
                most = max(most, inside)
            body(slots)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    return most


def test_no_more_runs_at_once_than_slots():
    assert _runs(Slots(2), 8, lambda s: time.sleep(0.05)) == 2
    assert _runs(Slots(1), 5, lambda s: time.sleep(0.05)) == 1


def test_a_run_nested_in_a_run_takes_no_second_slot():
    slots = Slots(1, max_wait=5)
    with slots.run():
        started = time.monotonic()
        with slots.run():  # would wait max_wait if it needed another slot
            assert slots.holding()
        assert time.monotonic() - started < 1
    assert not slots.holding()


def test_a_waiting_run_lends_its_slot_and_takes_one_back():
    slots = Slots(1, max_wait=5)
    entered = threading.Event()

    def other() -> None:
        with slots.run():
            entered.set()

    with slots.run():
        with slots.waiting():
            t = threading.Thread(target=other)
            t.start()
            assert entered.wait(2), "the other run never got the lent slot"
            t.join()
        assert slots.holding()
    assert not slots.holding()


def test_a_slot_held_too_long_holds_no_one_back_beyond_the_wait():
    slots = Slots(1, max_wait=0.2)
    release, held = threading.Event(), threading.Event()

    def stuck() -> None:
        with slots.run():
            held.set()
            release.wait(5)

    holder = threading.Thread(target=stuck)
    holder.start()
    assert held.wait(2)
    started = time.monotonic()
    with slots.run():  # the one slot is held: this run works without one after the wait
        assert not slots.holding()
    assert 0.15 < time.monotonic() - started < 2
    release.set()
    holder.join()


def test_an_error_inside_a_run_gives_the_slot_back():
    slots = Slots(1, max_wait=0.5)
    try:
        with slots.run():
            raise RuntimeError("a page failed")
    except RuntimeError:
        pass
    with slots.run():
        assert slots.holding()
