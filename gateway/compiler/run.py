"""Running a compiled read: the statements, the access log, and the response body.

Each root field's statement returns its JSON as text and its audit entries. The body is those
texts wrapped as ``{"data": {...}}``: never decoded and re-encoded. Two things PostgreSQL cannot
do are spliced into the text afterwards, at placeholders no data can forge (an object whose key
starts with ``$``; GraphQL names cannot, and strings come JSON-escaped):

- ``{"$c" : [k, v1, v2, ...]}``: the raw sort values of a row, sealed here into a cursor of the
  k-th connection's ordering (AES-GCM, gateway/cursors.py);
- ``{"$v" : "<hex>"}``: an access-log record's encrypted V-nummer, decrypted here for the FG.

Audit entries are ``<position>:<V-nummer>`` (a V-nummer has exactly 10 characters, a database
constraint) or ``<position>:#<hex>`` (an encrypted V-nummer), comma-separated; the position names
the groups the resolver path would record for that place in the document.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import orjson

from gateway.audit import AuditCipher, AuditLog
from gateway.cursors import encode_cursor
from gateway.reader import Reader

if TYPE_CHECKING:
    from gateway.compiler.extension import Compiled

_DECODER = json.JSONDecoder()
_ENTRY = re.compile(r"(\d+):(?:#([0-9a-f]*)|(.{10}))(?:,+|$)", re.DOTALL)


class Decrypted:
    """Encrypted V-nummers of this response, each decrypted once."""

    def __init__(self, cipher: AuditCipher) -> None:
        self._cipher = cipher
        self._seen: dict[str, str] = {}

    def __call__(self, hex_blob: str) -> str:
        found = self._seen.get(hex_blob)
        if found is None:
            found = self._seen[hex_blob] = self._cipher.decrypt(bytes.fromhex(hex_blob))
        return found


def record(audit: AuditLog, b: Compiled, entries: str | None, decrypted: Decrypted) -> None:
    """Put the persons an answer showed in the access log, with their groups."""
    if not entries:
        return
    pos = 0
    text = entries.lstrip(",")
    while pos < len(text):
        m = _ENTRY.match(text, pos)
        if m is None:
            raise ValueError(f"unreadable audit entry at {pos}")
        groups = b.positions[int(m.group(1))]
        v_nummer = decrypted(m.group(2)) if m.group(2) is not None else m.group(3)
        audit.shown(v_nummer, groups)
        pos = m.end()


def splice(text: str, b: Compiled, decrypted: Decrypted) -> str:
    """Replace the placeholders by sealed cursors and decrypted V-nummers."""
    start = text.find('{"$')
    if start < 0:
        return text
    out: list[str] = []
    pos = 0
    while start >= 0:
        placeholder, end = _DECODER.raw_decode(text, start)
        out.append(text[pos:start])
        if "$c" in placeholder:
            k, *values = placeholder["$c"]
            out.append('"' + encode_cursor(b.orderings[k].name, values) + '"')
        else:
            out.append(orjson.dumps(decrypted(placeholder["$v"])).decode())
        pos = end
        start = text.find('{"$', pos)
    out.append(text[pos:])
    return "".join(out)


async def execute(reader: Reader, b: Compiled, audit: AuditLog, cipher: AuditCipher) -> bytes:
    """Run the statements (one per root field, in order) and build the response body."""
    texts: list[tuple[str, str]] = []
    entries: list[str | None] = []
    for key, statement in b.statements:
        if isinstance(statement, str):
            texts.append((key, statement))
            continue
        row = await reader.first(statement)
        assert row is not None
        texts.append((key, row.data if row.data is not None else "null"))
        entries.append(row.audit)
    decrypted = Decrypted(cipher)
    for e in entries:
        record(audit, b, e, decrypted)
    fields = ",".join(orjson.dumps(key).decode() + ":" + splice(text, b, decrypted) for key, text in texts)
    return ('{"data":{' + fields + "}}").encode()
