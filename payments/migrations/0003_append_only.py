"""The database itself refuses to change or delete ledger entries and lines
(PostgreSQL triggers), so not even a queryset ``update()``/``delete()`` or a
hand-written query can rewrite history: a mistake is put right with a new
entry. On SQLite (development) the models' own ``save``/``delete`` guard it.

TRUNCATE, which emptying a whole test database uses, fires no row trigger.
"""

from django.db import migrations

TABLES = ["payments_ledgerentry", "payments_ledgerline"]

CREATE = """
CREATE OR REPLACE FUNCTION payments_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The ledger is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'Record a new entry that moves the money back instead.';
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"""
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION payments_ledger_append_only();
"""
    for table in TABLES
)

DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS payments_ledger_append_only();"
)


def run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: the % in RAISE are PL/pgSQL's, not placeholders.
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_ledger"),
        # The move of the old credit ledger into this one happens before.
        ("brands", "0006_delete_old_ledger"),
    ]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
