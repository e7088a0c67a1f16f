"""What a process read most recently, by data version: a few read-models shared by its requests while the data
they were read from is unchanged (plans/view.py `shared_view`, monitoring/stored.py `progress`)."""

import collections
import threading

from django.db import connection, transaction


class Recent:
    """The last `size` values by key, least recently used out. A key must name the data version it was read
    at (read before the data); `keep` waits for the commit, because a transaction that rolls back gives its
    version number back and later data would share it (as web/kept.py)."""

    def __init__(self, size):
        self.size, self.values, self.lock = size, collections.OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
            return value

    def keep(self, key, value):
        def keep():
            with self.lock:
                self.values[key] = value
                while len(self.values) > self.size:
                    self.values.popitem(last=False)

        if connection.in_atomic_block:
            transaction.on_commit(keep)
        else:
            keep()

    def clear(self):
        with self.lock:
            self.values.clear()
