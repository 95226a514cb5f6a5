"""Assemble a finished run's tables from its streamed parts without holding the rows.

A sweep streams every finished range of tasks to its own Parquet part; the finished run
holds one file per table in canonical order (`runners.run.canonical`: the run's scenario
order, then draw, replication, year, trinn, group, age group). Sorting in pandas needs the
whole table in memory (and a copy): 2 GB at 4 x 1,000 replications, some 5 GB at 4 x 10,000.
Here DuckDB sorts (spilling to disk beyond its memory limit) and the rows go to the file in
batches through pyarrow, so the driver's memory does not grow with the replications.

The order equals `canonical`'s, ties included: `canonical` is a stable sort of the parts
concatenated in task order, so rows with equal keys keep their part's order (the parts'
names sort as their task ranges) and their order within the part. Text keys sort by code
point in both (DuckDB compares UTF-8 bytes, which orders as code points); a missing text
key sorts first, as `pandas.factorize` codes it -1. The file keeps the first part's schema
(and its pandas metadata), so pandas reads the same frame as before.

A table of at most a batch's rows (every table of the app's runs and the README's main
job) is sorted in Arrow instead, the same order by the same rules (`_sorted`; Arrow's sort
is stable, so ties keep the order the parts were read in: DuckDB's sort of these small
tables cost twice as much); the file is the same, byte for byte (one batch, one row group).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from results.comparison import MEMORY_LIMIT, connect
from results.rundir import RunDirError

#: the keys of `runners.run.canonical`, in order, after the scenario
SORT_KEYS: tuple[str, ...] = ("draw", "replication", "year", "trinn", "group", "age_group")
#: rows per batch written (one Parquet row group each): a few tens of MB in memory
BATCH_ROWS = 500_000


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _order_by(schema: pa.Schema, scenarios: Sequence[str]) -> str:
    cases = " ".join(f"WHEN {_literal(s)} THEN {i}" for i, s in enumerate(scenarios))
    terms = [f"CASE scenario {cases} END" if cases else "0"]
    for key in SORT_KEYS:
        if key not in schema.names:
            continue
        text = pa.types.is_string(schema.field(key).type) or pa.types.is_large_string(
            schema.field(key).type)
        terms.append(f"{_ident(key)} {'NULLS FIRST' if text else 'NULLS LAST'}")
    # ties keep the task order of the parts and the order within a part (a stable sort)
    return ", ".join([*terms, "filename", "file_row_number"])


def assemble_table(parts: Sequence[Path], dest: Path, scenarios: Sequence[str], *,
                   keep_below: int | None = None, memory_limit: str = MEMORY_LIMIT,
                   temp_dir: Path | str | None = None, batch_rows: int = BATCH_ROWS) -> int:
    """Write the rows of ``parts`` to ``dest`` in canonical order and return how many.

    Parameters
    ----------
    parts
        One table's Parquet parts in task order, all in one folder, named so that their
        names sort in that order (``part-<first>-<last>.parquet``).
    dest
        The Parquet file to write (its folder must exist).
    scenarios
        The run's scenario names in the run's order (the first sort key).
    keep_below
        Keep only replications below this number (a resumed run may hold more).
    memory_limit, temp_dir
        DuckDB's memory limit, and where it spills beyond it (a temporary folder by default).

    Raises
    ------
    RunDirError
        If there are no parts, or one is unreadable.
    """
    if not parts:
        raise RunDirError(dest.parent, "no finished parts")
    if len({p.parent for p in parts}) != 1 or list(parts) != sorted(parts):
        raise ValueError("parts must be in one folder, in name order")
    try:
        schema = pq.read_schema(parts[0])
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise RunDirError(parts[0], f"unreadable Parquet ({exc})") from exc
    files = "[" + ", ".join(_literal(p.as_posix()) for p in parts) + "]"
    where = "" if keep_below is None else f"WHERE replication < {int(keep_below)}"
    columns = ", ".join(_ident(n) for n in schema.names)
    query = (f"SELECT {columns} FROM read_parquet({files}, filename = true, "
             f"file_row_number = true) {where} ORDER BY {_order_by(schema, scenarios)}")
    with tempfile.TemporaryDirectory(dir=temp_dir, prefix="trappa-assemble-") as temp:
        con = connect(Path(temp), memory_limit)
        try:
            try:
                # at most a batch and a row in memory, as DuckDB's reader holds a batch;
                # the rows come in the parts' order, each part's in its own
                table = con.sql(f"SELECT {columns} FROM read_parquet({files}) {where} "
                                f"LIMIT {int(batch_rows) + 1}").to_arrow_table() if (
                    _arrow_sortable(schema)) else None
                if table is not None and table.num_rows <= batch_rows:
                    reader = _sorted(table.cast(schema), scenarios).combine_chunks().to_batches()
                else:
                    table = None  # not held while DuckDB sorts the whole table
                    reader = con.sql(query).to_arrow_reader(batch_rows)
            except Exception as exc:  # duckdb's IOException and friends
                raise RunDirError(dest.parent, f"cannot read the streamed parts ({exc})") from exc
            return _write(reader, schema, dest)
        finally:
            con.close()


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _arrow_sortable(schema: pa.Schema) -> bool:
    """Whether `_sorted` orders a table of ``schema`` as `_order_by` does: text or integer
    sort keys (a dictionary, a float, a date would need their own rules)."""
    if "scenario" not in schema.names or not _is_text(schema.field("scenario").type):
        return False
    return all(_is_text(schema.field(k).type) or pa.types.is_integer(schema.field(k).type)
               for k in SORT_KEYS if k in schema.names)


def _sorted(table: pa.Table, scenarios: Sequence[str]) -> pa.Table:
    """``table`` in `_order_by`'s order: the scenario's place in ``scenarios`` (an unknown
    one last), then the keys, text with missing values first, numbers with them last;
    ties in the table's order (Arrow's sort is stable)."""
    place = pc.index_in(table["scenario"],
                        value_set=pa.array(list(scenarios), table.schema.field("scenario").type))
    keyed = table.append_column("__place", place)
    keys = [("__place", "ascending")]
    for key in SORT_KEYS:
        if key not in table.schema.names:
            continue
        if _is_text(table.schema.field(key).type):
            # NULLS FIRST: a missing value's "is valid" (false) sorts before a value's
            keyed = keyed.append_column(f"__valid_{key}", pc.is_valid(table[key]))
            keys.append((f"__valid_{key}", "ascending"))
        keys.append((key, "ascending"))
    return table.take(pc.sort_indices(keyed, sort_keys=keys, null_placement="at_end"))


def _write(reader: Any, schema: pa.Schema, dest: Path) -> int:
    rows = 0
    with pq.ParquetWriter(dest, schema) as writer:
        for batch in reader:
            if batch.num_rows:
                writer.write_batch(batch.cast(schema))
                rows += batch.num_rows
    return rows


def validate_file(path: Path, check: Callable[[pd.DataFrame], None],
                  batch_rows: int = BATCH_ROWS) -> None:
    """Run ``check`` (a pandas table check such as `results.store.validate_yearly`) over a
    sorted Parquet file in batches; each batch starts with the previous batch's last row,
    so a repeated row is found across a batch boundary too (repeats are adjacent in a
    sorted table)."""
    last = None
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
        table = pa.Table.from_batches([batch])
        check((table if last is None else pa.concat_tables([last, table])).to_pandas())
        if batch.num_rows:
            last = table.slice(batch.num_rows - 1)
