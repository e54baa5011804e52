import threading
from contextlib import contextmanager

from django.db import connections

from apps.imports.locking import import_lock


@contextmanager
def another_import():
    """Hold the import lock from another thread (its own connection) meanwhile."""
    taken, done = threading.Event(), threading.Event()

    def hold():
        try:
            with import_lock(0):
                taken.set()
                done.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(10), "the other import could not take the lock"
        yield done
    finally:
        done.set()
        holder.join()
