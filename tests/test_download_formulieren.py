"""GET /plaatsingseenheden/{pleNummer}/formulieren/{soort}: the forms of a household."""

from __future__ import annotations

import io

import docx
import sqlalchemy as sa

from db.enums import AuditResultaat
from db.models import Plaatsingseenheid, Vergunninghouder
from tests.cast import ophalen, ple_nummer
from tests.conftest import Api

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GEMEENTE_GROEPEN = "BASIS,BIJZONDER,BSN,HUISVESTING"


def url(ple: str, soort: str) -> str:
    return f"/plaatsingseenheden/{ple}/formulieren/{soort}"


async def leden(api: Api, ple: str) -> list[sa.Row]:
    return await api.rows(
        sa.select(Vergunninghouder)
        .join(Plaatsingseenheid, Plaatsingseenheid.id == Vergunninghouder.plaatsingseenheid_id)
        .where(Plaatsingseenheid.ple_nummer == ple)
        .order_by(Vergunninghouder.id)
    )


def docx_tekst(content: bytes) -> str:
    """All text of a Word file, paragraphs and table cells, as python-docx reads it back."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


async def test_the_informatieformulier_is_a_word_file_with_the_households_data(api: Api) -> None:
    ple = await ple_nummer(api, "GM0344", min_leden=3)
    members = await leden(api, ple)

    got = await ophalen(api, "utrecht", url(ple, "INFORMATIEFORMULIER"))

    assert got.status == 200
    assert got.response.headers["content-type"] == DOCX
    assert got.response.headers["cache-control"] == "no-store"
    assert f"informatieformulier-{ple}.docx" in got.response.headers["content-disposition"]
    text = docx_tekst(got.response.content)
    assert "Informatieformulier" in text and ple in text and "Utrecht (GM0344)" in text
    for lid in members:
        assert lid.v_nummer in text and f"{lid.voornamen} {lid.achternaam}" in text
        if lid.bsn:
            assert lid.bsn in text
    records = await got.audit(api)
    assert sorted(api.state.cipher.decrypt(r.v_nummer_versleuteld) for r in records) == sorted(
        lid.v_nummer for lid in members
    )
    assert {r.gegevensgroepen for r in records} == {GEMEENTE_GROEPEN}
    assert {r.operatie for r in records} == {
        "GET /plaatsingseenheden/{pleNummer}/formulieren/INFORMATIEFORMULIER"
    }


async def test_the_inkomstenverklaring_names_every_member(api: Api) -> None:
    ple = await ple_nummer(api, "GM0344", min_leden=3)
    members = await leden(api, ple)

    got = await ophalen(api, "beheerder", url(ple, "INKOMSTENVERKLARING"))

    assert got.status == 200 and got.response.headers["content-type"] == DOCX
    text = docx_tekst(got.response.content)
    assert "Inkomstenverklaring" in text and "Ondertekening" in text
    assert all(lid.v_nummer in text for lid in members)
    assert len(await got.audit(api)) == len(members)


async def test_the_informatieformulier_huisvesting_is_a_page_without_bsn_or_nationality(api: Api) -> None:
    ple = await ple_nummer(api, "GM0344", min_leden=3)
    members = await leden(api, ple)

    got = await ophalen(api, "utrecht", url(ple, "INFORMATIEFORMULIER_HUISVESTING"))

    assert got.status == 200
    assert got.response.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in got.response.headers["content-security-policy"]
    page = got.response.text
    assert page.startswith("<!doctype html>") and "<script" not in page
    for lid in members:
        assert f"{lid.voornamen} {lid.achternaam}" in page
        assert not lid.bsn or lid.bsn not in page  # also for the woningcorporatie: no BSN
        assert lid.nationaliteit not in page
    assert {r.gegevensgroepen for r in await got.audit(api)} == {"BASIS,BIJZONDER,HUISVESTING"}


async def test_every_role_gets_the_forms_graphql_would_link(api: Api) -> None:
    ple = await ple_nummer(api, "GM0344", min_leden=3)
    unknown = await ophalen(api, "utrecht", url("99999999", "INFORMATIEFORMULIER"))
    may_have = {"utrecht", "beheerder", "casemanager", "regievoerder"}
    for role in ("utrecht", "beheerder", "casemanager", "regievoerder", "nieuwegein", "amsterdam"):
        got = await ophalen(api, role, url(ple, "INFORMATIEFORMULIER"))
        if role in may_have:
            assert got.status == 200 and docx_tekst(got.response.content), role
        else:
            assert got.status == 404 and got.response.content == unknown.response.content, role
            assert await got.audit(api) == [], role
    for role in ("derde", "amr", "fg"):  # roles without HUISVESTING: refused, and logged as such
        got = await ophalen(api, role, url(ple, "INFORMATIEFORMULIER"))
        assert got.status == 404 and got.response.content == unknown.response.content, role
        [record] = await got.audit(api)
        assert record.resultaat is AuditResultaat.GEWEIGERD and record.v_nummer_hmac is None, role


async def test_out_of_scope_unknown_and_unlinked_get_the_same_404(api: Api) -> None:
    amsterdam = await ple_nummer(api, "GM0363")
    utrecht = await ple_nummer(api, "GM0344")
    unlinked = await api.scalar(
        sa.select(Plaatsingseenheid.ple_nummer)
        .where(Plaatsingseenheid.gekoppelde_gemeente_id.is_(None))
        .limit(1)
    )
    answers = [
        await ophalen(api, "utrecht", url("99999999", "INFORMATIEFORMULIER")),
        await ophalen(api, "utrecht", url(amsterdam, "INFORMATIEFORMULIER")),
        await ophalen(api, "utrecht", url(utrecht, "ONBEKEND")),
        await ophalen(api, "utrecht", url(utrecht, "KLANTPROFIEL")),  # that one is at /klantprofielen/
        await ophalen(api, "regievoerder", url(unlinked, "INFORMATIEFORMULIER")),  # in scope, not linked
    ]
    assert {a.status for a in answers} == {404}
    assert len({a.response.content for a in answers}) == 1
    for a in answers:
        assert await a.audit(api) == []


async def test_download_urls_in_graphql_fetch_the_forms(api: Api) -> None:
    ple = await ple_nummer(api, "GM0344", min_leden=3)
    data = await api.data(
        "utrecht",
        "query($p: String!) { plaatsingseenheid(pleNummer: $p) { formulieren { soort downloadUrl } } }",
        {"p": ple},
    )
    base = api.state.settings.public_url.rstrip("/")
    urls = {
        f["soort"]: f["downloadUrl"] for f in data["plaatsingseenheid"]["formulieren"] if f["downloadUrl"]
    }
    assert {"INFORMATIEFORMULIER", "INKOMSTENVERKLARING", "INFORMATIEFORMULIER_HUISVESTING"} <= set(urls)
    for download_url in urls.values():
        got = await ophalen(api, "utrecht", download_url.removeprefix(base))
        assert got.status == 200, download_url


async def test_every_value_in_the_html_page_is_escaped(fresh_api: Api) -> None:
    ple = await ple_nummer(fresh_api, "GM0344")
    [lid, *_] = await leden(fresh_api, ple)
    async with fresh_api.engine.begin() as conn:
        await conn.execute(
            sa.update(Vergunninghouder)
            .where(Vergunninghouder.id == lid.id)
            .values(voornamen="<script>alert(1)</script>", achternaam='Yılmaz "&" <b>')
        )

    got = await ophalen(fresh_api, "utrecht", url(ple, "INFORMATIEFORMULIER_HUISVESTING"))

    page = got.response.text
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Yılmaz &quot;&amp;&quot; &lt;b&gt;" in page


async def test_no_access_log_no_form(fresh_api: Api) -> None:
    ple = await ple_nummer(fresh_api, "GM0344")
    async with fresh_api.engine.begin() as conn:
        await conn.execute(sa.text("DROP VIEW audit_record"))
        await conn.execute(sa.text("DROP TABLE audit_event"))

    got = await ophalen(fresh_api, "utrecht", url(ple, "INFORMATIEFORMULIER"))

    assert got.status == 503 and got.response.headers["content-type"] == "application/json"
