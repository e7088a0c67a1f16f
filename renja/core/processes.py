"""Work spread over worker processes (checking a province, loading one): forked children, each with its own
database connection, so that the cores, not one Python process, set the pace."""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def in_one_process_only():
    """An in-memory SQLite database (the tests') is visible to this process alone."""
    from django.db import connection

    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def writers_at_once():
    """Whether several processes can write at the same time: PostgreSQL's rows are locked one by one; SQLite
    lets one writer at a time hold the whole file, so more processes only queue for it."""
    from django.db import connection

    return connection.vendor != "sqlite"


def worker_count(asked, tasks, writing=False):
    """The processes to start for `tasks` tasks: `asked` (the core count when None), never more than the tasks;
    one when the database is visible to this process alone, or inside a transaction (what it has written is
    not yet visible to others, and its connection cannot be closed for the children), or when the tasks write
    (`writing`) to a database that takes one writer at a time."""
    from django.db import connection

    if in_one_process_only() or connection.in_atomic_block or (writing and not writers_at_once()):
        return 1
    return max(1, min(asked or os.cpu_count() or 1, tasks or 1))


def _start_worker(initializer, initargs):
    from django.db import connections

    connections.close_all()  # a forked worker opens its own connection, never the caller's
    if initializer is not None:
        initializer(*initargs)


@contextmanager
def fork_pool(workers, initializer=None, initargs=()):
    """A pool of `workers` forked processes. The caller's connections are closed first (a child must not share
    them; the caller reopens its own on its next query) and each child starts with none."""
    from django.db import connections

    connections.close_all()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(initializer, initargs))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def fork_queue():
    """A queue a forked worker can put on (passed to it through `fork_pool`'s initargs)."""
    return multiprocessing.get_context("fork").Queue()
