"""GET /klantprofielen/{vNummer}.pdf: the klantprofiel as PDF, under the same policy as GraphQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from db.enums import AuditResultaat, Gegevensgroep, ToestemmingSoort
from db.models import Gemeente, Klantprofiel, Nareiziger, Toestemming, Vergunninghouder
from gateway.app import create_app
from tests.cast import LAATSTE_VERSIE, in_volgorde, ophalen, pdf_tekst, persoon, profiel
from tests.conftest import Api, make_settings

VERLEEND, INGETROKKEN = ToestemmingSoort.VERLEEND, ToestemmingSoort.INGETROKKEN
PERSOONLIJK = ("Persoonlijke gegevens", "Familiegegevens", "Statusgegevens")
PARTICIPATIE = ("Inburgeringsgegevens", "Educatieve gegevens", "Arbeidsgegevens", "Ambities")
SUBSECTIES = (
    "Overige gezinsleden",
    "Gezinshereniging",
    "Taalvaardigheid",
    "Onderwijsgegevens",
    "Contact met UAF",
    "Diplomawaardering (IDW/ION)",
    "CV",
    "Werkervaring",
    "Zelfwerkzaamheid",
    "Overige competenties",
    "Vrijetijdsbesteding",
)
BEIDE = "KLANTPROFIEL_PARTICIPATIE,KLANTPROFIEL_PERSOONLIJK"


def url(v_nummer: str, versie: int | None = None) -> str:
    return f"/klantprofielen/{v_nummer}.pdf" + (f"?versie={versie}" if versie else "")


async def test_a_full_profile_has_every_section_in_tvs_order_and_the_casemanager_at_the_bottom(
    api: Api,
) -> None:
    vh = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 2)
    kp = await profiel(api, vh.id)

    got = await ophalen(api, "utrecht", url(vh.v_nummer))

    assert got.status == 200
    assert got.response.headers["content-type"] == "application/pdf"
    assert got.response.headers["cache-control"] == "no-store"
    disposition = got.response.headers["content-disposition"]
    assert vh.v_nummer in disposition and f"versie-{kp.versie}" in disposition
    text = pdf_tekst(got.response.content)
    assert in_volgorde(
        text,
        f"{vh.voornamen} {vh.achternaam}",
        "V-nummer",
        vh.v_nummer,
        "Versie",
        str(kp.versie),
        "Verzonden op",
    )
    assert in_volgorde(
        text,
        "Persoonlijke gegevens",
        kp.persoonlijk["geboorteplaats"],
        "Familiegegevens",
        "Overige gezinsleden",
        "Gezinshereniging",
        "Statusgegevens",
        kp.status["vergunningsgrond"],
        "Inburgeringsgegevens",
        "Educatieve gegevens",
        "Taalvaardigheid",
        "Onderwijsgegevens",
        "Contact met UAF",
        "Diplomawaardering (IDW/ION)",
        "Arbeidsgegevens",
        "Werkervaring",
        kp.arbeid["werkervaring"][0]["functie"],
        "Zelfwerkzaamheid",
        "Overige competenties",
        "Vrijetijdsbesteding",
        "Ambities",
        kp.ambities,
        "Contactpersoon COA",
        kp.coa_naam,
        kp.coa_email,
    )
    for lid in kp.familie["gezinsleden"]:
        assert lid["voornaam"] in text


async def test_a_sparse_profile_says_what_is_not_filled_in_yet(api: Api) -> None:
    vh = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE == 1)
    kp = await profiel(api, vh.id)
    assert kp.familie is None and kp.arbeid is None  # the first talk only

    got = await ophalen(api, "utrecht", url(vh.v_nummer))

    assert got.status == 200
    text = pdf_tekst(got.response.content)
    assert in_volgorde(
        text,
        "Persoonlijke gegevens",
        kp.persoonlijk["telefoonnummer"],
        "Familiegegevens",
        "Niet ingevuld",
        "Statusgegevens",
        kp.status["vergunningsgrond"],
        "Inburgeringsgegevens",
        "Niet ingevuld",
        "Ambities",
        "Niet ingevuld",
        "Contactpersoon COA",
        kp.coa_naam,
        kp.coa_email,
    )
    assert not any(sub in text for sub in ("Overige gezinsleden", "Werkervaring"))


async def test_an_arbeidsmarktregio_reader_gets_the_participation_sections_only(api: Api) -> None:
    vh = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 2)
    kp = await profiel(api, vh.id)

    got = await ophalen(api, "amr", url(vh.v_nummer))

    assert got.status == 200
    text = pdf_tekst(got.response.content)
    assert in_volgorde(text, *PARTICIPATIE, "Contactpersoon COA", kp.coa_naam, kp.coa_email)
    for absent in (*PERSOONLIJK, "Overige gezinsleden", "Gezinshereniging", "Geboorteplaats"):
        assert absent not in text
    for value in (kp.persoonlijk["telefoonnummer"], kp.status["vergunningsgrond"]):
        assert value not in text
    [record] = await got.audit(api)
    assert record.gegevensgroepen == "KLANTPROFIEL_PARTICIPATIE"


async def test_every_role_gets_what_graphql_would_give_it(api: Api) -> None:
    vh = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 2)
    not_found = await ophalen(api, "utrecht", url("0000000001"))
    # role: (status, sections shown); None: the same 404 as an unknown V-nummer
    expected = {
        "utrecht": PERSOONLIJK + PARTICIPATIE,
        "beheerder": PERSOONLIJK + PARTICIPATIE,
        "casemanager": PERSOONLIJK + PARTICIPATIE,
        "regievoerder": PERSOONLIJK + PARTICIPATIE,
        "derde": PARTICIPATIE,
        "amr": PARTICIPATIE,
        "nieuwegein": None,  # same arbeidsmarktregio, other gemeente: out of scope
        "amsterdam": None,
        "fg": None,
    }
    for role, sections in expected.items():
        got = await ophalen(api, role, url(vh.v_nummer))
        if sections is None:
            assert got.status == 404 and got.response.content == not_found.response.content, role
            continue
        assert got.status == 200, role
        text = pdf_tekst(got.response.content)
        assert in_volgorde(text, *sections, "Contactpersoon COA"), role
        hidden = [s for s in PERSOONLIJK + PARTICIPATIE if s not in sections]
        assert not [s for s in hidden if s in text], role


async def test_out_of_scope_and_unknown_get_the_same_404_and_only_in_scope_the_reason(api: Api) -> None:
    amsterdammer = await persoon(api, "GM0363", VERLEEND, LAATSTE_VERSIE >= 1)
    zonder_toestemming = await persoon(api, "GM0344", None)
    niet_verzonden = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE == 0)
    ingetrokken = await persoon(api, "GM0344", INGETROKKEN, LAATSTE_VERSIE >= 1)

    unknown = await ophalen(api, "utrecht", url("0000000001"))
    out_of_scope = await ophalen(api, "utrecht", url(amsterdammer.v_nummer))
    other_gemeente = await ophalen(api, "nieuwegein", url(zonder_toestemming.v_nummer))

    assert unknown.status == out_of_scope.status == other_gemeente.status == 404
    assert unknown.response.content == out_of_scope.response.content == other_gemeente.response.content
    assert unknown.response.headers["content-type"] == out_of_scope.response.headers["content-type"]
    assert unknown.response.json()["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    for got in (unknown, out_of_scope, other_gemeente):
        assert await got.audit(api) == []  # nothing of a person left the gateway
    for vh, reden in (
        (zonder_toestemming, "GEEN_TOESTEMMING"),
        (niet_verzonden, "NOG_NIET_VERZONDEN"),
        (ingetrokken, "TOESTEMMING_INGETROKKEN"),
    ):
        got = await ophalen(api, "utrecht", url(vh.v_nummer))
        assert got.status == 404
        assert got.response.json()["errors"][0]["extensions"] == {"code": "NOT_FOUND", "reden": reden}
        [record] = await got.audit(api)
        assert record.resultaat is AuditResultaat.GETOOND and record.gegevensgroepen == ""


async def test_the_casemanager_reads_a_profile_without_consent_to_share_it(api: Api) -> None:
    ingetrokken = await persoon(api, "GM0344", INGETROKKEN, LAATSTE_VERSIE >= 1)
    got = await ophalen(api, "casemanager", url(ingetrokken.v_nummer))
    assert got.status == 200 and "Contactpersoon COA" in pdf_tekst(got.response.content)


async def test_an_earlier_version_by_number(api: Api) -> None:
    vh = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 2)
    eerste = await profiel(api, vh.id, versie=1)
    unknown = await ophalen(api, "utrecht", url("0000000001"))

    got = await ophalen(api, "utrecht", url(vh.v_nummer, 1))
    missing = await ophalen(api, "utrecht", url(vh.v_nummer, 99))

    assert got.status == 200 and "versie-1" in got.response.headers["content-disposition"]
    assert in_volgorde(pdf_tekst(got.response.content), "Versie\n1", "Contactpersoon COA", eerste.coa_naam)
    assert missing.status == 404 and missing.response.content == unknown.response.content


async def test_bad_input_is_a_validation_error(api: Api) -> None:
    bad_versie = await ophalen(api, "utrecht", url("1234567890") + "?versie=nul")
    bad_nummer = await ophalen(api, "utrecht", "/klantprofielen/12345.pdf")
    assert bad_versie.status == bad_nummer.status == 400
    assert bad_versie.response.json()["errors"][0]["extensions"]["velden"] == {
        "versie": "een versienummer: 1 of hoger"
    }
    assert set(bad_nummer.response.json()["errors"][0]["extensions"]["velden"]) == {"vNummer"}


async def test_without_a_token_there_is_nothing(api: Api) -> None:
    vh = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 1)
    got = await ophalen(api, None, url(vh.v_nummer))
    assert got.status == 401 and b"%PDF" not in got.response.content


async def test_each_download_writes_its_access_log_record_before_it_leaves(api: Api) -> None:
    vh = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 1)

    got = await ophalen(api, "utrecht", url(vh.v_nummer))

    [record] = await got.audit(api)
    assert record.operatie == "GET /klantprofielen/{vNummer}.pdf"  # the route, not the V-nummer
    assert api.state.cipher.decrypt(record.v_nummer_versleuteld) == vh.v_nummer
    assert record.gebruikersnaam == "medewerker@utrecht.demo"
    assert record.resultaat is AuditResultaat.GETOOND and record.gegevensgroepen == BEIDE


async def test_a_role_that_reads_no_klantprofiel_is_refused_and_logged(api: Api) -> None:
    vh = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 1)
    unknown = await ophalen(api, "utrecht", url("0000000001"))

    got = await ophalen(api, "fg", url(vh.v_nummer))

    assert got.status == 404 and got.response.content == unknown.response.content
    [record] = await got.audit(api)
    assert record.resultaat is AuditResultaat.GEWEIGERD and record.gegevensgroepen == BEIDE


async def test_pdf_url_in_graphql_fetches_the_profile(api: Api) -> None:
    vh = await persoon(api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 1)
    data = await api.data(
        "utrecht",
        "query($v: String!) { vergunninghouder(vNummer: $v) {"
        " klantprofiel { ... on Klantprofiel { pdfUrl } } } }",
        {"v": vh.v_nummer},
    )
    pdf_url = data["vergunninghouder"]["klantprofiel"]["pdfUrl"]
    got = await ophalen(api, "utrecht", pdf_url.removeprefix(api.state.settings.public_url.rstrip("/")))
    assert got.status == 200 and got.response.content.startswith(b"%PDF")


async def test_withdrawing_consent_stops_the_pdf_on_the_next_request(fresh_api: Api) -> None:
    vh = await persoon(fresh_api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 1)
    assert (await ophalen(fresh_api, "utrecht", url(vh.v_nummer))).status == 200

    async with fresh_api.engine.begin() as conn:
        await conn.execute(
            sa.insert(Toestemming).values(
                vergunninghouder_id=vh.id, soort=INGETROKKEN, datum=dt.date(2026, 12, 2)
            )
        )
    got = await ophalen(fresh_api, "utrecht", url(vh.v_nummer))

    assert got.status == 404 and b"%PDF" not in got.response.content
    assert got.response.json()["errors"][0]["extensions"]["reden"] == "TOESTEMMING_INGETROKKEN"


async def test_names_in_turkish_and_other_non_latin_1_letters_are_real_text(fresh_api: Api) -> None:
    vh = await persoon(fresh_api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 2)
    kp = await profiel(fresh_api, vh.id)
    async with fresh_api.engine.begin() as conn:
        await conn.execute(
            sa.update(Vergunninghouder)
            .where(Vergunninghouder.id == vh.id)
            .values(voornamen="Ayşe İpek", achternaam="Yılmaz-Kılıç")
        )
        # Versions are append-only: the casemanager sends a new one.
        await conn.execute(
            sa.insert(Klantprofiel).values(
                vergunninghouder_id=vh.id,
                versie=kp.versie + 1,
                verzonden_op=dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC),
                persoonlijk={**kp.persoonlijk, "geboorteplaats": "Diyarbakır"},
                familie=kp.familie,
                status=kp.status,
                inburgering=kp.inburgering,
                educatie=kp.educatie,
                arbeid={**kp.arbeid, "vrijetijdsbesteding": "Bağlama <spelen> & zingen"},
                ambities=kp.ambities,
                coa_naam="Gülşen Öztürk",
                coa_email="g.ozturk@coa.demo",
            )
        )

    got = await ophalen(fresh_api, "utrecht", url(vh.v_nummer))

    text = pdf_tekst(got.response.content)
    for expected in ("Ayşe İpek Yılmaz-Kılıç", "Diyarbakır", "Bağlama <spelen> & zingen", "Gülşen Öztürk"):
        assert expected in text
    assert b"DejaVuSans" in got.response.content  # the embedded TrueType font


async def test_no_access_log_no_document(fresh_api: Api) -> None:
    vh = await persoon(fresh_api, "GM0344", VERLEEND, LAATSTE_VERSIE >= 1)
    async with fresh_api.engine.begin() as conn:
        await conn.execute(sa.text("DROP VIEW audit_record"))
        await conn.execute(sa.text("DROP TABLE audit_event"))

    got = await ophalen(fresh_api, "utrecht", url(vh.v_nummer))

    assert got.status == 503 and b"%PDF" not in got.response.content
    assert got.response.json()["errors"][0]["extensions"]["code"] == "INTERNAL"


def test_section_groups_come_from_the_schema() -> None:
    from gateway.downloads.klantprofiel import SECTIES
    from gateway.schema import build_schema

    rules = build_schema().group_rules
    groups = {veld: rules.fields[("Klantprofiel", veld)] for veld, *_ in SECTIES}
    assert groups["persoonlijk"] == {Gegevensgroep.KLANTPROFIEL_PERSOONLIJK}
    assert groups["ambities"] == {Gegevensgroep.KLANTPROFIEL_PARTICIPATIE}


async def test_a_nareizigers_profile_follows_the_nareiziger_rules(fresh_api: Api) -> None:
    [n] = await fresh_api.rows(
        sa.select(Nareiziger)
        .join(Gemeente, Gemeente.id == Nareiziger.gekoppelde_gemeente_id)
        .where(Gemeente.code == "GM0344", ~sa.exists().where(Klantprofiel.nareiziger_id == Nareiziger.id))
        .order_by(Nareiziger.id)
        .limit(1)
    )
    async with fresh_api.engine.begin() as conn:
        await conn.execute(
            sa.insert(Toestemming).values(nareiziger_id=n.id, soort=VERLEEND, datum=dt.date(2026, 11, 1))
        )
        await conn.execute(
            sa.insert(Klantprofiel).values(
                nareiziger_id=n.id,
                versie=1,
                verzonden_op=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC),
                persoonlijk={"geboorteplaats": "Asmara", "talen": ["Tigrinya"]},
                inburgering={"inburgeringsplichtig": True, "leerroute": "Z_ROUTE"},
                coa_naam="Mirjam Hoekstra",
                coa_email="casemanager@coa.demo",
            )
        )
    unknown = await ophalen(fresh_api, "utrecht", url("0000000001"))

    gemeente = await ophalen(fresh_api, "utrecht", url(n.v_nummer))
    derde = await ophalen(fresh_api, "derde", url(n.v_nummer))
    amr = await ophalen(fresh_api, "amr", url(n.v_nummer))  # may not read nareizigers (BASIS)

    assert gemeente.status == 200
    assert in_volgorde(
        pdf_tekst(gemeente.response.content), f"{n.voornamen} {n.achternaam}", "Asmara", "Z-route"
    )
    assert derde.status == 200 and "Asmara" not in pdf_tekst(derde.response.content)
    assert amr.status == 404 and amr.response.content == unknown.response.content


def test_a_missing_pdf_font_stops_the_gateway_at_start_saying_what_to_install(
    tmp_path: Path, key_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings("sqlite+aiosqlite:///unused.db", key_dir, pdf_font_dir=tmp_path)
    with pytest.raises(SystemExit) as stopped:
        create_app(settings)
    assert stopped.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("tvs-gateway: invalid setting TVS_PDF_FONT_DIR") and "fonts-dejavu-core" in line
