"""A database of its own for each benchmark: created and migrated, used, dropped.

``with ScratchDatabase("bench_ledger") as scratch:`` runs its block against
``bench_ledger.sqlite3`` beside ``manage.py`` (no ``DATABASE_URL``) or
``<name>_bench_ledger`` on the PostgreSQL server of ``DATABASE_URL``: the
database is made and migrated on entry and dropped on the way out, whatever
happened inside. Given a ``stdout``, it says so there, with the time taken.

The configured database is never written to, and nothing needs to be in it: it
may be empty, not migrated yet, or a test's in-memory SQLite database. Inside
the block ``django.db.connection`` is a connection of its own to the scratch
database; the configured one is set aside untouched (left open if it was, with
any transaction it has) and put back afterwards.
"""

import copy
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections


class ScratchDatabase:
    def __init__(self, suffix, stdout=None):
        self.stdout = stdout
        self.configured = connections[DEFAULT_DB_ALIAS]
        self.configured_name = self.configured.settings_dict["NAME"]
        self.vendor = self.configured.vendor
        self.name = (
            str(settings.BASE_DIR / f"{suffix}.sqlite3")
            if self.vendor == "sqlite"
            else f"{self.configured_name}_{suffix}"
        )

    def __enter__(self):
        settings_dict = copy.deepcopy(self.configured.settings_dict)
        settings_dict["TEST"] = {**settings_dict["TEST"], "NAME": self.name}
        self.scratch = type(self.configured)(settings_dict, DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = self.scratch
        started = time.perf_counter()
        try:
            # Django's test database machinery: create (replacing a leftover
            # one), migrate, and point settings.DATABASES at it for the block.
            self.scratch.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        except BaseException:
            self.put_back()
            raise
        if self.stdout:
            seconds = time.perf_counter() - started
            what = "create and migrate the benchmark database"
            self.stdout.write(f"  {what:<58} {seconds:8.2f} s")
        # Cached content types hold the configured database's ids.
        ContentType.objects.clear_cache()
        return self

    def __exit__(self, *exception):
        try:
            self.scratch.creation.destroy_test_db(self.configured_name, verbosity=0)
        finally:
            self.put_back()
        if self.stdout:
            self.stdout.write("Benchmark database dropped.")

    def put_back(self):
        self.scratch.close()
        settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"] = self.configured_name
        self.configured.settings_dict["NAME"] = self.configured_name
        connections[DEFAULT_DB_ALIAS] = self.configured
        ContentType.objects.clear_cache()
