#!/usr/bin/env python3
"""Deterministic G-social generator (tests-and-perf.md §4.3) and per-size benchmark plan.

Graph for P persons: Person{name @key, age I32}, Company{name @key} with C = max(1, P // 16)
companies, person i works at company i mod C and knows persons i+1 .. i+D (mod P), D = 4.
Names are "p<i>" and "c<j>"; ages come from a seeded hash of i, so every run writes the same bytes.

Writes into --out:
  schema.pg, social.jsonl            OmniGraph input (languages.md §1, §5)
  person.csv company.csv knows.csv works_at.csv   the same data for the peers (Kùzu COPY, SQLite)
  manifest.json                       parameters, counts and SHA-256 of every input file
  plan.json                           the workload inputs (keys, sources), reps, and the expected
                                      answer of every workload, computed here from the formula

Data files are rewritten only when manifest.json does not match the parameters; plan.json always.
Python standard library only.
"""
import argparse
import hashlib
import json
import os

GENERATOR_VERSION = 1
SEED = 0x5EED_0A1B_2C3D_4E5F
DEGREE = 4          # Knows out-degree (RFC-031 uses 4 at S and M)
PERSONS_PER_COMPANY = 16
MASK = (1 << 64) - 1

SCHEMA = """\
node Person { name: String @key  age: I32 }
node Company { name: String @key }
edge Knows: Person -> Person
edge WorksAt: Person -> Company
"""


def mix(x):
    """splitmix64 finaliser: a stateless, well-mixed hash of a 64-bit value."""
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def age_of(i):
    return 18 + mix(SEED ^ i) % 63  # 18..80


def draw(stream, n, bound):
    """n pseudo-random integers in [0, bound) from the named stream (independent of data size)."""
    base = mix(SEED ^ int.from_bytes(stream.encode(), "little"))
    return [mix(base + k) % bound for k in range(n)]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_data(out, persons, companies):
    """Stream the graph to JSONL and CSV. Nodes come before edges in the JSONL file."""
    buf = 1 << 20
    with open(os.path.join(out, "schema.pg"), "w") as f:
        f.write(SCHEMA)
    with open(os.path.join(out, "social.jsonl"), "w", buffering=buf) as jl, \
         open(os.path.join(out, "person.csv"), "w", buffering=buf) as pc, \
         open(os.path.join(out, "company.csv"), "w", buffering=buf) as cc, \
         open(os.path.join(out, "knows.csv"), "w", buffering=buf) as kc, \
         open(os.path.join(out, "works_at.csv"), "w", buffering=buf) as wc:
        pc.write("name,age\n")
        cc.write("name\n")
        kc.write("from,to\n")
        wc.write("from,to\n")
        for i in range(persons):
            a = age_of(i)
            jl.write(f'{{"type":"Person","data":{{"name":"p{i}","age":{a}}}}}\n')
            pc.write(f"p{i},{a}\n")
        for j in range(companies):
            jl.write(f'{{"type":"Company","data":{{"name":"c{j}"}}}}\n')
            cc.write(f"c{j}\n")
        for i in range(persons):
            for k in range(1, DEGREE + 1):
                t = (i + k) % persons
                jl.write(f'{{"edge":"Knows","from":"p{i}","to":"p{t}"}}\n')
                kc.write(f"p{i},p{t}\n")
        for i in range(persons):
            jl.write(f'{{"edge":"WorksAt","from":"p{i}","to":"c{i % companies}"}}\n')
            wc.write(f"p{i},c{i % companies}\n")


def knows_out(i, persons):
    return [(i + k) % persons for k in range(1, DEGREE + 1)]


def reach(src, hops, persons):
    """Our BFS semantics (languages.md §2.4): distinct nodes first found at hop 1..hops; the source
    starts as visited so it is never reported (only a self-loop would, and this graph has none)."""
    seen, frontier, found = {src}, [src], []
    for _ in range(hops):
        nxt = []
        for u in frontier:
            for v in knows_out(u, persons):
                if v not in seen:
                    seen.add(v)
                    nxt.append(v)
        found.extend(nxt)
        frontier = nxt
    return found


def expected(persons, companies, keys, sources):
    """Answers from the formula alone; the drivers checksum their rows the same way (see plan)."""
    # P1 reads back what was loaded: rows = nodes + edges, checksum = edges.
    edges = persons * DEGREE + persons
    exp = {"P0.noop": {"rows": 1, "checksum": 1},
           "P1.bulk_load": {"rows": persons + companies + edges, "checksum": edges}}
    exp["P2.lookup"] = {"rows": len(keys), "checksum": sum(k + age_of(k) for k in keys)}
    young = sorted(((age_of(i), f"p{i}") for i in range(persons) if age_of(i) < 30),
                   key=lambda t: (-t[0], t[1]))[:20]
    exp["P3.scan_order_limit"] = {
        "rows": len(young),
        "checksum": sum((r + 1) * (int(n[1:]) * 100 + a) for r, (a, n) in enumerate(young))}
    total = [0] * companies
    count = [0] * companies
    for i in range(persons):
        total[i % companies] += age_of(i)
        count[i % companies] += 1
    groups = [j for j in range(companies) if count[j]]
    exp["P4.group_agg"] = {"rows": len(groups),
                           "checksum": sum(j * count[j] + total[j] for j in groups)}
    for h in (1, 2, 3):
        found = [reach(s, h, persons) for s in sources]
        exp[f"P5.hop{h}"] = {"rows": sum(len(f) for f in found),
                             "checksum": sum(sum(f) for f in found)}
    hop2 = sum(len(knows_out(b, persons)) for a in range(persons) for b in knows_out(a, persons))
    exp["P6.hop2_all"] = {"rows": 1, "checksum": hop2}
    return exp


def reps_for(persons, quick):
    """Samples and discarded warm-ups per workload: p95 needs >= 20 samples, p99 >= 100 (§4.1)."""
    if quick:
        return {"P1": [1, 0], "P2": [200, 3], "P3": [10, 3], "P4": [5, 1], "P5": [30, 3],
                "P6": [1, 1]}
    big = persons >= 1_000_000
    return {"P1": [1 if big else 3, 0], "P2": [1000, 3], "P3": [30, 3], "P4": [10, 1],
            "P5": [100, 3], "P6": [3, 1]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true", help="fewer samples per workload")
    ap.add_argument("--record", help="append the expected answers as a JSONL record to this file")
    ap.add_argument("--run-id", default="", help="run id written into that record")
    args = ap.parse_args()
    persons = args.persons
    if persons < 4 * DEGREE:
        ap.error("--persons must be at least 16")
    companies = max(1, persons // PERSONS_PER_COMPANY)
    os.makedirs(args.out, exist_ok=True)

    params = {"generator_version": GENERATOR_VERSION, "seed": SEED, "persons": persons,
              "companies": companies, "degree": DEGREE}
    manifest_path = os.path.join(args.out, "manifest.json")
    manifest = None
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f)
        if manifest.get("params") != params:
            manifest = None
    if manifest is None:
        write_data(args.out, persons, companies)
        files = ["schema.pg", "social.jsonl", "person.csv", "company.csv", "knows.csv",
                 "works_at.csv"]
        manifest = {
            "params": params,
            "nodes": {"Person": persons, "Company": companies},
            "edges": {"Knows": persons * DEGREE, "WorksAt": persons},
            "sha256": {name: sha256(os.path.join(args.out, name)) for name in files},
        }
        with open(manifest_path, "w") as f:
            json.dump(manifest, f, indent=1)

    reps = reps_for(persons, args.quick)
    # Warm-up inputs are drawn from their own stream so they never coincide with timed ones.
    keys = draw("lookup", reps["P2"][0], persons)
    sources = draw("source", reps["P5"][0], persons)
    plan = {
        "persons": persons,
        "companies": companies,
        "entities": persons + companies + persons * DEGREE + persons,
        "quick": args.quick,
        "reps": {w: {"samples": r[0], "warmups": r[1]} for w, r in reps.items()},
        "keys": [f"p{k}" for k in keys],
        "warmup_keys": [f"p{k}" for k in draw("lookup-warmup", 3, persons)],
        "sources": [f"p{s}" for s in sources],
        "warmup_sources": [f"p{s}" for s in draw("source-warmup", 3, persons)],
        "expected": expected(persons, companies, keys, sources),
        "inputs_sha256": manifest["sha256"],
    }
    with open(os.path.join(args.out, "plan.json"), "w") as f:
        json.dump(plan, f, indent=1)
    if args.record:
        rec = {"kind": "expected", "run_id": args.run_id, "persons": persons,
               "expected": plan["expected"], "inputs_sha256": manifest["sha256"]}
        with open(args.record, "a") as f:
            f.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
