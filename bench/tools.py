"""What the benchmark installs at run time: wrk (Debian) and PostGraphile with Node 22 (npm).

Both are installed once and reused: PostGraphile into bench/.work/postgraphile from the pinned
package.json and package-lock.json in bench/postgraphile/ (the `node` package carries Node 22's
binary; the machine's own Node only runs npm).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

from bench.config import BENCH, WORK

PG_SOURCE = BENCH / "postgraphile"
PG_DIR = WORK / "postgraphile"
NODE = PG_DIR / "node_modules" / "node" / "bin" / "node"
POSTGRAPHILE_CLI = PG_DIR / "node_modules" / "postgraphile" / "dist" / "cli-run.js"
_PG_FILES = ("package.json", "package-lock.json", ".npmrc", "graphile.config.mjs")


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("bench: wrk is missing; install it with `sudo apt-get install wrk`")
    print("  installing wrk (Debian package)")
    quiet = {"stdout": subprocess.DEVNULL, "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}}
    if subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], **quiet).returncode != 0:  # type: ignore[call-overload]
        subprocess.run(["apt-get", "update", "-qq"], check=True, **quiet)  # type: ignore[call-overload]
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, **quiet)  # type: ignore[call-overload]
    return shutil.which("wrk") or "wrk"


def _stamp() -> str:
    digest = hashlib.sha256()
    for name in _PG_FILES:
        digest.update((PG_SOURCE / name).read_bytes())
    return digest.hexdigest()[:16]


def ensure_postgraphile() -> None:
    stamp_file = PG_DIR / ".installed"
    stamp = _stamp()
    if stamp_file.exists() and stamp_file.read_text() == stamp and NODE.exists():
        return
    if not shutil.which("npm"):
        raise SystemExit("bench: npm is missing; it installs PostGraphile and Node 22")
    print("  installing PostGraphile and Node 22 into bench/.work/postgraphile (npm ci, once)")
    PG_DIR.mkdir(parents=True, exist_ok=True)
    for name in _PG_FILES:
        shutil.copyfile(PG_SOURCE / name, PG_DIR / name)
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PG_DIR,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    version = node_version()
    if not version.startswith("v22."):
        raise SystemExit(f"bench: expected Node 22 from the `node` package, found {version}")
    stamp_file.write_text(stamp)


def node_version() -> str:
    return subprocess.run([str(NODE), "--version"], capture_output=True, text=True, check=True).stdout.strip()


def npm_version(package: str) -> str:
    import json

    manifest = PG_DIR / "node_modules" / package / "package.json"
    return str(json.loads(manifest.read_text())["version"])


def wrk_version() -> str:
    out = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return out.split("[", 1)[0].replace("wrk", "").strip() or "unknown"
