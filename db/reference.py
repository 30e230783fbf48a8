"""Reference data shipped as CSV in db/reference/: regions and gemeenten (CBS codes).

`import_gemeenten` loads a fuller list in the same format as gemeenten.csv, idempotently:
a gemeente is matched on its CBS code, its name, province, region and population are updated.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import Arbeidsmarktregio, Gemeente, Uitplaatsingsregio
from gateway.identifiers import is_arbeidsmarktregio_code, is_cbs_gemeentecode

REFERENCE_DIR = Path(__file__).parent / "reference"
GEMEENTE_COLUMNS = ("code", "naam", "provincie", "arbeidsmarktregio", "inwoners")


class ReferenceDataError(ValueError):
    """A reference file with a bad row; the message names the file and line."""


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class GemeenteRow:
    code: str
    naam: str
    provincie: str
    arbeidsmarktregio: str
    inwoners: int | None


def parse_gemeenten(
    path: Path, provincie_regio: Mapping[str, object], am_codes: set[str]
) -> list[GemeenteRow]:
    """Read and check a gemeenten file; every error names its line."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in GEMEENTE_COLUMNS if c not in (reader.fieldnames or []) and c != "inwoners"]
        if missing:
            raise ReferenceDataError(f"{path}: missing columns {', '.join(missing)}")
        rows: list[GemeenteRow] = []
        seen: set[str] = set()
        for line, raw in enumerate(reader, start=2):
            code = (raw.get("code") or "").strip()
            where = f"{path}:{line}"
            if not is_cbs_gemeentecode(code):
                raise ReferenceDataError(f"{where}: {code!r} is not a CBS gemeentecode (GM0000)")
            if code in seen:
                raise ReferenceDataError(f"{where}: {code} appears twice")
            seen.add(code)
            provincie = (raw.get("provincie") or "").strip()
            if provincie not in provincie_regio:
                raise ReferenceDataError(f"{where}: province {provincie!r} is in no uitplaatsingsregio")
            am = (raw.get("arbeidsmarktregio") or "").strip()
            if not is_arbeidsmarktregio_code(am) or am not in am_codes:
                raise ReferenceDataError(f"{where}: unknown arbeidsmarktregio {am!r}")
            naam = (raw.get("naam") or "").strip()
            if not naam:
                raise ReferenceDataError(f"{where}: empty naam")
            inwoners_raw = (raw.get("inwoners") or "").strip()
            rows.append(GemeenteRow(code, naam, provincie, am, int(inwoners_raw) if inwoners_raw else None))
        return rows


async def load_regions(conn: AsyncConnection) -> None:
    """Insert arbeidsmarktregio's and uitplaatsingsregio's that are not there yet."""
    existing_am = set((await conn.execute(sa.select(Arbeidsmarktregio.code))).scalars())
    am_rows = [r for r in read_csv(REFERENCE_DIR / "arbeidsmarktregios.csv") if r["code"] not in existing_am]
    if am_rows:
        await conn.execute(
            sa.insert(Arbeidsmarktregio), [{"code": r["code"], "naam": r["naam"]} for r in am_rows]
        )
    existing_ur = set((await conn.execute(sa.select(Uitplaatsingsregio.code))).scalars())
    ur_rows = [r for r in read_csv(REFERENCE_DIR / "uitplaatsingsregios.csv") if r["code"] not in existing_ur]
    if ur_rows:
        await conn.execute(
            sa.insert(Uitplaatsingsregio),
            [{"code": r["code"], "naam": r["naam"], "provincies": r["provincies"]} for r in ur_rows],
        )


async def import_gemeenten(conn: AsyncConnection, path: Path) -> tuple[int, int]:
    """Insert or update gemeenten from `path`; returns (inserted, updated)."""
    await load_regions(conn)
    am_ids = dict((await conn.execute(sa.select(Arbeidsmarktregio.code, Arbeidsmarktregio.id))).all())
    regio_rows = (await conn.execute(sa.select(Uitplaatsingsregio.id, Uitplaatsingsregio.provincies))).all()
    provincie_regio = {pv: rid for rid, pvs in regio_rows for pv in pvs.split(";")}
    rows = parse_gemeenten(path, provincie_regio, set(am_ids))
    existing = dict((await conn.execute(sa.select(Gemeente.code, Gemeente.id))).all())
    inserted = updated = 0
    for row in rows:
        values = {
            "naam": row.naam,
            "provincie": row.provincie,
            "inwoners": row.inwoners,
            "arbeidsmarktregio_id": am_ids[row.arbeidsmarktregio],
            "uitplaatsingsregio_id": provincie_regio[row.provincie],
        }
        if row.code in existing:
            await conn.execute(sa.update(Gemeente).where(Gemeente.id == existing[row.code]).values(**values))
            updated += 1
        else:
            await conn.execute(sa.insert(Gemeente).values(code=row.code, **values))
            inserted += 1
    return inserted, updated


async def load_reference_data(conn: AsyncConnection) -> None:
    await import_gemeenten(conn, REFERENCE_DIR / "gemeenten.csv")
