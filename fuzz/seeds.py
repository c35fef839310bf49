#!/usr/bin/env python3
"""Assemble the fuzzers' seed corpora at run time (fuzz/run.sh calls this).

  seeds.py OUT_DIR SHARED_DATA_DIR

Writes OUT_DIR/<target>/<hash> files for the targets schema, gq, jsonl and params from:
  - the shared data (not copied into the repo): fixtures/*.pg, *.gq, *.jsonl and
    cookbooks/*/schema.pg, queries/*.gq, seed.jsonl;
  - the inline blocks of tests/e2e/**/*.test (schema, load, run and mutate blocks, params=JSON);
  - examples/**;
  - fuzz/seeds/<target>/*, our own inputs written against the fuzz fixture schema.
Large files are also split (one seed per query, per JSONL line and per 8-line chunk) so that seeds
stay well under the fuzzers' -max_len. OUT_DIR is rebuilt from scratch on every run.
"""
import hashlib
import json
import os
import re
import shlex
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = ("schema", "gq", "jsonl", "params")
MAX_SEED = 8192  # keep in step with -max_len in run.sh


class Corpus:
    def __init__(self, out):
        self.out = out
        self.count = {t: 0 for t in TARGETS}
        shutil.rmtree(out, ignore_errors=True)
        for t in TARGETS:
            os.makedirs(os.path.join(out, t))

    def add(self, target, text):
        data = text.encode("utf-8") if isinstance(text, str) else text
        if not data.strip() or len(data) > MAX_SEED:
            return
        name = hashlib.sha1(data).hexdigest()
        path = os.path.join(self.out, target, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(data)
            self.count[target] += 1


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def split_queries(source):
    """Each top-level `query ... { ... }` of a .gq source (comments kept out)."""
    out = []
    for m in re.finditer(r"^\s*query\b", source, re.M):
        depth, i, quote, started = 0, m.start(), False, False
        while i < len(source):
            c = source[i]
            if quote:
                if c == "\\":
                    i += 1
                elif c == '"':
                    quote = False
            elif c == '"':
                quote = True
            elif c == "{":
                depth += 1
                started = True
            elif c == "}":
                depth -= 1
                if started and depth == 0:
                    out.append(source[m.start():i + 1].strip())
                    break
            i += 1
    return out


def add_gq(corpus, source):
    corpus.add("gq", source)
    for q in split_queries(source):
        corpus.add("gq", q)


def add_jsonl(corpus, source):
    lines = [l for l in source.split("\n") if l.strip()]
    corpus.add("jsonl", "\n".join(lines) + "\n")
    for i in range(0, len(lines), 8):
        corpus.add("jsonl", "\n".join(lines[i:i + 8]) + "\n")
    for l in lines:
        corpus.add("jsonl", l + "\n")
        try:
            rec = json.loads(l)
        except ValueError:
            continue
        # Record data as parameter objects: every JSON kind the binder converts.
        if isinstance(rec, dict) and isinstance(rec.get("data"), dict):
            corpus.add("params", json.dumps(rec["data"]))
            for v in rec["data"].values():
                corpus.add("params", json.dumps(v))


def add_test_file(corpus, path):
    """Inline blocks of a tests/e2e .test file (format: tests/e2e/run_tests.py)."""
    lines = read(path).split("\n")
    i = 0
    while i < len(lines):
        words = lines[i].split()
        cmd = words[0] if words else ""
        if cmd in ("schema", "schema-error", "load", "load-error", "run", "mutate"):
            try:
                args = shlex.split(lines[i])[1:]
            except ValueError:
                args = []
            for a in args:
                if a.startswith("params="):
                    corpus.add("params", a[len("params="):])
            if cmd in ("run", "mutate") and any(a.startswith("file=") for a in args):
                i += 1
                continue
            block = []
            i += 1
            while i < len(lines) and lines[i].strip() != "----":
                block.append(lines[i])
                i += 1
            text = "\n".join(block) + "\n"
            if cmd.startswith("schema"):
                corpus.add("schema", text)
            elif cmd.startswith("load"):
                add_jsonl(corpus, text)
            else:
                add_gq(corpus, text)
        i += 1


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, shared = sys.argv[1], sys.argv[2]
    corpus = Corpus(out)

    by_ext = {".pg": lambda s: corpus.add("schema", s), ".gq": lambda s: add_gq(corpus, s),
              ".jsonl": lambda s: add_jsonl(corpus, s)}
    roots = [os.path.join(ROOT, "examples")]
    if os.path.isdir(shared):
        roots += [os.path.join(shared, "fixtures"), os.path.join(shared, "cookbooks")]
    else:
        print("seeds: no shared data at %s; using the repository's inputs only" % shared)
    for root in roots:
        for dirpath, _, files in os.walk(root):
            for f in sorted(files):
                ext = os.path.splitext(f)[1]
                if ext in by_ext:
                    by_ext[ext](read(os.path.join(dirpath, f)))

    for dirpath, _, files in os.walk(os.path.join(ROOT, "tests", "e2e")):
        for f in sorted(files):
            if f.endswith(".test") or f.endswith(".test_slow"):
                add_test_file(corpus, os.path.join(dirpath, f))

    own = os.path.join(ROOT, "fuzz", "seeds")
    for t in TARGETS:
        d = os.path.join(own, t)
        if os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                with open(os.path.join(d, f), "rb") as fh:
                    data = fh.read()
                corpus.add(t, data)
                if t == "gq":
                    add_gq(corpus, data.decode("utf-8", "replace"))

    print("seeds: " + ", ".join("%s %d" % (t, corpus.count[t]) for t in TARGETS) + " in " + out)


if __name__ == "__main__":
    main()
