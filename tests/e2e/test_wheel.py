"""The wheel works alone: built from this checkout and installed into an empty venv outside
it (the app's dependencies from requirements.lock, nothing from the checkout), it lists the
shipped Latvian agendas in Latvian, so the agendas and the compiled catalogue travel inside
the wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def latvian(english: str) -> str:
    with (REPO / "facilitator/locale/lv/LC_MESSAGES/facilitator.po").open("rb") as handle:
        message = read_po(handle).get(english)
    assert message is not None and message.string
    return str(message.string)


def test_the_wheel_installed_alone_speaks_latvian_and_has_the_agendas(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--no-index", "--wheel-dir", dist, REPO, cwd=tmp_path,
    )  # fmt: skip
    (wheel,) = dist.glob("facilitator-*.whl")

    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run(*pip, "--require-hashes", "-r", REPO / "requirements.lock", cwd=tmp_path)
    run(*pip, "--no-deps", "--no-index", wheel, cwd=tmp_path)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))} | {
        "FACILITATOR_DATA_DIR": str(tmp_path / "data")
    }
    where = run(python, "-c", "import facilitator; print(facilitator.__file__)", cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(target), where
    listed = run(
        target / "bin" / "facilitator", "--lang", "lv", "agendas", "list", cwd=tmp_path, env=env
    )

    titles = []
    for path in sorted((REPO / "agendas").glob("*.lv.md")):
        found = re.search(r"^title: *(.+)$", path.read_text(encoding="utf-8"), re.M)
        assert found is not None, path
        titles.append(found.group(1).strip().strip("\"'"))
    assert len(titles) >= 13
    missing = [t for t in titles if t not in listed]
    assert missing == [], listed
    own = latvian("Your own agendas go in {folder}").format(folder=tmp_path / "data" / "agendas")
    assert own in listed
    assert f"({latvian('shipped')})" in listed and "(shipped)" not in listed
