"""The package's import graph: stages import only earlier stages, no module imports itself round a circle,
and only the renderer adapter and the plugin know MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "dienhinh"

# The build order; a module may import its own layer and the layers before it, never a later one.
LAYERS = [
    {"files", "inputs", "progress", "parallel", "project", "routes"},
    {"text"},
    {"problems"},
    {"content"},
    {"media"},
    {"pages"},
    {"render"},
    {"outputs"},
    {"publish"},
    {"pipeline"},
    {"cli", "mkdocs_plugin", "synthetic", "__main__", "__init__"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
MKDOCS_ALLOWED = {"dienhinh.render.mkdocs", "dienhinh.mkdocs_plugin"}


def module_name(path: Path) -> str:
    parts = ["dienhinh", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py") if "vendor" not in path.parts}


def imports(name: str, path: Path, known: set[str]) -> tuple[set[str], set[str]]:
    """Package modules `name` imports (at any depth, functions included) and outside top-level packages."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                (inside if alias.name in known else outside).add(alias.name.split(".")[0]
                                                                 if alias.name not in known else alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
                if not base.startswith("dienhinh"):
                    outside.add(base.split(".")[0])
                    continue
            else:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            for alias in node.names:
                target = f"{base}.{alias.name}"
                inside.add(target if target in known else base)
    inside.discard(name)
    return inside, outside


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(name, path, known)[0] for name, path in found.items()}


def test_no_stage_imports_a_later_stage():
    upward = [f"{name} → {target}" for name, targets in graph().items() for target in targets
              if RANK[layer(target)] > RANK[layer(name)]]
    assert not upward, "imports against the build order:\n" + "\n".join(sorted(upward))


def test_every_module_has_a_layer():
    assert not [name for name in modules() if layer(name) not in RANK]


def test_no_import_circles():
    edges = graph()
    circles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                circles.append(" → ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_only_the_adapter_knows_mkdocs():
    found = modules()
    known = set(found)
    users = sorted(name for name, path in found.items() if "mkdocs" in imports(name, path, known)[1])
    assert set(users) <= MKDOCS_ALLOWED, users


def test_the_checker_sees_an_upward_import(tmp_path):
    """The graph is read from source: a function-level import of a later stage is found."""
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from ..pages.generate import GeneratedPage\n", encoding="utf-8")
    inside, _ = imports("dienhinh.content.probe", module, {"dienhinh.pages.generate"})
    assert inside == {"dienhinh.pages.generate"}
