"""A Document as one self-contained HTML page (the Informatieformulier Huisvesting is viewed, not
downloaded). Every value is escaped; the page loads nothing and runs no script, and the
Content-Security-Policy it is served with says so (its one stylesheet is allowed by hash)."""

from __future__ import annotations

import base64
import hashlib
from html import escape

from gateway.downloads.document import Blok, Document, Sectie, Tabel, Tekst, Velden

STYLE = """
body{font:15px/1.5 "DejaVu Sans",system-ui,sans-serif;color:#1a1a1a;max-width:52rem;margin:2rem auto;
padding:0 1rem}
.soort{color:#1f4e79;font-weight:700;text-transform:uppercase;letter-spacing:.04em;margin:0}
h1{font-size:1.8rem;margin:.1rem 0 1rem}
h2{color:#1f4e79;font-size:1.2rem;border-bottom:1px solid #c9d1d9;padding-bottom:.2rem;margin-top:1.8rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
dl{display:grid;grid-template-columns:16rem 1fr;gap:.15rem 1rem;margin:0}
dt{color:#5c6670}dd{margin:0}
.kenmerken{background:#eef2f6;padding:.6rem .8rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th{background:#eef2f6;text-align:left}
th,td{border-bottom:1px solid #c9d1d9;padding:.25rem .4rem;vertical-align:top}
footer{margin-top:2.5rem;color:#5c6670;font-size:.8rem;border-top:1px solid #c9d1d9;padding-top:.4rem}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}}
""".strip()

_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
#: Nothing may load or run; only the stylesheet above may apply.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


def _velden(v: Velden) -> str:
    items = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in v.rijen)
    return f"<dl>{items}</dl>"


def _tabel(t: Tabel) -> str:
    if not t.rijen:
        return f"<p>{escape(t.leeg)}</p>"
    head = "".join(f"<th>{escape(k)}</th>" for k in t.kolommen)
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in rij) + "</tr>" for rij in t.rijen)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _blok(b: Blok) -> str:
    if isinstance(b, Velden):
        return _velden(b)
    if isinstance(b, Tabel):
        return _tabel(b)
    assert isinstance(b, Tekst)
    return f"<p>{escape(b.tekst)}</p>"


def _sectie(sectie: Sectie, level: int = 2) -> str:
    parts = [f"<h{level}>{escape(sectie.titel)}</h{level}>"]
    parts += [_blok(b) for b in sectie.blokken]
    parts += [_sectie(sub, level + 1) for sub in sectie.subsecties]
    return f"<section>{''.join(parts)}</section>"


def render(doc: Document) -> str:
    kenmerken = _velden(Velden(doc.kenmerken))
    body = "".join(_sectie(s) for s in doc.secties)
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(doc.titel)}</title><style>{STYLE}</style></head><body>"
        f'<header><p class="soort">{escape(doc.soort)}</p><h1>{escape(doc.onderwerp)}</h1>'
        f'<div class="kenmerken">{kenmerken}</div></header>'
        f"<main>{body}</main>"
        f"<footer>Vertrouwelijk · {escape(doc.herkomst)}</footer></body></html>"
    )
