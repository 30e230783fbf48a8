"""The download routes. Each one: check the input, find the subject through the scoped loaders and
the policy, build the document from what the role may read, render it, write the access log, and
only then answer.

- ``GET /klantprofielen/{vNummer}.pdf[?versie=N]``: the klantprofiel (latest, or version N).
- ``GET /plaatsingseenheden/{pleNummer}/formulieren/{soort}``: INFORMATIEFORMULIER and
  INKOMSTENVERKLARING as DOCX, INFORMATIEFORMULIER_HUISVESTING as an HTML page.

The AuthMiddleware has put the Principal in the request's scope (gateway/app.py protects both
prefixes). Whatever the reader may not have (out of scope, unknown, another role's data) gets the
same 404, byte for byte.
"""

from __future__ import annotations

import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from db.enums import FormulierSoort, KlantprofielReden
from db.enums import Gegevensgroep as G
from gateway import identifiers, policy
from gateway.downloads import docx, formulieren, html, klantprofiel, lookup, pdf
from gateway.downloads.document import Lezer
from gateway.downloads.fonts import FontMissing, PdfFonts, register
from gateway.downloads.responses import Download
from gateway.schema import GatewaySchema
from gateway.settings import Settings, SettingsError

KLANTPROFIEL_ROUTE = "GET /klantprofielen/{vNummer}.pdf"
FORMULIER_ROUTE = "GET /plaatsingseenheden/{pleNummer}/formulieren/{soort}"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_VERSIE = re.compile(r"[1-9][0-9]{0,8}")
_BESTANDSNAAM = re.compile(r"[^A-Za-z0-9-]")


class Downloads:
    def __init__(self, fonts: PdfFonts, schema: GatewaySchema) -> None:
        self.fonts = fonts
        self.type_groups = schema.group_rules.type_groups
        # Each klantprofiel section's groups, as the schema declares them on the Klantprofiel type
        # (a KeyError here, at start, if a section ever lost its @gegevensgroep).
        self.sectie_groepen = {
            veld: schema.group_rules.fields[("Klantprofiel", veld)] for veld, *_ in klantprofiel.SECTIES
        }
        self.profiel_groepen = frozenset().union(*self.sectie_groepen.values())

    @classmethod
    def from_settings(cls, settings: Settings, schema: GatewaySchema) -> Downloads:
        """Registers the PDF fonts now: a missing font stops the gateway at start, saying why."""
        try:
            return cls(register(settings.pdf_font_dir), schema)
        except FontMissing as exc:
            raise SettingsError(f"invalid setting TVS_PDF_FONT_DIR: {exc}") from None

    def routes(self) -> list[Route]:
        return [
            Route("/klantprofielen/{v_nummer}.pdf", self.klantprofiel, methods=["GET"]),
            Route("/plaatsingseenheden/{ple_nummer}/formulieren/{soort}", self.formulier, methods=["GET"]),
        ]

    async def klantprofiel(self, request: Request) -> Response:
        download = Download.start(request, KLANTPROFIEL_ROUTE)
        v_nummer = request.path_params["v_nummer"]
        versie_param = request.query_params.get("versie")
        fouten = {}
        if not identifiers.is_v_nummer(v_nummer):
            fouten["vNummer"] = "een V-nummer heeft 10 cijfers"
        if versie_param is not None and not _VERSIE.fullmatch(versie_param):
            fouten["versie"] = "een versienummer: 1 of hoger"
        if fouten:
            return download.validation_failed(fouten)
        versie = int(versie_param) if versie_param else None

        lezer = Lezer(policy.groups_for(download.principal.rol))
        if not self.profiel_groepen & lezer.mag_lezen:
            # This role reads no part of any klantprofiel: refused, as GraphQL's guard refuses it.
            download.ctx.audit.refused([v_nummer], self.profiel_groepen)
            return await download.not_found()

        gevonden = await lookup.persoon(download.ctx, v_nummer, self.type_groups)
        if gevonden is None:
            return await download.not_found()
        row = await lookup.klantprofiel(download.ctx, gevonden, versie)
        if row is None:  # no such version: nothing to tell apart from an unknown V-nummer
            return await download.not_found()
        if isinstance(row, KlantprofielReden):
            # In scope: the reader learns why there is no profile, as GraphQL tells it, and the
            # access log records that this person's record was looked at.
            download.ctx.audit.shown(v_nummer, ())
            return await download.niet_beschikbaar(row)

        document = klantprofiel.document(gevonden.persoon, row, lezer, self.sectie_groepen, download.herkomst)
        content = await run_in_threadpool(pdf.render, document, self.fonts)
        download.ctx.audit.shown(v_nummer, lezer.gebruikt)
        filename = f"klantprofiel-{v_nummer}-versie-{row.versie}.pdf"
        return await download.document(content, "application/pdf", f'attachment; filename="{filename}"')

    async def formulier(self, request: Request) -> Response:
        soort = FormulierSoort.__members__.get(request.path_params["soort"])
        if soort not in formulieren.FORMULIEREN:
            soort = None
        # The soort is no personal data: the access log names the form.
        route = FORMULIER_ROUTE.replace("{soort}", soort.value) if soort else FORMULIER_ROUTE
        download = Download.start(request, route)
        if soort is None:
            return await download.not_found()
        lezer = Lezer(policy.groups_for(download.principal.rol))
        if G.HUISVESTING not in lezer.mag_lezen:
            download.ctx.audit.refused([None], {G.HUISVESTING})
            return await download.not_found()

        huishouden = await lookup.huishouden(download.ctx, request.path_params["ple_nummer"], soort)
        if huishouden is None:
            return await download.not_found()

        document = formulieren.document(soort, huishouden, lezer, download.herkomst)
        naam = _BESTANDSNAAM.sub("-", f"{document.soort}-{huishouden.ple.ple_nummer}").lower()
        if soort is FormulierSoort.INFORMATIEFORMULIER_HUISVESTING:
            content: bytes | str = html.render(document)
            media_type, disposition = "text/html; charset=utf-8", f'inline; filename="{naam}.html"'
            extra = {"Content-Security-Policy": html.CONTENT_SECURITY_POLICY}
        else:
            content = await run_in_threadpool(docx.render, document)
            media_type, disposition, extra = DOCX, f'attachment; filename="{naam}.docx"', {}
        for v_nummer in huishouden.v_nummers:
            download.ctx.audit.shown(v_nummer, lezer.gebruikt)
        return await download.document(content, media_type, disposition, **extra)
