"""GraphiQL's files: the page names each with a sha384, the fetched files match it, and the fetch
writes nothing that does not match. Nothing here reaches the network: the fetch takes tarballs
made from the files `make test` fetched."""

from __future__ import annotations

import io
import re
import tarfile
from pathlib import Path

import pytest
from strawberry.http.ides import get_graphql_ide_html

from gateway import graphiql_assets
from gateway.graphiql_assets import Asset, AssetError, asset_tags, fetch, page_assets, problems, sri


@pytest.fixture(scope="module")
def vendored() -> Path:
    """The files the gateway serves; fetched by `make test` (or here, once, where they are missing)."""
    fetch(log=lambda _: None)
    return graphiql_assets.VENDOR_DIR


def strawberry_assets() -> set[tuple[str, str]]:
    """(url path after unpkg's host, integrity) of every file Strawberry's own GraphiQL page loads."""
    found = set()
    for url, integrity in asset_tags(get_graphql_ide_html("graphiql")):
        m = re.fullmatch(r"https://unpkg\.com/(.+)", url)
        if m and integrity:
            found.add((m[1], integrity))
    return found


def tarball(directory: Path, spec: str, files: dict[str, bytes]) -> None:
    """What `npm pack SPEC` would leave in `directory`, holding `files` under package/."""
    name, _, version = spec.rpartition("@")
    with tarfile.open(directory / f"{name.removeprefix('@').replace('/', '-')}-{version}.tgz", "w:gz") as tar:
        for path, content in files.items():
            info = tarfile.TarInfo(f"package/{path}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def tarballs_of(vendored: Path, directory: Path, tamper: str | None = None) -> None:
    directory.mkdir()
    by_spec: dict[str, dict[str, bytes]] = {}
    for a in page_assets():
        content = (vendored / a.relpath).read_bytes()
        by_spec.setdefault(a.spec, {})[a.file] = content + b"//" if a.relpath == tamper else content
    for spec, files in by_spec.items():
        tarball(directory, spec, files)


def test_the_page_loads_graphiql_with_a_sha384_for_every_file() -> None:
    assets = page_assets()
    assert {a.package for a in assets} == {"react", "react-dom", "graphiql", "@graphiql/plugin-explorer"}
    assert all(re.fullmatch(r"sha384-[A-Za-z0-9+/]{64}", a.integrity) for a in assets)


def test_the_page_loads_the_exact_files_strawberry_pins() -> None:
    """The same versions and bytes Strawberry's page uses (it also loads js-cookie, for a CSRF cookie
    this gateway does not have). A Strawberry upgrade that moves them fails here: update the template."""
    ours = {(a.relpath, a.integrity) for a in page_assets()}
    assert ours <= strawberry_assets()


def test_every_served_file_matches_the_hash_the_page_declares(vendored: Path) -> None:
    for asset in page_assets():
        content = (vendored / asset.relpath).read_bytes()
        assert sri(content) == asset.integrity, asset.relpath
    assert problems(vendored) == []


def test_fetch_writes_verified_files_and_is_idempotent(vendored: Path, tmp_path: Path) -> None:
    tarballs_of(vendored, tmp_path / "npm")
    dest = tmp_path / "vendor"
    assert fetch(dest, tarballs=tmp_path / "npm", log=lambda _: None) == len(page_assets())
    assert problems(dest) == []

    def no_download(spec: str, workdir: Path) -> Path:
        raise AssertionError(f"downloaded {spec} although its files are there")

    assert fetch(dest, pack=no_download, log=lambda _: None) == 0


def test_fetch_refuses_a_file_that_does_not_match_and_writes_nothing_for_it(
    vendored: Path, tmp_path: Path
) -> None:
    tampered = "react@18.2.0/umd/react.production.min.js"
    tarballs_of(vendored, tmp_path / "npm", tamper=tampered)
    dest = tmp_path / "vendor"
    with pytest.raises(AssetError, match="sha384"):
        fetch(dest, tarballs=tmp_path / "npm", log=lambda _: None)
    assert not (dest / tampered).exists()
    assert not list(dest.rglob("*.part"))


def test_check_reports_a_missing_or_changed_file(vendored: Path, tmp_path: Path) -> None:
    asset = page_assets()[0]
    (tmp_path / asset.relpath).parent.mkdir(parents=True)
    (tmp_path / asset.relpath).write_bytes(b"changed")
    found = problems(tmp_path)
    assert f"{asset.relpath}: sha384 differs from the page's integrity" in found
    assert len(found) == len(page_assets())
    assert graphiql_assets.main(["--check", "--dest", str(tmp_path)]) == 1
    assert graphiql_assets.main(["--check", "--dest", str(vendored)]) == 0


def test_a_tag_without_integrity_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<script src="/graphiql/static/vendor/react@18.2.0/umd/react.js"></script>')
    with pytest.raises(AssetError, match="sha384"):
        page_assets(page)


def test_asset_paths_name_package_version_and_file() -> None:
    explorer = next(a for a in page_assets() if a.package == "@graphiql/plugin-explorer")
    assert (
        explorer == Asset("@graphiql/plugin-explorer", "1.0.2", explorer.file, explorer.integrity)
        and explorer.spec == "@graphiql/plugin-explorer@1.0.2"
    )
