"""Scan egov_plugin/ for every reference from one app to another (stdlib only).

A reference is any of:

- ``import``: an import of ``egov_plugin.<app>`` anywhere in a module (module level or inside a
  function; absolute or relative);
- ``get_model``: ``apps.get_model("egov_x", "Model")`` or ``get_model("egov_x.Model")``;
- ``model``: a model string ``"egov_x.Model"`` (lazy foreign keys, swappable settings) or a
  lower-case label ``"egov_x.model"``;
- ``permission``: a permission string ``"egov_x.codename"``;
- ``is_installed`` / ``dotted path``: ``"egov_plugin.x"`` and ``"egov_plugin.x.module"`` strings;
- ``url``: a URL name by namespace (``reverse``/``reverse_lazy``/``redirect``/``{% url %}``), each
  namespace mapped to the app that registers it (``wagtailsnippets_egov_x_model``: egov_x);
- ``template``: ``{% include/extends "egov_x/..." %}`` and template names ``"egov_x/....html"``;
- ``templatetag``: ``{% load lib %}`` of a tag library defined by another app;
- ``static``: ``{% static "egov_x/..." %}``.

Migrations are not scanned (they name the apps they depend on by design).

    python tests/architecture/graph.py              # the actual graph, counts per edge and kind
    python tests/architecture/graph.py --violations # references ALLOWED does not declare
    python tests/architecture/graph.py --known      # the same, as a KNOWN_VIOLATIONS literal
    python tests/architecture/graph.py --markdown   # the block architecture.md carries
    python tests/architecture/graph.py --write-doc  # ... written into architecture.md
"""

import ast
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "egov_plugin"
DOC = ROOT / "docs" / "concepts" / "architecture.md"

if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from egov_plugin.dependencies import (  # noqa: E402
    ALLOWED,
    APPS,
    KNOWN_VIOLATIONS,
    SHARED_PACKAGES,
)

LABELS = {f"egov_{app}": app for app in APPS}

_APP = "|".join(APPS)
_LABEL = rf"egov_({_APP})"
MODEL_STRING = re.compile(rf"^{_LABEL}\.([A-Z]\w*)$")
LABEL_OR_PERMISSION = re.compile(rf"^{_LABEL}\.([a-z][a-z_0-9]*)$")
TEMPLATE_STRING = re.compile(rf"^{_LABEL}/[\w./-]+\.(html|txt|xml|csv|js)$")
SNIPPET_URL = re.compile(rf"wagtailsnippets_{_LABEL}_\w+")
URL_NAME = re.compile(r"^([a-z_0-9]+):[\w-]+$")
IS_INSTALLED = re.compile(rf"^egov_plugin\.({_APP})$")
DOTTED_PATH = re.compile(rf"^egov_plugin\.({_APP})\.[\w.]+$")
# In templates (and template code inside Python strings).
TEMPLATE_URL = re.compile(r"\{%\s*url\s+['\"]([a-z_0-9]+):")
TEMPLATE_PATH = re.compile(rf"\{{%\s*(?:include|extends)\s+['\"]{_LABEL}/")
TEMPLATE_STATIC = re.compile(rf"\{{%\s*static\s+['\"]{_LABEL}/")
TEMPLATE_LOAD = re.compile(r"\{%\s*load\s+([\w ]+?)\s*%\}")
# URL namespaces: app_name = "x", a viewset's name = "x", include(..., namespace="x"), ViewSet("x").
NAMESPACE_DEFS = re.compile(
    r"""(?:\bapp_name\s*=\s*|^    name\s*=\s*|\bnamespace\s*=\s*|\w+ViewSet(?:Group)?\(\s*)"""
    r"""['"](egov_[a-z_0-9]+)['"]""",
    re.M,
)
PERMISSION_VERBS = ("view_", "add_", "change_", "delete_")
# The constant start of an f-string: f"egov_x:{name}", f"egov_x.{action}_{model}",
# f"egov_x/{template}", f"wagtailsnippets_egov_x_{model}:{action}", f"egov_plugin.x.{module}".
FSTRING_START = re.compile(
    rf"^(?:wagtailsnippets_{_LABEL}_|{_LABEL}(?P<sep>[.:/])|egov_plugin\.(?P<module>{_APP})\b)"
)
FSTRING_KINDS = {":": "url", ".": "model or permission", "/": "template"}


@dataclass(frozen=True)
class Reference:
    source: str  # the app that refers
    target: str  # the app referred to
    kind: str
    path: str  # relative to the repository
    line: int
    text: str

    @property
    def where(self):
        return f"{self.path}:{self.line}"

    @property
    def key(self):
        """What KNOWN_VIOLATIONS matches: everything but the line (lines move with edits)."""
        return (self.source, self.target, self.kind, self.path, self.text)

    def __str__(self):
        return f"{self.source} -> {self.target} [{self.kind}] {self.where}: {self.text}"


def app_of(path):
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 and parts[0] in APPS + SHARED_PACKAGES else None


def _files(suffixes):
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in suffixes and "migrations" not in path.parts and app_of(path):
            yield path


def namespaces():
    """URL namespace -> the app that registers it."""
    found = {}
    for path in _files({".py"}):
        for match in NAMESPACE_DEFS.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), app_of(path))
    for label, app in LABELS.items():
        found.setdefault(label, app)
    return found


def tag_libraries():
    """{% load %} library name -> the app that defines it."""
    return {
        path.stem: app_of(path)
        for path in _files({".py"})
        if path.parent.name == "templatetags" and path.stem != "__init__"
    }


def _rel(path):
    return str(path.relative_to(ROOT))


def _string_ref(value, namespace_map):
    """(target app, kind) for one string constant, or None."""
    if m := IS_INSTALLED.match(value):
        return m.group(1), "is_installed"
    if m := DOTTED_PATH.match(value):
        return m.group(1), "dotted path"
    if m := MODEL_STRING.match(value):
        return m.group(1), "model"
    if m := TEMPLATE_STRING.match(value):
        return m.group(1), "template"
    if m := SNIPPET_URL.search(value):
        return m.group(1), "url"
    if m := LABEL_OR_PERMISSION.match(value):
        codename = m.group(2)
        is_permission = codename.startswith(PERMISSION_VERBS) or "_" in codename
        return m.group(1), "permission" if is_permission else "model"
    if (m := URL_NAME.match(value)) and m.group(1) in namespace_map:
        return namespace_map[m.group(1)], "url"
    return None


def _import_targets(node, path):
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        parts = Path(_rel(path)).with_suffix("").parts[: -node.level]
        module = ".".join(parts + ((node.module,) if node.module else ()))
    else:
        module = node.module
    if module == "egov_plugin":
        return [f"egov_plugin.{a.name}" for a in node.names]
    return [module]


def scan_python(path, namespace_map, libraries):
    source = app_of(path)
    rel = _rel(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    consumed = set()  # string constants already counted as get_model arguments
    nodes = list(ast.walk(tree))
    for node in nodes:
        for module in _import_targets(node, path):
            parts = module.split(".")
            if len(parts) >= 2 and parts[0] == "egov_plugin" and parts[1] in APPS:
                yield Reference(source, parts[1], "import", rel, node.lineno, module)
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            constants = [a for a in node.args if isinstance(a, ast.Constant)]
            if name == "get_model" and constants and isinstance(constants[0].value, str):
                label = constants[0].value.split(".")[0]
                if label in LABELS:
                    consumed.update(id(c) for c in constants)
                    text = ".".join(str(c.value) for c in constants)
                    yield Reference(source, LABELS[label], "get_model", rel, node.lineno, text)
    for node in nodes:
        if isinstance(node, ast.JoinedStr):
            consumed.update(id(v) for v in node.values if isinstance(v, ast.Constant))
            start = node.values[0] if node.values else None
            if isinstance(start, ast.Constant) and (m := FSTRING_START.match(start.value)):
                if m.group("module"):
                    target, kind = m.group("module"), "dotted path"
                else:
                    target = m.group(1) or m.group(2)
                    kind = FSTRING_KINDS[m.group("sep")] if m.group("sep") else "url"
                text = ast.unparse(node)
                yield Reference(source, target, kind, rel, node.lineno, text)
    for node in nodes:
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in consumed:
            continue
        value = node.value.strip()
        if found := _string_ref(value, namespace_map):
            yield Reference(source, found[0], found[1], rel, node.lineno, value)
        elif "{%" in value:  # template code inside Python (format_html, Template(...))
            yield from _scan_text(source, rel, node.lineno, value, namespace_map, libraries)


def _scan_text(source, rel, first_line, text, namespace_map, libraries):
    for offset, line in enumerate(text.splitlines()):
        number = first_line + offset
        for m in TEMPLATE_URL.finditer(line):
            if m.group(1) in namespace_map:
                yield Reference(source, namespace_map[m.group(1)], "url", rel, number, m.group(0))
        for m in TEMPLATE_PATH.finditer(line):
            yield Reference(source, m.group(1), "template", rel, number, m.group(0))
        for m in TEMPLATE_STATIC.finditer(line):
            yield Reference(source, m.group(1), "static", rel, number, m.group(0))
        for m in TEMPLATE_LOAD.finditer(line):
            for library in m.group(1).split():
                if library in libraries:
                    text = f"{{% load {library} %}}"
                    yield Reference(source, libraries[library], "templatetag", rel, number, text)
        if "{%" in line:
            for m in SNIPPET_URL.finditer(line):
                yield Reference(source, m.group(1), "url", rel, number, m.group(0))


def scan_template(path, namespace_map, libraries):
    text = path.read_text(encoding="utf-8")
    yield from _scan_text(app_of(path), _rel(path), 1, text, namespace_map, libraries)


def references():
    """Every reference from one app (or shared package) to another app, in file order."""
    namespace_map = namespaces()
    libraries = tag_libraries()
    found = []
    for path in _files({".py"}):
        found.extend(scan_python(path, namespace_map, libraries))
    for path in _files({".html", ".txt", ".xml"}):
        found.extend(scan_template(path, namespace_map, libraries))
    found = [r for r in found if r.source != r.target]
    return sorted(found, key=lambda r: (r.path, r.line, r.target, r.kind, r.text))


def actual_graph(refs=None):
    """{(source, target): Counter(kind -> count)}."""
    graph = defaultdict(Counter)
    for ref in references() if refs is None else refs:
        graph[ref.source, ref.target][ref.kind] += 1
    return graph


def is_allowed(ref, allowed=None):
    allowed = ALLOWED if allowed is None else allowed
    return (
        ref.target in allowed.get(ref.source, ())
        or ref.target in SHARED_PACKAGES
        or (ref.source in SHARED_PACKAGES and ref.target == "core")
    )


def violations(refs=None, allowed=None):
    """References along edges ALLOWED does not declare."""
    return [r for r in (references() if refs is None else refs) if not is_allowed(r, allowed)]


def parse_known(entry):
    """'source -> target [kind] path:line: text' -> (key, line)."""
    m = re.match(r"^(\w+) -> (\w+) \[([\w ]+)\] ([^:]+):(\d+): (.*)$", entry)
    if not m:
        raise ValueError(f"not a KNOWN_VIOLATIONS entry: {entry!r}")
    source, target, kind, path, line, text = m.groups()
    return (source, target, kind, path, text), int(line)


def compare_with_known(found=None, known=None):
    """(undeclared references not in KNOWN_VIOLATIONS, KNOWN_VIOLATIONS entries not found).

    Entries match by everything but the line number; a reference that occurs twice in one file
    with the same text needs two entries.
    """
    found = violations() if found is None else found
    known = KNOWN_VIOLATIONS if known is None else known
    expected = Counter(parse_known(entry)[0] for entry in known)
    new = []
    for ref in found:
        if expected[ref.key] > 0:
            expected[ref.key] -= 1
        else:
            new.append(ref)
    gone = [entry for entry in known if expected[parse_known(entry)[0]] > 0]
    for entry in gone:
        expected[parse_known(entry)[0]] -= 1
    return new, gone


def find_cycle(allowed=None):
    """A cycle in the declared graph as a list of apps, or None."""
    allowed = ALLOWED if allowed is None else allowed
    state = {}

    def visit(app, trail):
        state[app] = "open"
        for dep in allowed.get(app, ()):
            if state.get(dep) == "open":
                return trail[trail.index(dep) :] + [dep] if dep in trail else [app, dep]
            if dep not in state and (cycle := visit(dep, trail + [dep])):
                return cycle
        state[app] = "done"
        return None

    for app in allowed:
        if app not in state and (cycle := visit(app, [app])):
            return cycle
    return None


def markdown(allowed=None, refs=None):
    """The fenced block architecture.md carries: declared edges, and what the code uses."""
    allowed = ALLOWED if allowed is None else allowed
    graph = actual_graph(refs)
    width = max(len(app) for app in APPS)

    def row(source, target, first):
        used = graph.get((source, target))
        how = ", ".join(sorted(used)) if used else "(declared, not used yet)"
        return f"{(source if first else '').ljust(width)} -> {target.ljust(width)} {how}"

    lines = [
        "```text egov-dependencies",
        "# app -> an app it may use: how the code uses it today",
    ]
    for app, deps in allowed.items():
        if not deps:
            lines.append(f"{app.ljust(width)} -> (nothing)")
        lines.extend(row(app, dep, i == 0) for i, dep in enumerate(deps))
    undeclared = sorted(
        {(s, t) for (s, t) in graph if not is_allowed(Reference(s, t, "", "", 0, ""), allowed)}
    )
    if undeclared:
        lines.append("")
        lines.append("# undeclared today: KNOWN_VIOLATIONS in egov_plugin/dependencies.py")
        lines.extend(row(source, target, True) for source, target in undeclared)
    lines.append("```")
    return "\n".join(lines)


def doc_block(text=None):
    """The fenced block in architecture.md, or None."""
    text = DOC.read_text(encoding="utf-8") if text is None else text
    m = re.search(r"^```text egov-dependencies\n.*?^```$", text, re.M | re.S)
    return m.group(0) if m else None


def write_doc():
    text = DOC.read_text(encoding="utf-8")
    old = doc_block(text)
    if old is None:
        raise SystemExit(f"{DOC}: no ```text egov-dependencies block to replace")
    DOC.write_text(text.replace(old, markdown()), encoding="utf-8")


def format_graph(graph):
    lines = []
    for (source, target), kinds in sorted(graph.items()):
        total = sum(kinds.values())
        detail = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        mark = "" if is_allowed(Reference(source, target, "", "", 0, "")) else "  UNDECLARED"
        lines.append(f"{source:>14} -> {target:<14} {total:>4}  ({detail}){mark}")
    return "\n".join(lines)


def main(argv):
    if "--markdown" in argv:
        print(markdown())
    elif "--write-doc" in argv:
        write_doc()
    elif "--violations" in argv:
        found = violations()
        print(format_graph(actual_graph(found)))
        print()
        print("\n".join(str(r) for r in found))
        pairs = len({(r.source, r.target) for r in found})
        print(f"{len(found)} undeclared references on {pairs} edges", file=sys.stderr)
    elif "--known" in argv:
        print("KNOWN_VIOLATIONS = (")
        for ref in violations():
            print(f"    {str(ref)!r},")
        print(")")
    else:
        print(format_graph(actual_graph()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
