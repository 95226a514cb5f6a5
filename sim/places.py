"""Places in place-based trinn (9-12): a capacity per year and a first-come-first-served queue."""

from __future__ import annotations

from collections import deque

import simpy


class Places:
    """A pool of places whose capacity can change at year boundaries.

    ``request()`` returns a SimPy event that succeeds when a place is granted (at once if
    one is free). A waiting request can be withdrawn with ``cancel`` (the citizen died).
    Unlike ``simpy.Resource``, the capacity may shrink below the occupancy: nobody is
    evicted, but no one is admitted until occupancy falls below the new capacity.
    """

    def __init__(self, env: simpy.Environment, capacity: int) -> None:
        self.env = env
        self.capacity = capacity
        self.occupied = 0
        self.queue: deque[simpy.Event] = deque()

    def request(self) -> simpy.Event:
        """Ask for a place; the event succeeds when one is granted."""
        ev = self.env.event()
        if self.occupied < self.capacity and not self.queue:
            self.occupied += 1
            ev.succeed()
        else:
            self.queue.append(ev)
        return ev

    def cancel(self, ev: simpy.Event) -> None:
        """Withdraw a waiting request."""
        if not ev.triggered:
            self.queue.remove(ev)

    def release(self) -> None:
        """Free a place and admit the next in line if capacity allows."""
        self.occupied -= 1
        self._admit()

    def set_capacity(self, capacity: int) -> None:
        """Change the capacity (at a year boundary) and admit waiting citizens if it grew."""
        self.capacity = capacity
        self._admit()

    def _admit(self) -> None:
        while self.queue and self.occupied < self.capacity:
            self.occupied += 1
            self.queue.popleft().succeed()
