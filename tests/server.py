"""A real `tvs-gateway serve` process for tests that need one (signals, workers, the log output)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from gateway.auth import TokenVerifier
from gateway.settings import load_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    key_dir: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def token(self, gebruikersnaam: str) -> str:
        return TokenVerifier(load_settings(key_dir=self.key_dir)).issue_dev_token(gebruikersnaam)

    def output(self) -> str:
        return self.log_path.read_text()

    def log_lines(self) -> list[dict[str, Any]]:
        """Every line the server wrote, each parsed as the JSON object it must be."""
        return [orjson.loads(line) for line in self.output().splitlines() if line.strip()]

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


def start_server(env: dict[str, str], directory: Path, *args: str, timeout: float = 60) -> Server:
    port = free_port()
    log_path = directory / f"server-{port}.log"
    key_dir = Path(env["TVS_KEY_DIR"])
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
            [sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), *args],
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TVS_LOG_LEVEL": "INFO", **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, port, log_path, key_dir)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}:\n{server.output()}")
        try:
            if httpx.get(f"{server.base_url}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    raise AssertionError(f"the server did not answer /healthz within {timeout} s:\n{server.output()}")
