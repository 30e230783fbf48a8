"""Every query of the contract is served for every role: reference data for all, personal data
per the access matrix, and the whole Vergunninghouder detail resolves."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from db.models import Gemeente, Plaatsingseenheid
from tests.conftest import Api
from tests.scopes import ALL_PERSONAS

REFERENCE = """{
  gemeente(code: "GM0344") { id code naam arbeidsmarktregio { code naam } uitplaatsingsregio { naam }
    taakstelling(periode: "2026-H2") { periode opgave gerealiseerd achterstandVorigePeriode nogTeHuisvesten } }
  gemeenten { code }
  arbeidsmarktregios { id code naam gemeenten { code } }
  uitplaatsingsregios { id naam regievoerders { naam email telefoonnummer } gemeenten { code } }
}"""

DETAIL = """query Detail($v: String!) { vergunninghouder(vNummer: $v) {
  id vNummer voornamen achternaam geslacht bsn geboortedatum nationaliteit etniciteit fase
  gekoppeldeGemeente { code naam } koppeling { gemeente { code } koppeldatum taakstellingPeriode }
  historisch geblokkeerd gesprekGevoerd azc { naam plaats }
  plaatsingseenheid { id pleNummer gekoppeldeGemeente { code } aantalPersonen
    leden { vNummer voornamen } huurcontract { adres { straat huisnummer toevoeging postcode plaats } ingangsdatum verhuurder }
    formulieren { soort naam beschrijving downloadUrl } }
  plaatsingskenmerken { huishoudgrootte rolstoeltoegankelijkNodig medischeUrgentie toelichting }
  toestemming { status ondertekendOp ingetrokkenOp }
  klantprofiel { __typename
    ... on KlantprofielNietBeschikbaar { reden }
    ... on Klantprofiel { versie verzondenOp pdfUrl contactpersoonCoa { naam email }
      persoonlijk { geboorteplaats talen burgerlijkeStaat telefoonnummer email }
      familie { gezinsleden { voornaam relatie geboortejaar verblijfplaats } gezinsherenigingAangevraagd toelichting }
      status { vergunningVerleendOp vergunningsgrond geldigTot }
      inburgering { inburgeringsplichtig leerroute voorinburgeringGevolgd knmAfgerond }
      educatie { taalvaardigheid { taal niveau } nederlandsNiveau opleidingen { niveau richting land diplomaBehaald jaar } contactMetUaf diplomawaardering }
      arbeid { heeftCv werkervaring { functie sector land jaren } zelfwerkzaamheid overigeCompetenties vrijetijdsbesteding }
      ambities } }
  klantprofielVersies { versie }
  nareizigers { id vNummer voornamen achternaam geslacht geboortedatum nationaliteit relatieTotReferent
    referent { vNummer } gekoppeldeGemeente { code } mvvStap mvvStapSinds woningcheck historisch
    toestemming { status } klantprofiel { __typename } }
} }"""


@pytest.mark.parametrize("persona", ALL_PERSONAS)
async def test_reference_data_for_every_role(api: Api, persona: str) -> None:
    data = await api.data(persona, REFERENCE)
    assert data["gemeente"]["arbeidsmarktregio"]["code"] == "AM13"
    assert len(data["arbeidsmarktregios"]) == 35
    regions = {r["naam"]: r for r in data["uitplaatsingsregios"]}
    assert len(regions) == 5 and all(len(r["regievoerders"]) == 2 for r in regions.values())
    assert any(g["code"] == "GM0344" for r in regions.values() for g in r["gemeenten"])
    assert data["gemeente"]["taakstelling"][0]["periode"] == "2026-H2"
    assert len(data["gemeenten"]) >= 100


async def test_the_whole_detail_resolves(api: Api) -> None:
    """The family with nareizigers in Utrecht: every field of the contract, for the gemeente."""
    rows = await api.data(
        "utrecht", "{ vergunninghouders(first: 500) { nodes { vNummer nareizigers { vNummer } } } }"
    )
    v = next(n["vNummer"] for n in rows["vergunninghouders"]["nodes"] if n["nareizigers"])
    person = (await api.data("utrecht", DETAIL, {"v": v}))["vergunninghouder"]
    assert person["vNummer"] == v and person["nareizigers"]
    assert person["koppeling"]["gemeente"]["code"] == "GM0344"
    assert person["plaatsingseenheid"]["huurcontract"] is not None
    assert {n["referent"]["vNummer"] for n in person["nareizigers"]} == {v}
    kp = person["klantprofiel"]
    assert kp["__typename"] == "Klantprofiel" and kp["pdfUrl"].endswith(
        f"/klantprofielen/{v}.pdf?versie={kp['versie']}"
    )
    assert kp["contactpersoonCoa"]["email"].endswith("@coa.demo")


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("utrecht", True),
        ("casemanager", True),
        ("regievoerder", True),
        ("amsterdam", False),
        ("derde", None),
        ("amr", None),
        ("fg", None),
    ],
)
async def test_plaatsingseenheid_by_number(api: Api, persona: str, sees: bool | None) -> None:
    utrecht = sa.select(Gemeente.id).where(Gemeente.code == "GM0344").scalar_subquery()
    ple = await api.scalar(
        sa.select(Plaatsingseenheid.ple_nummer)
        .where(Plaatsingseenheid.gekoppelde_gemeente_id == utrecht)
        .limit(1)
    )
    body = await api.gql(
        persona,
        "query($p: String!) { plaatsingseenheid(pleNummer: $p) { pleNummer leden { vNummer } } }",
        {"p": ple},
    )
    if sees is None:  # the role may not read HUISVESTING at all
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    elif sees:
        assert body["data"]["plaatsingseenheid"]["pleNummer"] == ple
    else:
        assert body == {"data": {"plaatsingseenheid": None}}


@pytest.mark.parametrize(
    ("persona", "code", "expected"),
    [
        ("utrecht", None, "own"),
        ("beheerder", "GM0363", "none"),
        ("derde", None, "itself"),
        ("casemanager", "GM0344", "own"),
        ("regievoerder", "GM0344", "own"),
        ("casemanager", None, "error"),
    ],
)
async def test_contactpersonen(api: Api, persona: str, code: str | None, expected: str) -> None:
    body = await api.gql(
        persona,
        "query($c: String) { contactpersonen(gemeenteCode: $c) { email naam gemeente { code } notificaties { klantprofiel } magInloggen beheerder grondslag gebruikersnaam } }",
        {"c": code},
    )
    if expected == "error":
        assert body["errors"][0]["extensions"] == {
            "code": "VALIDATION_FAILED",
            "velden": {"gemeenteCode": "verplicht voor COA-rollen"},
        }
        return
    contacts = body["data"]["contactpersonen"]
    if expected == "none":
        assert contacts == []
    elif expected == "itself":
        assert [c["email"] for c in contacts] == ["begeleider@vluchtelingenwerk.demo"]
        assert contacts[0]["grondslag"]
    else:
        assert len(contacts) >= 4 and {c["gemeente"]["code"] for c in contacts} == {"GM0344"}
        logins = {c["email"]: c["gebruikersnaam"] for c in contacts}
        assert logins["medewerker@utrecht.demo"] == "medewerker@utrecht.demo"


@pytest.mark.parametrize("code", ["GM344", "utrecht", ""])
async def test_a_malformed_gemeente_code_is_validation_failed(api: Api, code: str) -> None:
    body = await api.gql("utrecht", "query($c: String!) { gemeente(code: $c) { naam } }", {"c": code})
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"
    assert await api.data("utrecht", '{ gemeente(code: "GM0000") { naam } }') == {"gemeente": None}


async def test_mijn_notificaties_unread_and_paging(api: Api) -> None:
    all_ = (
        await api.data(
            "utrecht",
            "{ mijnNotificaties(first: 3) { totalCount nodes { gelezen } pageInfo { hasNextPage endCursor } } }",
        )
    )["mijnNotificaties"]
    unread = (
        await api.data(
            "utrecht",
            "{ mijnNotificaties(alleenOngelezen: true, first: 50) { totalCount nodes { gelezen } } }",
        )
    )["mijnNotificaties"]
    assert all_["pageInfo"]["hasNextPage"] and unread["totalCount"] < all_["totalCount"]
    assert not any(n["gelezen"] for n in unread["nodes"])
