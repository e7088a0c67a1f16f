"""Work that builds many linked objects at once, without Python's cycle collector walking them meanwhile."""

import contextlib
import functools
import gc


@contextlib.contextmanager
def without_cycle_collection():
    """A plan's view links every row to its parent and back: thousands of young objects, none garbage while
    the view is built and checked. The cycle collector would walk them again at every few hundred
    allocations (a third of building the view). Off for the duration, then back on as it was; nested or
    concurrent uses leave it on once the first user is done, never off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def uses_many_objects(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with without_cycle_collection():
            return function(*args, **kwargs)

    return wrapper
