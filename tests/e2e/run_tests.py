#!/usr/bin/env python3
"""Runner for declarative end-to-end tests (*.test), driven through the omnigraph CLI.

A .test file is a sequence of steps; each step starts with a command line and may carry a block of
text ended by a line `----` (input) and, for `run`, an expected block ended by a blank line or EOF.

  dataset NAME                 init a fresh graph from shared data NAME (fixtures/NAME.pg + .jsonl,
                               or cookbooks/NAME/schema.pg + seed.jsonl); skip the file if absent
  schema                       init a fresh graph from the inline .pg text that follows (until ----)
  schema-error                 init from the inline .pg text (until ----) must fail; the expected
                               block is `error: <substring>`, and no graph may be left behind
  load mode=M                  load the inline JSONL that follows (until ----)
  load-error mode=M            like load, but expects failure; the expected block is
                               `error <Code-or-any>: <substring>`
  run [ordered] [query=NAME] [file=PATH] [params=JSON]
                               run the inline query (until ----) or, with file=, the query NAME from
                               a shared data file (PATH relative to the shared data dir); the expected
                               block follows: a header of tab-separated column names, then rows
                               (`null` for null), or `error: <substring>` for an expected failure.
                               Rows compare as a multiset unless `ordered` is given.
  mutate [query=NAME] [params=JSON]
                               run the inline mutation (until ----); the expected block is
                               `affected_nodes=N affected_edges=M [commit=none]` or `error: <substring>`
  run-all file=PATH seed=PATH  run every read query of a shared .gq file with parameters guessed
                               from the shared seed JSONL (first value of a property with the
                               parameter's name); each must succeed (search functions may answer
                               that they are not executable yet). Mutations are skipped.
  cli ARGS...                  run an omnigraph command (the graph dir is $G); expected block: lines
                               that must each appear in stdout, or `error: <substring>`.

The runner prints one line per step and a closing `N passed, N failed` line; exit 1 on any failure.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

OG_BIN = os.environ.get("OG_BIN", "build/bin/omnigraph")
SHARED = os.environ.get("OG_SHARED_DATA_DIR", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
TMP_ROOT = os.environ.get("OG_TEST_TMP_DIR", tempfile.gettempdir())


class Skip(Exception):
    pass


def cell_text(v):
    if v is None:
        return "null"
    if isinstance(v, str):
        return v
    return json.dumps(v, separators=(",", ":"))


def og(args, stdin=None):
    return subprocess.run([OG_BIN] + args, input=stdin, capture_output=True, text=True)


class Runner:
    def __init__(self, path):
        self.path = path
        self.lines = open(path, encoding="utf-8").read().split("\n")
        self.i = 0
        self.passed = 0
        self.failed = 0
        self.graph = None
        self.tmp = tempfile.mkdtemp(prefix="og-e2e-", dir=_ensure(TMP_ROOT))

    # --- parsing helpers -------------------------------------------------------------------------
    def block_until_dashes(self):
        out = []
        while self.i < len(self.lines) and self.lines[self.i].strip() != "----":
            out.append(self.lines[self.i])
            self.i += 1
        self.i += 1  # skip ----
        return "\n".join(out)

    def block_until_blank(self):
        out = []
        while self.i < len(self.lines) and self.lines[self.i].strip() != "":
            out.append(self.lines[self.i])
            self.i += 1
        return out

    # --- steps -----------------------------------------------------------------------------------
    def fresh_graph(self, schema_text, jsonl_text=None):
        self.graph = os.path.join(self.tmp, "g%d" % self.i)
        schema = os.path.join(self.tmp, "schema%d.pg" % self.i)
        open(schema, "w").write(schema_text)
        r = og(["init", "--schema", schema, self.graph])
        if r.returncode != 0:
            raise AssertionError("init failed: " + r.stderr)
        if jsonl_text is not None:
            self.load(jsonl_text, "overwrite", expect_ok=True)

    def load(self, text, mode, expect_ok):
        data = os.path.join(self.tmp, "data%d.jsonl" % self.i)
        open(data, "w").write(text)
        return og(["load", "--data", data, "--mode", mode, self.graph])

    def report(self, ok, line_no, what, detail=""):
        name = "%s:%d %s" % (os.path.basename(self.path), line_no, what)
        if ok:
            self.passed += 1
            print("ok   " + name)
        else:
            self.failed += 1
            print("FAIL " + name + "\n" + detail)

    def run(self):
        while self.i < len(self.lines):
            raw = self.lines[self.i]
            line_no = self.i + 1
            line = raw.split(" #")[0].strip() if not raw.strip().startswith("#") else ""
            self.i += 1
            if not line:
                continue
            words = line.split()
            cmd = words[0]
            if cmd == "dataset":
                self.step_dataset(words[1])
            elif cmd == "schema-error":
                text = self.block_until_dashes()
                expected = "\n".join(self.block_until_blank()).strip()
                target = os.path.join(self.tmp, "bad%d" % self.i)
                schema = os.path.join(self.tmp, "bad%d.pg" % self.i)
                open(schema, "w").write(text)
                r = og(["init", "--schema", schema, target])
                self.check_error(r, expected, line_no, "schema-error")
                if os.path.exists(os.path.join(target, "_og")):
                    self.report(False, line_no, "schema-error left a graph behind")
            elif cmd == "schema":
                self.fresh_graph(self.block_until_dashes())
            elif cmd in ("load", "load-error"):
                opts = dict(w.split("=", 1) for w in words[1:])
                text = self.block_until_dashes()
                r = self.load(text, opts.get("mode", "merge"), cmd == "load")
                if cmd == "load":
                    self.report(r.returncode == 0, line_no, "load", r.stderr)
                else:
                    expected = "\n".join(self.block_until_blank()).strip()
                    self.check_error(r, expected, line_no, "load-error")
            elif cmd == "run":
                self.step_run(line, line_no)
            elif cmd == "mutate":
                self.step_mutate(line, line_no)
            elif cmd == "run-all":
                self.step_run_all(dict(w.split("=", 1) for w in words[1:]), line_no)
            elif cmd == "cli":
                self.step_cli(line, line_no)
            else:
                raise AssertionError("%s:%d: unknown step '%s'" % (self.path, line_no, cmd))
        return self.failed == 0

    def step_dataset(self, name):
        pg = os.path.join(SHARED, "fixtures", name + ".pg")
        data = os.path.join(SHARED, "fixtures", name + ".jsonl")
        if not os.path.exists(pg):
            pg = os.path.join(SHARED, "cookbooks", name, "schema.pg")
            data = os.path.join(SHARED, "cookbooks", name, "seed.jsonl")
        if not os.path.exists(pg):
            raise Skip("shared dataset '%s' not found under %s" % (name, SHARED))
        self.fresh_graph(open(pg).read(), open(data).read())

    def check_error(self, r, expected, line_no, what):
        assert expected.startswith("error"), "expected block must start with 'error'"
        want = expected.split(":", 1)[1].strip() if ":" in expected else ""
        ok = r.returncode != 0 and want in r.stderr and "Internal" not in r.stderr
        self.report(ok, line_no, what, "want error containing %r, got rc=%d stderr=%r" %
                    (want, r.returncode, r.stderr))

    def step_run(self, line, line_no):
        head, _, params = line.partition("params=")
        words = head.split()[1:]
        ordered = "ordered" in words
        opts = dict(w.split("=", 1) for w in words if "=" in w)
        if "file" in opts:
            path = os.path.join(SHARED, opts["file"])
            if not os.path.exists(path):
                raise Skip("shared file %s not found" % path)
            source = open(path).read()
        else:
            source = self.block_until_dashes()
        expected = self.block_until_blank()
        args = ["query", "--store", self.graph, "-e", source, "--json"]
        if "query" in opts:
            args.insert(1, opts["query"])
        if params.strip():
            args += ["--params", params.strip()]
        r = og(args)
        what = "run " + opts.get("query", "")
        if expected and expected[0].startswith("error"):
            self.check_error(r, expected[0], line_no, what)
            return
        if r.returncode != 0:
            self.report(False, line_no, what, r.stderr)
            return
        out = json.loads(r.stdout)
        header = expected[0].split("\t") if expected else []
        want = [row.split("\t") for row in expected[1:]]
        got = [[cell_text(row.get(c)) for c in out["columns"]] for row in out["rows"]]
        ok = out["columns"] == header and (got == want if ordered else sorted(got) == sorted(want))
        self.report(ok, line_no, what, "want %s %s\ngot  %s %s" % (header, want, out["columns"], got))

    def step_mutate(self, line, line_no):
        head, _, params = line.partition("params=")
        opts = dict(w.split("=", 1) for w in head.split()[1:] if "=" in w)
        source = self.block_until_dashes()
        expected = "\n".join(self.block_until_blank()).strip()
        args = ["mutate", "--store", self.graph, "-e", source, "--json"]
        if "query" in opts:
            args.insert(1, opts["query"])
        if params.strip():
            args += ["--params", params.strip()]
        r = og(args)
        if expected.startswith("error"):
            self.check_error(r, expected, line_no, "mutate")
            return
        if r.returncode != 0:
            self.report(False, line_no, "mutate", r.stderr)
            return
        out = json.loads(r.stdout)
        got = "affected_nodes=%d affected_edges=%d" % (out["affected_nodes"], out["affected_edges"])
        if out["commit"] is None:
            got += " commit=none"
        self.report(got == expected, line_no, "mutate", "want %r got %r" % (expected, got))

    def step_run_all(self, opts, line_no):
        import re
        path = os.path.join(SHARED, opts["file"])
        seed = os.path.join(SHARED, opts["seed"])
        if not os.path.exists(path) or not os.path.exists(seed):
            raise Skip("shared file %s or %s not found" % (path, seed))
        source = open(path).read()
        samples = {}
        for rec_line in open(seed):
            if rec_line.strip():
                for k, v in json.loads(rec_line).get("data", {}).items():
                    samples.setdefault(k, v)
        defaults = {"String": "x", "I32": 1, "I64": 1, "U32": 1, "U64": 1, "F32": 1.0, "F64": 1.0,
                    "Bool": True, "Date": "2026-01-01", "DateTime": "2026-01-01T00:00:00Z"}
        decls = re.findall(r"query\s+(\w+)\s*\(([^)]*)\)[^{]*\{\s*(\w+)", source)
        for name, params_text, first_word in decls:
            if first_word in ("insert", "update", "delete"):
                continue
            params = {}
            for m in re.finditer(r"\$(\w+)\s*:\s*(\[?\w+)", params_text):
                pname, ptype = m.group(1), m.group(2)
                if ptype.startswith("["):
                    params[pname] = []
                elif isinstance(samples.get(pname), (str, int, float, bool)) and ptype == "String":
                    params[pname] = samples[pname]
                else:
                    params[pname] = defaults.get(ptype, "x")
            r = og(["query", name, "--store", self.graph, "-e", source, "--json",
                    "--params", json.dumps(params)])
            deferred = "not executable yet" in r.stderr
            ok = r.returncode == 0 or deferred
            rows = json.loads(r.stdout)["row_count"] if r.returncode == 0 else 0
            self.report(ok, line_no, "run-all %s %s" % (name, "(deferred: search)" if deferred
                                                           else "(%d rows)" % rows), r.stderr)

    def step_cli(self, line, line_no):
        args = [a.replace("$G", self.graph or "").replace("$SHARED", SHARED) for a in shlex.split(line)[1:]]
        expected = self.block_until_blank()
        r = og(args)
        if expected and expected[0].startswith("error"):
            self.check_error(r, expected[0], line_no, "cli " + " ".join(args[:2]))
            return
        missing = [e for e in expected if e not in r.stdout]
        self.report(r.returncode == 0 and not missing, line_no, "cli " + " ".join(args[:2]),
                    "rc=%d missing=%r stdout=%r stderr=%r" % (r.returncode, missing, r.stdout, r.stderr))


def _ensure(d):
    os.makedirs(d, exist_ok=True)
    return d


def main(paths):
    passed = failed = skipped = 0
    for p in paths:
        runner = Runner(p)
        try:
            runner.run()
        except Skip as e:
            skipped += 1
            print("SKIP %s: %s" % (p, e))
        except AssertionError as e:
            runner.failed += 1
            print("FAIL %s: %s" % (p, e))
        finally:
            shutil.rmtree(runner.tmp, ignore_errors=True)
        passed += runner.passed
        failed += runner.failed
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
