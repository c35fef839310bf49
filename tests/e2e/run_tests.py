#!/usr/bin/env python3
"""Runner for declarative end-to-end tests (*.test), driven through the omnigraph CLI.

A .test file is a sequence of steps. Each step is one command line, optionally followed by an input
block ended by a line `----`, and then by an expected block ended by a blank line or EOF. Lines
starting with `#` are comments (between steps only; expected blocks are taken verbatim).

Expected errors are always written `error <Code>: <fragment>`. The CLI prints a failure on stderr
as `error[<Code>]: <message>`; the expectation holds when the command exits with the code's exit
status (4 for PreconditionFailed, 1 otherwise), <Code> is exactly the printed code, and <fragment>
occurs in the message. Pick a fragment that identifies the case (a type or property name, a
line:col, a constraint). An Internal error never satisfies an expectation.

  dataset NAME                 init a fresh graph from shared data NAME (fixtures/NAME.pg + .jsonl,
                               or cookbooks/NAME/schema.pg + seed.jsonl) and load it; the load must
                               succeed and load every record of the file
  schema                       init a fresh graph from the inline .pg text that follows (until ----)
  schema-error                 init from the inline .pg text (until ----) must fail with the
                               expected error; no graph may be left behind
  load mode=M                  load the inline JSONL (until ----); expected: `nodes=N edges=M`, the
                               entities the load reports as loaded
  load-error mode=M            like load, but the expected block is an error
  run [ordered] [query=NAME] [file=PATH] [params=JSON]
                               run the inline query (until ----) or, with file=, the query NAME of a
                               shared data file (PATH relative to the shared data dir); expected: a
                               header of tab-separated column names, then one tab-separated row per
                               line (`null` for null), or an error. Rows compare as a multiset
                               unless `ordered` is given.
  mutate [query=NAME] [params=JSON]
                               run the inline mutation (until ----); expected:
                               `affected_nodes=N affected_edges=M [commit=none]` or an error
  run-all file=PATH seed=PATH  run every read query of a shared .gq file (mutations are skipped) with
                               parameters derived from the shared seed JSONL (see GuessParams).
                               Expected: one line per read query of the file, in any order:
                               `<name>\\t<row_count>` or `<name>\\terror <Code>: <fragment>`. A query
                               missing from the block, a name not in the file, another row count or
                               another error fails.
  env NAME=VALUE ...           set environment variables for every later command of the file
  cli ARGS...                  run an omnigraph command ($G is the graph dir, $SHARED the shared data
                               dir); expected (required): lines that must each occur in stdout, and
                               exit status 0; or an error.

Shared data ($OG_SHARED_DATA_DIR, default ../shared/data next to the project) that is missing skips
the file loudly (`SKIPPED: ... <path>`, exit status 77, which CTest shows as skipped); under CI=true
it is a failure naming the path (exit status 1).

The runner prints one line per check (`ok` / `FAIL`) and a closing `N passed, N failed, N skipped`
line; exit status 1 on any failure. `run_tests.py --rewrite FILE...` runs the files and rewrites the
expected blocks that did not match (run rows, mutate and load counts, run-all blocks, and errors as
`error <Code>: <first line of the message>` to be trimmed to a fragment by hand); review the diff.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OG_BIN = os.environ.get("OG_BIN", "build/bin/omnigraph")
SHARED = os.environ.get("OG_SHARED_DATA_DIR", os.path.join(HERE, "../../../shared/data"))
TMP_ROOT = os.environ.get("OG_TEST_TMP_DIR", tempfile.gettempdir())
SKIP_EXIT = 77

# Codes an expectation may name. Internal is deliberately absent: it never satisfies one.
EXPECTABLE_CODES = {"BadRequest", "NotFound", "Conflict", "Unauthorized", "Forbidden",
                    "PayloadTooLarge", "ResourceExhausted", "PreconditionFailed", "Unsupported",
                    "IOError", "Corruption"}
EXPECTED_ERROR = re.compile(r"error ([A-Za-z]+): (.*)$")
ACTUAL_ERROR = re.compile(r"^error\[(\w+)\]: ", re.M)


def under_ci():
    return os.environ.get("CI", "").lower() in ("true", "1")


class MissingSharedData(Exception):
    def __init__(self, path):
        super().__init__(path)
        self.path = os.path.normpath(path)


class Abort(Exception):
    """The file cannot go on (a setup step failed or the file is malformed); counts as a failure."""


def cell_text(v):
    if v is None:
        return "null"
    if isinstance(v, str):
        return v
    return json.dumps(v, separators=(",", ":"))


def og(args, stdin=None):
    return subprocess.run([OG_BIN] + args, input=stdin, capture_output=True, text=True)


def exit_status_for(code):
    return 4 if code == "PreconditionFailed" else 1


def parse_expected_error(text):
    """(code, fragment) of an `error <Code>: <fragment>` expectation, or raise ValueError."""
    m = EXPECTED_ERROR.match(text.strip())
    if not m:
        raise ValueError("malformed expectation %r: write `error <Code>: <fragment>`" % text)
    code, fragment = m.group(1), m.group(2).strip()
    if code == "Internal":
        raise ValueError("an Internal error never satisfies an expectation (%r)" % text)
    if code not in EXPECTABLE_CODES:
        raise ValueError("unknown error code %r in %r (one of %s)" %
                         (code, text, ", ".join(sorted(EXPECTABLE_CODES))))
    if not fragment:
        raise ValueError("empty message fragment in %r" % text)
    return code, fragment


def parse_actual_error(stderr):
    """(code, message) of the CLI's `error[<Code>]: <message>` line; code None when absent."""
    m = ACTUAL_ERROR.search(stderr)
    if not m:
        return None, stderr.strip()
    return m.group(1), stderr[m.end():].strip()


def error_problem(r, expected_text):
    """None when the finished process `r` failed as `expected_text` says, else what differs."""
    try:
        want_code, fragment = parse_expected_error(expected_text)
    except ValueError as e:
        return str(e)
    if r.returncode == 0:
        return "want %s, but the command succeeded" % expected_text
    code, message = parse_actual_error(r.stderr)
    if code is None:
        return "want %s, got exit %d without an error[<Code>] line: %r" % (
            expected_text, r.returncode, r.stderr)
    problems = []
    if code != want_code:
        problems.append("code %s, not %s" % (code, want_code))
    if fragment not in message:
        problems.append("message lacks %r" % fragment)
    if r.returncode != exit_status_for(code):
        problems.append("exit status %d, not %d" % (r.returncode, exit_status_for(code)))
    if not problems:
        return None
    return "want %s; got %s (exit %d: error[%s]: %s)" % (
        expected_text, ", ".join(problems), r.returncode, code, message)


def actual_error_text(r, strip=""):
    """The expectation a failed process would satisfy (used by --rewrite)."""
    code, message = parse_actual_error(r.stderr)
    first = message.split("\n")[0]
    if strip:
        first = first.replace(strip + os.sep, "").replace(strip, "")
    return "error %s: %s" % (code or "?", first)


# --- parameter guessing for run-all ----------------------------------------------------------------

def strip_comments(text):
    return re.sub(r"//[^\n]*", "", text)


def matching_brace(text, open_at):
    """Index of the brace closing the one at open_at (string literals skipped)."""
    depth, i, quote = 0, open_at, None
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


def query_decls(source):
    """[(name, params_text, body, is_read)] of every query declared in a .gq source."""
    text = strip_comments(source)
    out = []
    for m in re.finditer(r"\bquery\s+(\w+)\s*\(([^)]*)\)[^{]*\{", text):
        end = matching_brace(text, m.end() - 1)
        body = text[m.end():end]
        first = re.match(r"\s*(\w+)", body)
        is_read = not (first and first.group(1) in ("insert", "update", "delete"))
        out.append((m.group(1), m.group(2), body, is_read))
    return out


class Seed:
    """The records of a seed JSONL, indexed for parameter guessing."""

    def __init__(self, path, schema_text):
        keys = {}
        for m in re.finditer(r"\bnode\s+(\w+)[^{]*\{(.*?)\}", schema_text or "", re.S):
            k = re.search(r"(\w+)\s*:\s*[^\n@]*?@key\b(?!\s*\()", m.group(2))
            if k:
                keys[m.group(1)] = k.group(1)
        self.nodes = []  # (type, id, data) in seed order
        self.by_id = {}  # id -> (type, data)
        self.edges = {}  # lower-cased edge type -> [(from, to)]
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            rec = json.loads(line)
            if "type" in rec:
                data = rec.get("data", {})
                node_id = data.get("id", data.get(keys.get(rec["type"], "id")))
                self.nodes.append((rec["type"], node_id, data))
                self.by_id[node_id] = (rec["type"], data)
            elif "edge" in rec:
                self.edges.setdefault(rec["edge"].lower(), []).append((rec.get("from"), rec.get("to")))

    def values(self, node_type, prop):
        """[(value, id)] of `prop` over nodes of node_type (any type when None), in seed order."""
        return [(d[prop], i) for t, i, d in self.nodes
                if prop in d and d[prop] is not None and (node_type is None or t == node_type)]

    def matches(self, node_id, node_type, filters):
        """Whether the node has type node_type (when given) and passes the literal filters."""
        node = self.by_id.get(node_id)
        if node is None or (node_type and node[0] != node_type):
            return False
        return all((node[1].get(prop) == value) == (op == "=") for prop, op, value in filters)

    def linked(self, node_id, edge, side, other_type=None, other_filters=()):
        """Whether some `edge` edge has node_id on `side` ("from", "to" or "any") and, at its other
        end, a node of other_type passing other_filters."""
        for f, t in self.edges.get(edge, ()):
            for mine, other, s in ((f, t, "from"), (t, f, "to")):
                if mine == node_id and side in (s, "any") and \
                        self.matches(other, other_type, other_filters):
                    return True
        return False


DEFAULTS = {"String": "x", "I32": 1, "I64": 1, "U32": 1, "U64": 1, "F32": 1.0, "F64": 1.0,
            "Bool": True, "Date": "2026-01-01", "DateTime": "2026-01-01T00:00:00Z"}
FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "!=": "!="}
LITERAL = r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false'


def fits(value, ptype):
    if ptype in ("String", "Date", "DateTime"):
        return isinstance(value, str)
    if ptype in ("I32", "I64", "U32", "U64"):
        return isinstance(value, int) and not isinstance(value, bool)
    if ptype in ("F32", "F64"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if ptype == "Bool":
        return isinstance(value, bool)
    return False


def literal_filters(body):
    """var -> [(prop, "=" or "!=", value)] from `$v: T { prop: <literal> }` and
    `$v.prop = <literal>` / `$v.prop != <literal>` outside `not { }` blocks."""
    out = {}
    for m in re.finditer(r"\$(\w+)\s*:\s*[A-Z]\w*\s*\{([^{}]*)\}", body):
        for prop, lit in re.findall(r"(\w+)\s*:\s*(%s)" % LITERAL, m.group(2)):
            out.setdefault(m.group(1), []).append((prop, "=", json.loads(lit)))
    for m in re.finditer(r"\$(\w+)\.(\w+)\s*(!=|=)\s*(%s)" % LITERAL, body):
        if not in_negation(body, m.start()):
            out.setdefault(m.group(1), []).append((m.group(2), m.group(3), json.loads(m.group(4))))
    return out


def in_negation(body, pos):
    return any(m.end() <= pos <= matching_brace(body, m.end() - 1)
               for m in re.finditer(r"\bnot\s*\{", body))


def guess_params(params_text, body, seed):
    """Parameters for a read query, derived from the seed so that the query has something to find:

    - `$v: T { prop: $p }` (or `$v.prop = $p`) takes a value of T.prop, preferring a node that, for
      every edge the query traverses from $v, has such an edge on the side the traversal names
      whose other end passes that variable's type and literal filters (so
      `$p: Person { slug: $slug }  $t: Task { status: "waiting" }  $t taskForPerson $p` picks a
      person somebody's waiting task is for);
    - `$v.prop >= $p` and the other range comparisons take the median value of prop, so the filter
      keeps some rows and drops others;
    - otherwise the first value of a property named like the parameter, else a default per type;
      list parameters get an empty list.
    """
    var_types = dict(re.findall(r"\$(\w+)\s*:\s*([A-Z]\w*)", body))
    filters = literal_filters(body)
    traversed = {}  # variable -> [(edge, side, other variable)]
    for a, lt, edge, gt, b in re.findall(
            r"\$(\w+)\s+(?:\$\w+\s*:\s*)?(<?)([a-z]\w*)(>?)(?:\{[\d,\s]*\})?\s+\$(\w+)", body):
        undirected = lt == "<" and gt == ">"
        traversed.setdefault(a, []).append((edge.lower(), "any" if undirected else "from", b))
        traversed.setdefault(b, []).append((edge.lower(), "any" if undirected else "to", a))
    params = {}
    for pname, ptype in re.findall(r"\$(\w+)\s*:\s*(\[?\w+\]?)", params_text):
        if ptype.startswith("["):
            params[pname] = []
            continue
        uses = []  # (var, prop, op)
        for var, inner in re.findall(r"\$(\w+)\s*:\s*[A-Z]\w*\s*\{([^{}]*)\}", body):
            for prop in re.findall(r"(\w+)\s*:\s*\$%s\b" % pname, inner):
                uses.append((var, prop, "="))
        for var, prop, op in re.findall(r"\$(\w+)\.(\w+)\s*(>=|<=|!=|=|<|>)\s*\$%s\b" % pname, body):
            uses.append((var, prop, op))
        for op, var, prop in re.findall(r"\$%s\s*(>=|<=|!=|=|<|>)\s*\$(\w+)\.(\w+)" % pname, body):
            uses.append((var, prop, FLIP[op]))
        for var, prop in re.findall(
                r"\b(?:search|fuzzy|match_text|bm25|nearest)\(\s*\$(\w+)\.(\w+)\s*,\s*\$%s\b" % pname, body):
            uses.append((var, prop, "text"))
        value = None
        for var, prop, op in uses:
            cands = [(v, i) for v, i in seed.values(var_types.get(var), prop) if fits(v, ptype)]
            if not cands:
                continue
            if op == "text":
                # A search text: the longest word of the first value, so the search finds something.
                words = re.findall(r"[A-Za-z]{4,}", cands[0][0])
                value = max(words, key=len) if words else cands[0][0]
            elif op in (">", ">=", "<", "<="):
                ordered = sorted(set(v for v, _ in cands))
                value = ordered[len(ordered) // 2]
            else:
                hops = traversed.get(var, [])
                best = [v for v, i in cands if all(
                    seed.linked(i, e, side, var_types.get(o), filters.get(o, ()))
                    for e, side, o in hops)]
                near = [v for v, i in cands if all(seed.linked(i, e, "any") for e, _, _ in hops)]
                value = (best or near or [v for v, _ in cands])[0]
            break
        if value is None:
            named = [v for v, _ in seed.values(None, pname) if fits(v, ptype)]
            value = named[0] if named else DEFAULTS.get(ptype, "x")
        params[pname] = value
    return params


# --- the runner ------------------------------------------------------------------------------------

class Runner:
    def __init__(self, path, rewrite=False):
        self.path = path
        self.name = os.path.relpath(path, HERE) if path.startswith(HERE) else path
        self.lines = open(path, encoding="utf-8").read().split("\n")
        self.i = 0
        self.passed = 0
        self.failed = 0
        self.graph = None
        self.schema_text = None
        self.rewrite = rewrite
        self.replacements = []  # (start, end, new lines) of expected blocks to rewrite
        self.tmp = tempfile.mkdtemp(prefix="og-e2e-", dir=_ensure(TMP_ROOT))

    # --- parsing helpers -------------------------------------------------------------------------
    def block_until_dashes(self):
        out = []
        while self.i < len(self.lines) and self.lines[self.i].strip() != "----":
            out.append(self.lines[self.i])
            self.i += 1
        if self.i >= len(self.lines):
            raise Abort("input block starting at line %d has no closing ----" % (self.i + 1))
        self.i += 1  # skip ----
        return "\n".join(out)

    def expected_block(self):
        """The expected block's lines and its (start, end) line span, for --rewrite."""
        start = self.i
        while self.i < len(self.lines) and self.lines[self.i].strip() != "":
            self.i += 1
        return self.lines[start:self.i], (start, self.i)

    def replace(self, span, new_lines):
        if self.rewrite:
            self.replacements.append((span[0], span[1], list(new_lines)))

    def shared(self, rel):
        if not os.path.isdir(SHARED):
            raise MissingSharedData(SHARED)
        path = os.path.join(SHARED, rel)
        if not os.path.exists(path):
            raise MissingSharedData(path)
        return path

    @staticmethod
    def options(words, flags=(), keys=()):
        """Split `word` flags and `key=value` options, refusing anything not listed."""
        opts, seen = {}, set()
        for w in words:
            if "=" in w:
                k, v = w.split("=", 1)
                if k not in keys:
                    raise Abort("unknown option %r (expected one of %s)" % (k, sorted(keys)))
                opts[k] = v
            elif w in flags:
                seen.add(w)
            else:
                raise Abort("unknown word %r (expected one of %s)" % (w, sorted(flags)))
        return seen, opts

    # --- steps -----------------------------------------------------------------------------------
    def report(self, ok, line_no, what, detail=""):
        name = "%s:%d %s" % (self.name, line_no, what)
        if ok:
            self.passed += 1
            print("ok   " + name)
        else:
            self.failed += 1
            print("FAIL " + name + ("\n     " + detail.replace("\n", "\n     ") if detail else ""))

    def fresh_graph(self, schema_text, line_no):
        self.graph = os.path.join(self.tmp, "g%d" % self.i)
        self.schema_text = schema_text
        schema = os.path.join(self.tmp, "schema%d.pg" % self.i)
        open(schema, "w").write(schema_text)
        r = og(["init", "--schema", schema, self.graph])
        if r.returncode != 0:
            raise Abort("line %d: init failed: %s" % (line_no, r.stderr.strip()))

    def load(self, text, mode):
        data = os.path.join(self.tmp, "data%d.jsonl" % self.i)
        open(data, "w").write(text)
        return og(["load", "--data", data, "--mode", mode, self.graph, "--json"])

    @staticmethod
    def load_counts(r):
        out = json.loads(r.stdout)
        nodes = sum(t["entities_loaded"] for t in out.get("nodes", []))
        edges = sum(t["entities_loaded"] for t in out.get("edges", []))
        return "nodes=%d edges=%d" % (nodes, edges)

    def run(self):
        while self.i < len(self.lines):
            raw = self.lines[self.i]
            line_no = self.i + 1
            line = raw.split(" #")[0].strip() if not raw.strip().startswith("#") else ""
            self.i += 1
            if not line:
                continue
            cmd, _, rest = line.partition(" ")
            head, _, params = rest.partition("params=")
            words = head.split()
            if params.strip() and cmd in ("run", "mutate"):
                try:
                    json.loads(params)
                except ValueError as e:
                    raise Abort("line %d: params= is not JSON: %s" % (line_no, e))
            if cmd == "dataset":
                self.step_dataset(words, line_no)
            elif cmd == "schema":
                self.options(words)
                self.fresh_graph(self.block_until_dashes(), line_no)
            elif cmd == "schema-error":
                self.options(words)
                self.step_schema_error(line_no)
            elif cmd in ("load", "load-error"):
                _, opts = self.options(words, keys=("mode",))
                self.step_load(cmd, opts.get("mode", "merge"), line_no)
            elif cmd == "run":
                flags, opts = self.options(words, flags=("ordered",), keys=("query", "file"))
                self.step_run("ordered" in flags, opts, params.strip(), line_no)
            elif cmd == "mutate":
                _, opts = self.options(words, keys=("query",))
                self.step_mutate(opts, params.strip(), line_no)
            elif cmd == "run-all":
                _, opts = self.options(words, keys=("file", "seed"))
                if set(opts) != {"file", "seed"}:
                    raise Abort("line %d: run-all needs file= and seed=" % line_no)
                self.step_run_all(opts, line_no)
            elif cmd == "cli":
                self.step_cli(line, line_no)
            elif cmd == "env":
                # env NAME=VALUE: set for every later command of this file.
                for w in words:
                    name, eq, value = w.partition("=")
                    if not eq or not re.fullmatch(r"[A-Z_][A-Z0-9_]*", name):
                        raise Abort("line %d: env takes NAME=VALUE" % line_no)
                    os.environ[name] = value
            else:
                raise Abort("line %d: unknown step '%s'" % (line_no, cmd))

    def step_dataset(self, words, line_no):
        if len(words) != 1:
            raise Abort("line %d: dataset takes one name" % line_no)
        name = words[0]
        if os.path.exists(os.path.join(SHARED, "cookbooks", name)):
            pg = self.shared(os.path.join("cookbooks", name, "schema.pg"))
            data = self.shared(os.path.join("cookbooks", name, "seed.jsonl"))
        else:
            pg = self.shared(os.path.join("fixtures", name + ".pg"))
            data = self.shared(os.path.join("fixtures", name + ".jsonl"))
        self.fresh_graph(open(pg).read(), line_no)
        text = open(data).read()
        records = [json.loads(l) for l in text.split("\n") if l.strip()]
        want = "nodes=%d edges=%d" % (sum("type" in r for r in records),
                                      sum("edge" in r for r in records))
        r = self.load(text, "overwrite")
        if r.returncode != 0:
            raise Abort("line %d: loading dataset %s failed: %s" % (line_no, name, r.stderr.strip()))
        got = self.load_counts(r)
        self.report(got == want, line_no, "dataset %s (%s)" % (name, got),
                    "the seed has %s, the load reports %s" % (want, got))

    def step_schema_error(self, line_no):
        text = self.block_until_dashes()
        expected, span = self.expected_block()
        target = os.path.join(self.tmp, "bad%d" % self.i)
        schema = os.path.join(self.tmp, "bad%d.pg" % self.i)
        open(schema, "w").write(text)
        r = og(["init", "--schema", schema, target])
        problem = error_problem(r, "\n".join(expected))
        self.report(problem is None, line_no, "schema-error", problem or "")
        if problem and r.returncode != 0:
            self.replace(span, [actual_error_text(r, self.tmp)])
        if os.path.exists(os.path.join(target, "_og")):
            self.report(False, line_no, "schema-error left a graph behind")

    def step_load(self, cmd, mode, line_no):
        text = self.block_until_dashes()
        expected, span = self.expected_block()
        want = "\n".join(expected).strip()
        r = self.load(text, mode)
        if cmd == "load-error":
            problem = error_problem(r, want)
            self.report(problem is None, line_no, "load-error", problem or "")
        elif r.returncode != 0:
            problem = "the load failed: " + r.stderr.strip()
            self.report(False, line_no, "load", problem)
        else:
            got = self.load_counts(r)
            problem = None if got == want else "want %r, got %r" % (want, got)
            self.report(problem is None, line_no, "load " + got, problem or "")
        if problem:
            self.replace(span, [actual_error_text(r, self.tmp) if r.returncode != 0
                                else self.load_counts(r)])

    def query_args(self, verb, opts, source, params):
        args = [verb, "--store", self.graph, "-e", source, "--json"]
        if "query" in opts:
            args.insert(1, opts["query"])
        if params:
            args += ["--params", params]
        return args

    def step_run(self, ordered, opts, params, line_no):
        if "file" in opts:
            source = open(self.shared(opts["file"])).read()
        else:
            source = self.block_until_dashes()
        expected, span = self.expected_block()
        r = og(self.query_args("query", opts, source, params))
        what = ("run " + opts.get("query", "")).strip()
        if expected and expected[0].startswith("error"):
            problem = error_problem(r, expected[0])
            if len(expected) > 1:
                problem = problem or "an error expectation is one line; extra: %r" % expected[1:]
            self.report(problem is None, line_no, what, problem or "")
        elif r.returncode != 0:
            problem = "the query failed: " + r.stderr.strip()
            self.report(False, line_no, what, problem)
        else:
            out = json.loads(r.stdout)
            header = expected[0].split("\t") if expected else []
            want = [row.split("\t") for row in expected[1:]]
            got = [[cell_text(row.get(c)) for c in out["columns"]] for row in out["rows"]]
            same = got == want if ordered else sorted(got) == sorted(want)
            ok = out["columns"] == header and same and out["row_count"] == len(got)
            problem = None if ok else "want %s %s\ngot  %s %s (row_count %s)" % (
                header, want, out["columns"], got, out["row_count"])
            self.report(ok, line_no, "%s (%d rows)" % (what, len(got)), problem or "")
        if problem:
            if r.returncode != 0:
                self.replace(span, [actual_error_text(r, self.tmp)])
            else:
                out = json.loads(r.stdout)
                self.replace(span, ["\t".join(out["columns"])] +
                             ["\t".join(cell_text(row.get(c)) for c in out["columns"])
                              for row in out["rows"]])

    def step_mutate(self, opts, params, line_no):
        source = self.block_until_dashes()
        expected, span = self.expected_block()
        want = "\n".join(expected).strip()
        r = og(self.query_args("mutate", opts, source, params))
        got = None
        if r.returncode == 0:
            out = json.loads(r.stdout)
            got = "affected_nodes=%d affected_edges=%d" % (out["affected_nodes"],
                                                           out["affected_edges"])
            if out["commit"] is None:
                got += " commit=none"
        if want.startswith("error"):
            problem = error_problem(r, want)
        elif got is None:
            problem = "the mutation failed: " + r.stderr.strip()
        else:
            problem = None if got == want else "want %r, got %r" % (want, got)
        self.report(problem is None, line_no, "mutate", problem or "")
        if problem:
            self.replace(span, [got if got is not None else actual_error_text(r, self.tmp)])

    def step_run_all(self, opts, line_no):
        path = self.shared(opts["file"])
        seed = Seed(self.shared(opts["seed"]), self.schema_text)
        lines, span = self.expected_block()
        expected = {}
        for text in lines:
            name, sep, want = text.partition("\t")
            if not sep or not want.strip():
                raise Abort("line %d: run-all expects `<query>\\t<rows>` or "
                            "`<query>\\terror <Code>: <fragment>`, got %r" % (line_no, text))
            if name in expected:
                raise Abort("line %d: run-all lists %s twice" % (line_no, name))
            expected[name] = want.strip()
        source = open(path).read()
        reads = [(n, p, b) for n, p, b, is_read in query_decls(source) if is_read]
        rewritten = []
        for name, params_text, body in reads:
            params = guess_params(params_text, body, seed)
            r = og(["query", name, "--store", self.graph, "-e", source, "--json",
                    "--params", json.dumps(params)])
            got = str(json.loads(r.stdout)["row_count"]) if r.returncode == 0 else None
            want = expected.get(name)
            if want is None:
                problem = "not in run-all's expected block (got %s)" % (
                    got if got is not None else actual_error_text(r))
            elif want.startswith("error"):
                problem = error_problem(r, want)
            elif got is None:
                problem = "want %s rows, but the query failed: %s" % (want, r.stderr.strip())
            else:
                problem = None if got == want else "want %s rows, got %s" % (want, got)
            what = "run-all %s %s %s" % (
                name, "(%s rows)" % got if got is not None else "(error)", json.dumps(params))
            self.report(problem is None, line_no, what, problem or "")
            rewritten.append("%s\t%s" % (name, want if problem is None else
                                         got if got is not None else actual_error_text(r)))
        names = {n for n, _, _ in reads}
        for name in expected:
            if name not in names:
                self.report(False, line_no, "run-all %s" % name,
                            "listed in the expected block but not a read query of " + opts["file"])
        if rewritten != lines:
            self.replace(span, rewritten)

    def step_cli(self, line, line_no):
        args = []
        for a in shlex.split(line)[1:]:
            if "$SHARED" in a:
                a = a.replace("$SHARED", SHARED)
                if a.startswith(SHARED):
                    self.shared(os.path.relpath(a, SHARED))
            args.append(a.replace("$G", self.graph or ""))
        expected, _ = self.expected_block()
        what = "cli " + " ".join(shlex.split(line)[1:3])
        if not expected:
            raise Abort("line %d: a cli step needs an expected block" % line_no)
        r = og(args)
        if expected[0].startswith("error"):
            problem = error_problem(r, expected[0])
            self.report(problem is None, line_no, what, problem or "")
            return
        missing = [e for e in expected if e not in r.stdout]
        ok = r.returncode == 0 and not missing
        self.report(ok, line_no, what, "rc=%d missing=%r stdout=%r stderr=%r" %
                    (r.returncode, missing, r.stdout, r.stderr))

    def write_rewrites(self):
        if not self.replacements:
            return
        lines = list(self.lines)
        for start, end, new in sorted(self.replacements, reverse=True):
            lines[start:end] = new
        open(self.path, "w", encoding="utf-8").write("\n".join(lines))
        print("rewrote %d expected block(s) of %s: review the diff" %
              (len(self.replacements), self.path))


def _ensure(d):
    os.makedirs(d, exist_ok=True)
    return d


def main(argv):
    rewrite = "--rewrite" in argv
    paths = [a for a in argv if a != "--rewrite"]
    passed = failed = skipped = 0
    for p in paths:
        runner = Runner(p, rewrite)
        try:
            runner.run()
            if rewrite:
                runner.write_rewrites()
        except MissingSharedData as e:
            if under_ci():
                runner.failed += 1
                print("FAIL %s: shared test data missing under CI=true: %s" % (p, e.path))
            else:
                skipped += 1
                bar = "*" * 78
                print("%s\nSKIPPED: %s: shared test data missing: %s\n"
                      "(set OG_SHARED_DATA_DIR or check out ../shared next to the project)\n%s"
                      % (bar, p, e.path, bar))
        except Abort as e:
            runner.failed += 1
            print("FAIL %s: %s" % (p, e))
        finally:
            shutil.rmtree(runner.tmp, ignore_errors=True)
        passed += runner.passed
        failed += runner.failed
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    if failed:
        return 1
    return SKIP_EXIT if skipped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
