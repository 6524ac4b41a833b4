"""SQL never carries values by string formatting: queries bind `$name` parameters, and the
Python code passes only constant SQL (or SQL read from a file) to execute().

The only exceptions interpolate a table name taken from a fixed tuple or a literal in the
same module; they are listed in ALLOWED with the reason, and anything else fails."""

import ast
import re
from pathlib import Path

import pytest

from ict_response import queries
from ict_response.filters import SPECS, TABLES, macro_arguments, macro_sql, table_specs

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ict_response"
QUERIES = ROOT / "queries"

SQL_CALLS = {"execute", "executemany", "sql", "query", "read_sql", "read_sql_query"}

# (file, enclosing function, source of the formatted SQL) -> why it is safe.
ALLOWED = {
    (
        "ict_response/cli.py",
        "cmd_report",
        'f"SELECT count(*) FROM {k}"',
    ): "k runs over the literal tuple ('cases', 'sessions', 'rejected_rows', 'import_warnings')",
    (
        "ict_response/db.py",
        "_write",
        'f"CREATE TABLE staging_{kind} AS SELECT * FROM staging_arrow"',
    ): "kind runs over the literal pairs (('cases', ...), ('sessions', ...))",
    (
        "ict_response/db.py",
        "_write",
        'f"SELECT count(*) FROM {kind}"',
    ): "kind runs over the literal tuple ('cases', 'sessions')",
    (
        "ict_response/db.py",
        "_append",
        'f"INSERT INTO {table} SELECT * FROM batch"',
    ): "table is one of the literals 'rejected_rows', 'import_warnings' passed by _write",
}


def _is_formatted(node: ast.AST) -> bool:
    """An expression that builds a string from parts: f-string, %, .format(), + or join."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return not (_is_constant_str(node.left) and _is_constant_str(node.right))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "format":
            return True
        if node.func.attr == "join" and node.args and not isinstance(node.args[0], ast.Constant):
            # "\n".join(...) of SQL text read from files is allowed only via the checks below.
            return True
    return False


def _is_constant_str(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_constant_str(node.left) and _is_constant_str(node.right)
    return False


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


class _Finder(ast.NodeVisitor):
    """Formatted strings that reach an SQL call, directly or through a local variable."""

    def __init__(self, rel: str, source: str) -> None:
        self.rel, self.source = rel, source
        self.function = "<module>"
        self.formatted_names: dict[str, ast.AST] = {}
        self.found: list[tuple[tuple[str, str, str], int]] = []

    def visit_FunctionDef(self, node):
        outer, outer_names = self.function, self.formatted_names
        self.function, self.formatted_names = node.name, {}
        self.generic_visit(node)
        self.function, self.formatted_names = outer, outer_names

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node):
        for target in node.targets:
            if isinstance(target, ast.Name):
                if _is_formatted(node.value):
                    self.formatted_names[target.id] = node.value
                else:
                    self.formatted_names.pop(target.id, None)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        if isinstance(node.target, ast.Name) and isinstance(node.op, ast.Add):
            self.formatted_names[node.target.id] = node.value
        self.generic_visit(node)

    def visit_Call(self, node):
        if _call_name(node) in SQL_CALLS and node.args:
            sql = node.args[0]
            culprit = None
            if _is_formatted(sql):
                culprit = sql
            elif isinstance(sql, ast.Name) and sql.id in self.formatted_names:
                culprit = self.formatted_names[sql.id]
            if culprit is not None:
                text = ast.get_source_segment(self.source, culprit) or ast.dump(culprit)
                self.found.append(((self.rel, self.function, text), node.lineno))
        self.generic_visit(node)


def _python_files():
    return sorted(PACKAGE.rglob("*.py"))


def _formatted_sql_calls():
    found = []
    for path in _python_files():
        source = path.read_text(encoding="utf-8")
        finder = _Finder(path.relative_to(ROOT).as_posix(), source)
        finder.visit(ast.parse(source, filename=str(path)))
        found.extend(finder.found)
    return found


def test_no_python_formats_values_into_sql():
    offending = [
        f"{key[0]}:{line} in {key[1]}(): {key[2]}"
        for key, line in _formatted_sql_calls()
        if key not in ALLOWED
    ]
    assert not offending, "SQL built by string formatting (bind $parameters instead):\n" + "\n".join(
        offending
    )


def test_the_allowed_cases_really_use_fixed_names():
    """Each allowed f-string interpolates a name whose values are literals in the same module."""
    for rel, _, text in ALLOWED:
        if not (ROOT / rel).exists():
            continue
        source = (ROOT / rel).read_text(encoding="utf-8")
        if text not in source:
            continue  # the code changed; the first test decides whether that is fine
        names = re.findall(r"\{(\w+)\}", text)
        assert names, text
        for name in names:
            # e.g. `for k in ("cases", ...)`, `for kind, fields in (("cases", ...` or a literal argument
            loop = re.search(rf"for {name}\b[^:]* in \(\(?\"", source)
            literal_args = re.findall(r"_append\(\s*con,\s*\"(\w+)\"", source) if name == "table" else []
            assert loop or literal_args, f"{rel}: {{{name}}} is not taken from literals"


def test_the_scanner_catches_formatting():
    """The scanner itself finds every shape of formatted SQL (so a pass means something)."""
    bad = """
def f(con, name, value):
    con.execute(f"SELECT * FROM cases WHERE title = '{value}'")
    con.execute("SELECT * FROM cases WHERE title = '%s'" % value)
    con.execute("SELECT * FROM cases WHERE title = '{}'".format(value))
    con.execute("SELECT * FROM cases WHERE title = '" + value + "'")
    sql = f"DELETE FROM {name}"
    con.executemany(sql, [])
    query = "SELECT 1"
    query += value
    con.sql(query)
    con.execute("SELECT $x", {"x": value})
    con.execute("SELECT " + "1")
"""
    finder = _Finder("example.py", bad)
    finder.visit(ast.parse(bad))
    assert [line for _, line in finder.found] == [3, 4, 5, 6, 8, 11]


def test_sql_files_bind_values():
    """Query files use $name parameters only: no client-side placeholders or dynamic SQL."""
    problems = []
    for path in sorted(QUERIES.glob("*.sql")):
        code = "\n".join(line.split("--", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
        code = re.sub(r"'(?:[^']|'')*'", "''", code)  # string literals cannot hold placeholders
        for pattern, what in [
            (r"\{\w*\}", "a {name} format placeholder"),
            (r"%\(?\w*\)?s", "a %s placeholder"),
            (r"\?", "a ? positional placeholder"),
            (r"(?<!\w)(?:query|query_table)\s*\(", "dynamic SQL through query()/query_table()"),
            (r"\b(?:format|printf)\s*\([^)]*\$", "a parameter formatted into text"),
        ]:
            if re.search(pattern, code, re.IGNORECASE):
                problems.append(f"{path.name}: {what}")
    assert not problems, problems


@pytest.mark.parametrize("name", queries.query_names())
def test_query_header_names_parameters_and_columns(name):
    sql = queries.sql_of(name)
    header = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line)
    assert header, f"{name}.sql has no header comment"
    text = "\n".join(header)
    assert re.search(r"^-- Parameters:", text, re.MULTILINE), f"{name}.sql: no 'Parameters:' line"
    assert re.search(r"^-- Columns:", text, re.MULTILINE), f"{name}.sql: no 'Columns:' line"
    # Parameters beyond the shared filters are named in the header.
    filters = {s.name for s in SPECS}
    for param in sorted(queries.parameters_of(name) - filters):
        assert f"${param}" in text, f"{name}.sql uses ${param} but its header does not name it"
    uses_filters = bool(queries.parameters_of(name) & filters)
    says_filters = "filters" in text.split("Parameters:", 1)[1].split("\n-- Columns:", 1)[0]
    assert uses_filters == says_filters, f"{name}.sql: header and use of the filters disagree"


def test_filter_macros_take_every_declared_filter_as_an_argument():
    """filtered_cases / filtered_sessions are written from the declarations: one argument per
    filter that applies, each predicate reading only the macro's arguments and its table."""
    for table in TABLES:
        sql = macro_sql(table)
        arguments = re.search(rf"filtered_{table}\(([^)]*)\)", sql)[1].split(", ")
        assert arguments == [s.name for s in table_specs(table)]
        assert macro_arguments(table) == ", ".join("$" + a for a in arguments)
        assert "$" not in sql  # values are bound where the macro is called, never written in


def test_query_files_never_repeat_the_filter_list():
    """A query file filters through filtered_<table>($filters), never by naming filters."""
    for path in sorted(QUERIES.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"filtered_\w+\(\$(?!filters\))", text), path.name
