"""Taakstelling figures against hand-computed cases, including the edges of a half year."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from db.enums import Fase, Geslacht, MvvStap, RelatieTotReferent, WoningcheckResultaat
from db.models import (
    Arbeidsmarktregio,
    Gemeente,
    Nareiziger,
    Taakstelling,
    Uitplaatsingsregio,
    Vergunninghouder,
)
from gateway.resolvers.taakstelling import bereken, periode_van
from tests.conftest import Api

QUERY = 'query($p: String) { gemeente(code: "GM9990") { taakstelling(periode: $p) { periode opgave gerealiseerd achterstandVorigePeriode nogTeHuisvesten } } }'


async def _testdorp(api: Api) -> int:
    """A gemeente of our own: opgave 3 in 2026-H1 and 4 in 2026-H2, people housed at the edges."""
    async with api.engine.begin() as conn:
        am = (
            await conn.execute(sa.select(Arbeidsmarktregio.id).where(Arbeidsmarktregio.code == "AM13"))
        ).scalar()
        regio = (
            await conn.execute(sa.select(Uitplaatsingsregio.id).where(Uitplaatsingsregio.code == "MIDDEN"))
        ).scalar()
        gid = (
            await conn.execute(
                sa.insert(Gemeente)
                .values(
                    code="GM9990",
                    naam="Testdorp",
                    provincie="PV26",
                    arbeidsmarktregio_id=am,
                    uitplaatsingsregio_id=regio,
                )
                .returning(Gemeente.id)
            )
        ).scalar_one()
        await conn.execute(
            sa.insert(Taakstelling),
            [
                {"gemeente_id": gid, "periode": "2026-H1", "opgave": 3},
                {"gemeente_id": gid, "periode": "2026-H2", "opgave": 4},
            ],
        )
        housed = [date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1), date(2026, 12, 31), date(2027, 1, 1)]
        ids = []
        for i, d in enumerate(housed):
            ids.append(
                (
                    await conn.execute(
                        sa.insert(Vergunninghouder)
                        .values(
                            v_nummer=f"99990000{i:02d}",
                            voornamen="T",
                            achternaam="Test",
                            geslacht=Geslacht.ONBEKEND,
                            fase=Fase.GEHUISVEST,
                            gekoppelde_gemeente_id=gid,
                            koppeldatum=date(2025, 12, 1),
                            gehuisvest_op=d,
                            historisch=True,
                            geblokkeerd=False,
                            gesprek_gevoerd=True,
                            rolstoeltoegankelijk_nodig=False,
                        )
                        .returning(Vergunninghouder.id)
                    )
                ).scalar_one()
            )
        # A nareiziger housed in 2026-H2 counts too; one still travelling does not.
        for i, (stap, d) in enumerate(
            ((MvvStap.GEHUISVEST, date(2026, 9, 15)), (MvvStap.MVV_AFGEGEVEN, None))
        ):
            await conn.execute(
                sa.insert(Nareiziger).values(
                    v_nummer=f"99991000{i:02d}",
                    voornamen="N",
                    achternaam="Test",
                    geslacht=Geslacht.VROUW,
                    relatie_tot_referent=RelatieTotReferent.PARTNER,
                    referent_id=ids[0],
                    gekoppelde_gemeente_id=gid,
                    mvv_stap=stap,
                    mvv_stap_sinds=d or date(2026, 10, 1),
                    woningcheck=WoningcheckResultaat.GESCHIKT,
                    historisch=False,
                    gehuisvest_op=d,
                )
            )
    return int(gid)


async def test_taakstelling_by_hand(fresh_api: Api) -> None:
    await _testdorp(fresh_api)
    rows = (await fresh_api.data("utrecht", QUERY, {"p": None}))["gemeente"]["taakstelling"]
    # 2026-H1: opgave 3, housed 1 jan and 30 jun (the edge belongs to H1) = 2, nothing carried.
    # 2026-H2: opgave 4, housed 1 jul, 31 dec and the nareiziger = 3, achterstand 3 - 2 = 1,
    #          still to house 4 + 1 - 3 = 2. The person housed on 1 jan 2027 counts for 2027-H1.
    assert rows == [
        {
            "periode": "2026-H1",
            "opgave": 3,
            "gerealiseerd": 2,
            "achterstandVorigePeriode": 0,
            "nogTeHuisvesten": 1,
        },
        {
            "periode": "2026-H2",
            "opgave": 4,
            "gerealiseerd": 3,
            "achterstandVorigePeriode": 1,
            "nogTeHuisvesten": 2,
        },
    ]
    one = (await fresh_api.data("casemanager", QUERY, {"p": "2026-H2"}))["gemeente"]["taakstelling"]
    assert one == rows[1:]


def test_a_surplus_carries_over_as_credit() -> None:
    """Het Hogeland (domain.md): 37 + 14 backlog = 51; housed 55: 4 credited to the next period."""
    from types import SimpleNamespace as R

    figures = bereken([R(periode="2023-H1", opgave=37), R(periode="2023-H2", opgave=30)], {"2023-H1": 55})
    figures_with_backlog = bereken(
        [R(periode="2022-H2", opgave=14), R(periode="2023-H1", opgave=37), R(periode="2023-H2", opgave=30)],
        {"2023-H1": 55},
    )
    assert figures[1].achterstand_vorige_periode == -18
    h1, h2 = figures_with_backlog[1], figures_with_backlog[2]
    assert (h1.achterstand_vorige_periode, h1.nog_te_huisvesten) == (14, 0)
    assert (h2.achterstand_vorige_periode, h2.nog_te_huisvesten) == (-4, 26)


def test_period_edges() -> None:
    assert periode_van(date(2026, 6, 30)) == "2026-H1"
    assert periode_van(date(2026, 7, 1)) == "2026-H2"
    assert periode_van(date(2026, 12, 31)) == "2026-H2"
    assert periode_van(date(2027, 1, 1)) == "2027-H1"
