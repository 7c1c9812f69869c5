"""An import inside a function (or class body) of the portal's apps is allowed only where it
breaks a real import cycle or defers a heavy library, and then says so in a comment on its own
line or the line above (`# local import: <a> ↔ <b> cycle`). Everything else is imported at the
module top, where a reader sees what the module depends on."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "accounts",
    "subjects",
    "products",
    "evaluation",
    "promotion",
    "reports",
    "producers",
    "guide",
    "ocop_portal",
)


def _nested_imports(tree):
    """Imports that are not at the module's top level (module-level `if`/`try` blocks count as
    top level)."""

    def walk(node, nested):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                if nested:
                    yield child
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                yield from walk(child, True)
            else:
                yield from walk(child, nested)

    yield from walk(tree, False)


def _has_comment(lines, node) -> bool:
    own = lines[node.lineno - 1 : node.end_lineno]
    if any("#" in line for line in own):
        return True
    above = node.lineno - 2
    while above >= 0 and not lines[above].strip():
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def uncommented_local_imports(source: str) -> list[int]:
    lines = source.splitlines()
    return [
        node.lineno for node in _nested_imports(ast.parse(source)) if not _has_comment(lines, node)
    ]


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_every_local_import_says_why():
    found = []
    for path in _modules():
        for line in uncommented_local_imports(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(ROOT)}:{line}")
    assert not found, (
        "function-local imports without a comment (move them to the module top, or say which "
        "cycle they break):\n" + "\n".join(found)
    )


def test_the_check_finds_an_uncommented_local_import():
    source = (
        "import os\n\n\n"
        "def kept():\n"
        "    # local import: a ↔ b cycle\n"
        "    from a import b\n\n\n"
        "def lazy():\n"
        "    import weasyprint  # local import: heavy library\n\n\n"
        "def forgotten():\n"
        "    x = 1\n"
        "    from django.utils import timezone\n\n\n"
        "class Form:\n"
        "    class Meta:\n"
        "        from app.models import Model\n"
    )
    assert uncommented_local_imports(source) == [15, 20]
