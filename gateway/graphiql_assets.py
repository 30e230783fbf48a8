"""GraphiQL's script and style files: fetched from the npm registry at install time, never committed.

The page template (gateway/templates/graphiql.html) is the one list of what GraphiQL needs: each
``<script src>`` and ``<link href>`` under /graphiql/static/vendor/ names a package, its pinned
version and a file in its tarball, with the sha384 the browser will check. ``fetch`` runs
``npm pack PACKAGE@VERSION`` (so npm's own registry, proxy and CA settings apply), takes that file
from the tarball, checks it against the same sha384 and only then writes it under
gateway/static/vendor/. Files already there with the right hash are left alone, so running it
again is cheap and offline.

Standard library only, so an image build can run it before the project's dependencies are in:
``python -m gateway.graphiql_assets`` (or ``tvs-gateway fetch-graphiql``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "templates" / "graphiql.html"
VENDOR_DIR = HERE / "static" / "vendor"
#: Where the vendor directory is served; the template's asset URLs start with it.
VENDOR_URL = "/graphiql/static/vendor/"
HELP = "fetch GraphiQL's script and style files with npm and check their sha384"

_SPEC = re.compile(r"(?P<package>(?:@[a-z0-9._-]+/)?[a-z0-9._-]+)@(?P<version>\d[^/]*)/(?P<file>.+)")


class AssetError(Exception):
    """An asset could not be fetched or does not match its hash: nothing was written for it."""


@dataclass(frozen=True)
class Asset:
    package: str
    version: str
    file: str  # path inside the package, as unpkg serves it
    integrity: str  # "sha384-<base64>"

    @property
    def spec(self) -> str:
        return f"{self.package}@{self.version}"

    @property
    def relpath(self) -> str:
        return f"{self.spec}/{self.file}"

    def matches(self, content: bytes) -> bool:
        return sri(content) == self.integrity


def sri(content: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


class _AssetTags(HTMLParser):
    """Collects (url, integrity) of every <script src> and <link href> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        url = a.get("src") if tag == "script" else a.get("href") if tag == "link" else None
        if url:
            self.found.append((url, a.get("integrity")))


def asset_tags(html: str) -> list[tuple[str, str | None]]:
    parser = _AssetTags()
    parser.feed(html)
    return parser.found


def page_assets(template: Path = TEMPLATE) -> list[Asset]:
    """The vendored files the page loads, read from its tags. Each must carry a sha384 integrity."""
    assets = []
    for url, integrity in asset_tags(template.read_text(encoding="utf-8")):
        if not url.startswith(VENDOR_URL):
            continue
        m = _SPEC.fullmatch(url.removeprefix(VENDOR_URL))
        if m is None or not integrity or not integrity.startswith("sha384-"):
            raise AssetError(f"{template.name}: {url} needs PACKAGE@VERSION/FILE and a sha384 integrity")
        assets.append(Asset(m["package"], m["version"], m["file"], integrity))
    return assets


def problems(dest: Path = VENDOR_DIR, assets: list[Asset] | None = None) -> list[str]:
    """What is missing or wrong under `dest`; empty when every file is there with its hash."""
    out = []
    for asset in page_assets() if assets is None else assets:
        path = dest / asset.relpath
        if not path.is_file():
            out.append(f"{asset.relpath}: missing")
        elif not asset.matches(path.read_bytes()):
            out.append(f"{asset.relpath}: sha384 differs from the page's integrity")
    return out


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download the tarball of `spec` with npm; returns its path."""
    npm = shutil.which("npm")
    if npm is None:
        raise AssetError("npm is not installed: it fetches GraphiQL's files (Debian: apt-get install npm)")
    result = subprocess.run(  # noqa: S603 - fixed arguments, spec comes from our own template
        # --prefer-offline: a tarball in npm's cache is as good as a fresh one; we check its hash anyway
        [npm, "pack", spec, "--json", "--ignore-scripts", "--prefer-offline", "--pack-destination", workdir],
        capture_output=True,
        text=True,
        check=False,
        cwd=workdir,
    )
    if result.returncode != 0:
        tail = result.stderr.strip().splitlines()[-3:]
        raise AssetError(f"npm pack {spec} failed: {' '.join(tail) or result.returncode}")
    return workdir / str(json.loads(result.stdout)[0]["filename"])


def _member(tarball: Path, file: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as tar:
        try:
            member = tar.extractfile(f"package/{file}")
        except KeyError:
            member = None
        if member is None:
            raise AssetError(f"{tarball.name} holds no package/{file}")
        return member.read()


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def fetch(
    dest: Path = VENDOR_DIR,
    *,
    tarballs: Path | None = None,
    pack: Callable[[str, Path], Path] = npm_pack,
    log: Callable[[str], None] = print,
) -> int:
    """Put every asset under `dest`, verified; returns how many files were written.

    `tarballs`: a directory holding the ``npm pack`` tarballs already (for a machine without
    registry access); otherwise npm downloads them.
    """
    wanted = [a for a in page_assets() if problems(dest, [a])]
    if not wanted:
        log(f"GraphiQL files present and verified in {dest}")
        return 0
    by_spec: dict[str, list[Asset]] = {}
    for asset in wanted:
        by_spec.setdefault(asset.spec, []).append(asset)
    written = 0
    with tempfile.TemporaryDirectory(prefix="tvs-graphiql-") as tmp:
        for spec, assets in by_spec.items():
            tarball = _tarball_in(tarballs, spec) if tarballs else pack(spec, Path(tmp))
            for asset in assets:
                content = _member(tarball, asset.file)
                if not asset.matches(content):
                    raise AssetError(
                        f"{asset.relpath} from {tarball.name}: sha384 {sri(content)} is not the page's "
                        f"{asset.integrity}; nothing written"
                    )
                _write(dest / asset.relpath, content)
                written += 1
                log(f"fetched and verified {asset.relpath}")
    return written


def _tarball_in(directory: Path, spec: str) -> Path:
    """npm pack's file name: '@scope/name@1.2.3' -> 'scope-name-1.2.3.tgz'."""
    name, _, version = spec.rpartition("@")
    path = directory / f"{name.removeprefix('@').replace('/', '-')}-{version}.tgz"
    if not path.is_file():
        raise AssetError(f"{path} not found (make it with: npm pack {spec})")
    return path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dest", type=Path, default=VENDOR_DIR, help="where to put the files (default: %(default)s)"
    )
    p.add_argument(
        "--tarballs", type=Path, help="take the npm tarballs from this directory, not the registry"
    )
    p.add_argument("--check", action="store_true", help="only check the files; exit 1 when any is missing")


def run(args: argparse.Namespace) -> int:
    if args.check:
        found = problems(args.dest)
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    try:
        fetch(args.dest, tarballs=args.tarballs)
    except AssetError as exc:
        print(f"tvs-gateway: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m gateway.graphiql_assets", description=HELP)
    add_arguments(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
