"""Places in a place-based trinn (9-12): a SimPy resource whose capacity follows the year's limit.

A citizen holds a place as SimPy's own resources are held::

    with places.request() as req:
        yield req | env.timeout(patience)   # granted, or gave up (death, the horizon)
        if req.triggered:
            ...                             # the stay; the place is freed on leaving

Why a `simpy.Resource` subclass and not a `Container` or `Store`: a place is held by one
citizen and given back by that citizen (a `Request` and its `Release`), a waiting request is
withdrawn when the `with` block is left without it (SimPy's `Request.__exit__`), and the
queue is first come, first served. A `Container` counts units but knows no holder, and
gives a waiting `get` no way out; a `Store` holds items, and a place has no identity.
What the subclass adds is the changing limit (`set_capacity`, at 1 January).

Queue rule (the one the engine has always used): first come, first served; a request is
granted at once only if a place is free and no one waits; a released place goes to the
head of the queue at the moment of the release (synchronously, before any other event of
that instant, as the engine's hand-written pool did before it became a SimPy resource); a
capacity below the occupancy evicts no one, but admits no one until the occupancy is below
it; a capacity that grows admits the queue's head, then the next, while places are free.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

import simpy
from simpy.core import BoundClass
from simpy.resources.resource import Release, Request


class PlaceRequest(Request):
    """A request for a place: leaving its ``with`` block withdraws it if it was not
    granted, and frees the place at once if it was (`Places.leave`).

    SimPy's `Request` frees the place through a `Release` event, scheduled and processed
    later in the same instant; nothing in the engine waits for a release, so the place is
    freed, and given to the head of the queue, without that event (a tenth of the capacity
    example's events).
    """

    resource: Places

    def __exit__(self, exc_type: type[BaseException] | None, exc_value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.cancel()
        # as SimPy: no release on a generator's clean-up (the run ended with it waiting)
        if exc_type is not GeneratorExit:
            self.resource.leave(self)


class Places(simpy.Resource):
    """A pool of places whose capacity can change at year boundaries.

    ``request()`` returns a SimPy `Request` that succeeds when a place is granted (at once
    if one is free and no one waits); leaving its ``with`` block frees the place, or
    withdraws the request if it was not granted (the citizen died or the run ended).
    """

    if TYPE_CHECKING:
        def request(self) -> PlaceRequest:
            """Ask for a place."""
            return PlaceRequest(self)
    else:
        request = BoundClass(PlaceRequest)

    def __init__(self, env: simpy.Environment, capacity: int) -> None:
        super().__init__(env, 1)  # SimPy refuses a capacity of 0: set it below
        self._capacity = capacity

    @property
    def occupied(self) -> int:
        """Places in use."""
        return len(self.users)

    def set_capacity(self, capacity: int) -> None:
        """Change the capacity (at a year boundary) and admit waiting citizens if it grew."""
        self._capacity = capacity
        # SimPy's Resource admits one request per trigger (a release frees one place)
        while self.put_queue and len(self.users) < capacity:
            self._trigger_put(None)

    def leave(self, request: Request) -> None:
        """Free the place ``request`` holds (if it holds one) and give it to the head of
        the queue."""
        if request.triggered:
            try:
                self.users.remove(request)
            except ValueError:  # a place freed already (SimPy's release)
                return
            self._trigger_put(None)

    def _do_get(self, event: Release) -> None:
        """SimPy's `release` (not used by the engine): free the place of ``event``'s request
        and give it to the head of the queue now, not when the release event is processed
        later in this instant (the queue rule)."""
        super()._do_get(event)
        self._trigger_put(None)
