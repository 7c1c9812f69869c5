"""The kernel (ocop_portal) imports no domain app: settings, middleware, filters and template
tags serve every app without knowing any. Settings and the root URLconf name the apps as
strings (INSTALLED_APPS, include("app.urls")), which is not an import."""

import ast
from pathlib import Path

import ocop_portal

DOMAIN_APPS = {
    "accounts",
    "subjects",
    "products",
    "evaluation",
    "promotion",
    "reports",
    "producers",
    "guide",
}
# Modules still allowed to import an app, each with the reason. Empty: keep it so.
ALLOWED: dict[str, str] = {}


def _imported_roots(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value.split(".")[0]


def test_the_kernel_imports_no_domain_app():
    root = Path(ocop_portal.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        module = path.relative_to(root.parent).with_suffix("").as_posix().replace("/", ".")
        if module in ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{module}:{line} imports {name}"
            for line, name in _imported_roots(tree)
            if name in DOMAIN_APPS
        ]
    assert not found, "\n".join(found)
