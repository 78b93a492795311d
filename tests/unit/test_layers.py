"""The layout holds: the core never reaches the UI, and no module imports itself round a
cycle, not even under TYPE_CHECKING or inside a function.

The modules are found by walking the package, so a new module is checked the day it is
added; the UI is `facilitator.app`, `facilitator.themes` and the `screens` and `widgets`
packages, and everything else is the core.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import facilitator

PACKAGE = Path(facilitator.__file__).resolve().parent
UI = ("facilitator.app", "facilitator.themes", "facilitator.screens", "facilitator.widgets")


def is_ui(module: str) -> bool:
    return any(module == ui or module.startswith(ui + ".") for ui in UI)


def all_modules() -> dict[str, Path]:
    """Every module of the package (packages by their `__init__`), by dotted name."""
    found = {"facilitator": PACKAGE / "__init__.py"}
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="facilitator."):
        spec = info.module_finder.find_spec(info.name, None)  # type: ignore[call-arg]
        assert spec is not None and spec.origin is not None, info.name
        found[info.name] = Path(spec.origin)
    return found


MODULES = all_modules()
CORE = sorted(name for name in MODULES if not is_ui(name))


def imported(name: str, path: Path) -> Iterator[str]:
    """The package's modules that `name` imports anywhere in its file: at the top, inside
    functions, under `if TYPE_CHECKING:`."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                up = parts[: len(parts) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            # `from facilitator.agenda import model` imports a module; `import X` names one.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target


GRAPH = {name: sorted(set(imported(name, path))) for name, path in MODULES.items()}


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, []):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def path_within(group: list[str]) -> list[str]:
    """One import cycle through the group's first module, to name in the failure."""
    start = group[0]
    trail = [start]
    seen = {start}
    while True:
        nxt = next(t for t in GRAPH[trail[-1]] if t in group and (t == start or t not in seen))
        trail.append(nxt)
        if nxt == start:
            return trail
        seen.add(nxt)


def test_the_walk_finds_every_layer() -> None:
    for name in (
        "facilitator.agenda.edit",
        "facilitator.meeting.clock",
        "facilitator.storage.sessions",
        "facilitator.documents.qr",
        "facilitator.programme.series",
        "facilitator.cli",
    ):
        assert name in CORE
    assert "facilitator.screens.run" in MODULES and not any(is_ui(m) for m in CORE)


def test_no_module_imports_itself_round_a_cycle() -> None:
    found = [" -> ".join(path_within(group)) for group in cycles(GRAPH)]
    assert found == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_core_never_imports_the_ui() -> None:
    reaching = {
        name: [t for t in GRAPH[name] if is_ui(t)] for name in CORE if name != "facilitator.cli"
    }
    assert {name: ui for name, ui in reaching.items() if ui} == {}


def test_core_modules_never_import_textual() -> None:
    loaded = [name for name in CORE if name != "facilitator.__main__"]  # it runs the app
    code = (
        "import sys\n"
        f"for name in {loaded!r}: __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
