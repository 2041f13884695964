"""Apply the numbered schema migrations in order, then (re)create the views.

Each migration ``migrations/NNNN_name.sql`` runs in its own transaction together with the
``schema_version`` row that records it, so a failed migration leaves neither half-made
tables nor a claim that it ran. Views are not versioned: every writable open re-runs
``views/*.sql`` (``CREATE OR REPLACE VIEW``), so the database always has the views of the
code that opened it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from warehouse.errors import WarehouseError, first_line
from warehouse.sql_files import sql_file_names, sql_folder

log = logging.getLogger(__name__)

MIGRATIONS_FOLDER = "migrations"
VIEWS_FOLDER = "views"
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_SCHEMA_VERSION_DDL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER   PRIMARY KEY,
    name       VARCHAR   NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE schema_version IS 'Migrations applied to this database, one row each.';
COMMENT ON COLUMN schema_version.version IS 'Number of the migration file (NNNN_name.sql).';
COMMENT ON COLUMN schema_version.name IS 'Name part of the migration file.';
COMMENT ON COLUMN schema_version.applied_at IS 'When the migration was applied (UTC).';
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """The migrations shipped with the package, in version order."""
    found: list[Migration] = []
    for file_name in sql_file_names(MIGRATIONS_FOLDER):
        match = _MIGRATION_NAME.match(file_name)
        if match is None:
            raise WarehouseError(f"migration file {file_name!r} is not named NNNN_name.sql")
        sql = sql_folder(MIGRATIONS_FOLDER).joinpath(file_name).read_text(encoding="utf-8")
        found.append(Migration(int(match.group(1)), match.group(2), sql))
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:
        # A gap or a duplicate number means two branches numbered a migration alike.
        raise WarehouseError(f"migration numbers {[m.version for m in found]} are not 1..n")
    return found


def latest_version(migrations: list[Migration] | None = None) -> int:
    chosen = available_migrations() if migrations is None else migrations
    return max((m.version for m in chosen), default=0)


def current_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The highest applied migration, or None when the database has never been migrated."""
    has_table = con.sql(
        "SELECT count(*) FROM duckdb_tables() "
        "WHERE table_name = 'schema_version' AND schema_name = 'main'"
    ).fetchall()[0][0]
    if not has_table:
        return None
    return con.sql("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection,
            migrations: list[Migration] | None = None) -> list[int]:
    """Apply pending migrations in order; return the versions applied (empty: up to date)."""
    chosen = available_migrations() if migrations is None else migrations
    con.execute(_SCHEMA_VERSION_DDL)
    applied = {row[0] for row in con.sql("SELECT version FROM schema_version").fetchall()}
    newest_known = latest_version(chosen)
    if applied and max(applied) > newest_known:
        raise WarehouseError(
            f"database is at schema version {max(applied)} but this leadtrends only knows "
            f"up to {newest_known}; upgrade leadtrends to open it"
        )
    done: list[int] = []
    for migration in sorted(chosen, key=lambda m: m.version):
        if migration.version in applied:
            continue
        con.begin()
        try:
            comments = _comments(con)
            con.execute(migration.sql)
            _restore_comments(con, comments)
            con.execute(
                "INSERT INTO schema_version (version, name, applied_at) "
                "VALUES ($version, $name, $applied_at)",
                {"version": migration.version, "name": migration.name,
                 "applied_at": datetime.now(UTC).replace(tzinfo=None)},
            )
            con.commit()
        except duckdb.Error as exc:
            con.rollback()
            raise WarehouseError(
                f"migration {migration.version:04d}_{migration.name} failed and was rolled "
                f"back: {first_line(exc)}"
            ) from exc
        log.info("applied migration %04d_%s", migration.version, migration.name)
        done.append(migration.version)
    return done


def _comments(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None, str]]:
    """(table, column or None, comment) of every commented table and table column."""
    return con.sql("""
        SELECT table_name, NULL, comment FROM duckdb_tables()
        WHERE schema_name = 'main' AND comment IS NOT NULL
        UNION ALL
        SELECT c.table_name, c.column_name, c.comment
        FROM duckdb_columns() AS c
        JOIN duckdb_tables() AS t ON t.table_name = c.table_name AND t.schema_name = 'main'
        WHERE c.schema_name = 'main' AND c.comment IS NOT NULL
    """).fetchall()


def _restore_comments(con: duckdb.DuckDBPyConnection,
                      comments: list[tuple[str, str | None, str]]) -> None:
    """A migration that rebuilds a table under its old name keeps the comments it had.

    Only comments the migration left empty are restored, so a migration can still reword
    one. COMMENT ON takes no bound parameters; names come from the catalog and the text is
    quoted as a SQL literal.
    """
    now = {(table, column): comment for table, column, comment in _comments(con)}
    present = {(table, column) for table, column in con.sql(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'"
    ).fetchall()} | {(table, None) for (table,) in con.sql(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    for table, column, comment in comments:
        if (table, column) not in present or (table, column) in now:
            continue
        target = f'TABLE "{table}"' if column is None else f'COLUMN "{table}"."{column}"'
        literal = comment.replace("'", "''")
        con.execute(f"COMMENT ON {target} IS '{literal}'")


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Re-create every view from ``views/*.sql`` in one transaction; return the files applied."""
    names = sql_file_names(VIEWS_FOLDER)
    current = ""
    con.begin()
    try:
        for current in names:
            con.execute(sql_folder(VIEWS_FOLDER).joinpath(current).read_text(encoding="utf-8"))
        con.commit()
    except duckdb.Error as exc:
        con.rollback()
        raise WarehouseError(f"view {current} failed to apply: {first_line(exc)}") from exc
    return names
