"""The Dockerfile's structure (no Docker engine here to build it): multi-stage on a slim Python base,
dependencies in their own layer, no test extras or build tools in the final image, a non-root user,
a health check on /healthz and `tvs-gateway serve` with TVS_WORKERS."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for k, args in self.instructions if k == keyword]


def _instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) per instruction, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pending += " " + line.removesuffix("\\").strip()
        if line.endswith("\\"):
            continue
        keyword, _, args = pending.strip().partition(" ")
        out.append((keyword.upper(), args.strip()))
        pending = ""
    return out


def _stages() -> tuple[dict[str, str], list[Stage]]:
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for keyword, rest in _instructions((ROOT / "Dockerfile").read_text()):
        if keyword == "ARG" and not stages:
            name, _, default = rest.partition("=")
            args[name] = default
        elif keyword == "FROM":
            parts = rest.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], parts[0])
            stages.append(Stage(base, parts[2] if len(parts) > 2 and parts[1].upper() == "AS" else None))
        else:
            stages[-1].instructions.append((keyword, rest))
    return args, stages


def test_two_stages_on_a_slim_python_base() -> None:
    _, stages = _stages()
    assert len(stages) >= 2
    for stage in stages:
        assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", stage.base), stage.base


def test_dependencies_are_installed_in_their_own_layer_before_the_source() -> None:
    _, stages = _stages()
    build = stages[0]
    order = [(k, a) for k, a in build.instructions if k in ("COPY", "RUN")]
    first_source = next(i for i, (k, a) in enumerate(order) if k == "COPY" and "gateway" in a)
    deps = next(i for i, (k, a) in enumerate(order) if k == "RUN" and "pip install -r" in a)
    copies_before_deps = [a for k, a in order[:deps] if k == "COPY"]
    assert copies_before_deps == ["pyproject.toml ./"]  # the only input of the dependency layer
    assert deps < first_source
    assert "['project']['dependencies']" in order[deps][1]  # runtime dependencies only


def test_the_final_image_holds_no_test_extras_build_tools_or_source() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "[test]" not in text and "pytest" not in text and "optional-dependencies" not in text
    _, stages = _stages()
    final = stages[-1]
    for args in final.all("RUN"):
        assert not re.search(r"apt-get|gcc|build-essential|pip install", args), args
    build = stages[0].name
    assert final.all("COPY") == [
        f"--from={build} /opt/venv /opt/venv",  # the virtualenv: dependencies and the package
        f"--from={build} /usr/share/fonts/truetype/dejavu /usr/share/fonts/truetype/dejavu",  # PDF fonts
    ]


def test_the_final_image_runs_as_a_user_without_privileges() -> None:
    _, stages = _stages()
    final = stages[-1]
    users = final.all("USER")
    assert users, "no USER in the final stage"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    keywords = [k for k, _ in final.instructions]
    assert keywords.index("USER") < keywords.index("CMD")


def test_health_check_and_command() -> None:
    _, stages = _stages()
    final = stages[-1]
    [healthcheck] = final.all("HEALTHCHECK")
    assert "CMD" in healthcheck and "healthcheck" in healthcheck  # `tvs-gateway healthcheck`: /healthz
    [entrypoint] = final.all("ENTRYPOINT")
    [cmd] = final.all("CMD")
    assert json.loads(entrypoint) == ["tvs-gateway"] and json.loads(cmd) == ["serve"]
    env = " ".join(final.all("ENV"))
    assert re.search(r"TVS_WORKERS=\d+", env) and "TVS_ENV=production" in env


def test_only_the_package_goes_into_the_build_context() -> None:
    ignore = (ROOT / ".dockerignore").read_text().split()
    assert ignore[ignore.index("*") :][:1] == ["*"]  # everything out, then only what is named back in
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    assert allowed == {"pyproject.toml", "README.md", "gateway", "db"}
