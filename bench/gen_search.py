#!/usr/bin/env python3
"""Deterministic data for the search benchmark (bench/run, "search" section).

For D documents and V vectors (full: 100,000 and 200,000; --quick: 10,000 and 20,000) writes into
--out:
  schema.pg        node Doc { slug @key, body @index, embedding: Vector(128) @index },
                   node Vec { vid @key, embedding: Vector(128) @index }, edge Cites: Doc -> Doc
  vocab.txt        the vocabulary, one word per line, most frequent first (rank order)
  corpus.txt       D lines: line i is the body of doc "d<i>" (30..70 words, mean 50)
  vectors.f32      V x 128 little-endian float32, row-major; vector i is Vec "v<i>", and the first D
                   of them are also the embeddings of docs d0..d<D-1>
  cites.txt        D lines "i j1 j2 j3": doc d<i> cites d<j1>, d<j2>, d<j3> (distinct, != i)
  text_queries.json  Q text queries of 1-3 vocabulary words
  vector_queries.f32 Q x 128 float32 queries (near cluster centres); hybrid query i pairs vector
                   query i with text query i
  manifest.json    parameters, counts and SHA-256 of every file above

Text: a synthetic vocabulary of W = 30,000 words built from consonant-vowel syllables (consonants
b d f g k m n p r t v z, vowels a o u; all 1,296 two-syllable words and 28,704
three-syllable ones). Such words pass every analyzer in the
benchmark unchanged: no English stop word has this shape and no Snowball/Porter suffix rule applies
to a word ending in a, o or u after one of those consonants, so our analyzer, SQLite FTS5's
unicode61 tokenizer and LanceDB's FTS tokenizer all index exactly the same terms. Word ranks follow
a Zipf law (weight 1/rank, s = 1): the top word occurs in nearly every document, most words in few.
Query terms have log-uniform ranks in [10, W]: from words in ~40% of the documents down to rare ones.

Vectors: C = V / 200 Gaussian clusters (1,000 at full size), each with its own low-dimensional shape,
as real embeddings have (a low intrinsic dimension), not isotropic noise, in which every point of a
cluster is nearly equally far from a query and the nearest neighbours are arbitrary. Centres ~
N(0, 1)^128; cluster c has a spread s_c uniform in [0.35, 0.7] along 16 of the 128 axes (its own
seeded choice) and s_c / 8 along the others; a vector picks a cluster uniformly and adds that noise
to its centre. A vector query is a cluster centre plus the same cluster's noise at half the spread:
near a centre, inside the cluster.

Every draw comes from random.Random(seed) streams (Mersenne Twister, stable across CPython 3
versions), so the same parameters always write the same bytes. Files are rewritten only when
manifest.json does not match the parameters. Python standard library only.
"""
import argparse
import array
import itertools
import json
import math
import os
import random
import sys

from gen_social import sha256  # same directory: the inputs are hashed the same way

GENERATOR_VERSION = 2
SEED = 20261201
DIM = 128
VOCAB = 30_000
CONSONANTS = "bdfgkmnprtvz"
VOWELS = "aou"
QUERY_RANK_MIN = 10
VECTORS_PER_CLUSTER = 200
MAJOR_AXES = 16      # axes along which a cluster spreads at full s_c
MINOR_SCALE = 1 / 8  # spread along the other axes, relative to s_c

SCHEMA = """\
node Doc {
  slug: String @key
  body: String @index
  embedding: Vector(128) @index
}
node Vec {
  vid: String @key
  embedding: Vector(128) @index
}
edge Cites: Doc -> Doc
"""

FILES = ["schema.pg", "vocab.txt", "corpus.txt", "vectors.f32", "cites.txt", "text_queries.json",
         "vector_queries.f32"]


def vocabulary(rng):
    """W distinct CV-syllable words (2 or 3 syllables) in a seeded random rank order."""
    syllables = [c + v for c in CONSONANTS for v in VOWELS]  # 36
    words = ["".join(p) for p in itertools.product(syllables, repeat=2)]            # 1,296
    three = ["".join(p) for p in itertools.product(syllables, repeat=3)]            # 46,656
    rng.shuffle(three)
    words += three[: VOCAB - len(words)]
    rng.shuffle(words)  # rank order: short and long words at every frequency
    return words


def write_text(out, docs, queries):
    rng = random.Random(SEED)
    words = vocabulary(rng)
    cum = list(itertools.accumulate(1.0 / r for r in range(1, VOCAB + 1)))
    with open(os.path.join(out, "vocab.txt"), "w") as f:
        f.write("\n".join(words) + "\n")
    with open(os.path.join(out, "corpus.txt"), "w", buffering=1 << 20) as f:
        for _ in range(docs):
            n = rng.randint(30, 70)
            f.write(" ".join(rng.choices(words, cum_weights=cum, k=n)) + "\n")
    qrng = random.Random(SEED + 1)
    lo, hi = math.log(QUERY_RANK_MIN), math.log(VOCAB)
    text_queries = []
    for _ in range(queries):
        n = qrng.randint(1, 3)
        ranks = set()
        while len(ranks) < n:
            ranks.add(int(math.exp(qrng.uniform(lo, hi))))
        text_queries.append(" ".join(words[r - 1] for r in sorted(ranks)))
    with open(os.path.join(out, "text_queries.json"), "w") as f:
        json.dump(text_queries, f, indent=0)
        f.write("\n")
    crng = random.Random(SEED + 2)
    with open(os.path.join(out, "cites.txt"), "w", buffering=1 << 20) as f:
        for i in range(docs):
            cited = set()
            while len(cited) < min(3, docs - 1):
                j = crng.randrange(docs)
                if j != i:
                    cited.add(j)
            f.write(f"{i} {' '.join(map(str, sorted(cited)))}\n")


def write_vectors(out, vectors, queries):
    clusters = max(1, vectors // VECTORS_PER_CLUSTER)
    rng = random.Random(SEED + 3)
    gauss = rng.gauss
    centres = [[gauss(0.0, 1.0) for _ in range(DIM)] for _ in range(clusters)]
    scales = []  # per cluster, per axis: the standard deviation of its noise
    for _ in range(clusters):
        s = rng.uniform(0.35, 0.7)
        major = set(rng.sample(range(DIM), MAJOR_AXES))
        scales.append([s if d in major else s * MINOR_SCALE for d in range(DIM)])
    with open(os.path.join(out, "vectors.f32"), "wb") as f:
        block = array.array("f")
        for i in range(vectors):
            c = rng.randrange(clusters)
            block.extend(x + gauss(0.0, s) for x, s in zip(centres[c], scales[c]))
            if len(block) >= DIM * 4096 or i == vectors - 1:
                if sys.byteorder != "little":
                    block.byteswap()
                block.tofile(f)
                block = array.array("f")
    qrng = random.Random(SEED + 4)
    qs = array.array("f")
    for _ in range(queries):
        c = qrng.randrange(clusters)
        qs.extend(x + qrng.gauss(0.0, s / 2) for x, s in zip(centres[c], scales[c]))
    if sys.byteorder != "little":
        qs.byteswap()
    with open(os.path.join(out, "vector_queries.f32"), "wb") as f:
        qs.tofile(f)
    return clusters


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--vectors", type=int, required=True)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.vectors < a.docs:
        ap.error("--vectors must be at least --docs (docs take the first vectors as embeddings)")
    os.makedirs(a.out, exist_ok=True)
    params = {"generator_version": GENERATOR_VERSION, "seed": SEED, "docs": a.docs,
              "vectors": a.vectors, "dim": DIM, "vocab": VOCAB, "queries": a.queries}
    mpath = os.path.join(a.out, "manifest.json")
    try:
        with open(mpath) as f:
            old = json.load(f)
        if old.get("params") == params and all(
                os.path.exists(os.path.join(a.out, n)) and sha256(os.path.join(a.out, n)) == h
                for n, h in old["sha256"].items()):
            print(f"gen_search: {a.out} up to date", file=sys.stderr)
            return
    except (OSError, ValueError, KeyError):
        pass
    with open(os.path.join(a.out, "schema.pg"), "w") as f:
        f.write(SCHEMA)
    write_text(a.out, a.docs, a.queries)
    clusters = write_vectors(a.out, a.vectors, a.queries)
    manifest = {"params": params, "clusters": clusters,
                "sha256": {n: sha256(os.path.join(a.out, n)) for n in FILES}}
    with open(mpath, "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"gen_search: wrote {a.docs} docs, {a.vectors} vectors ({clusters} clusters), "
          f"{a.queries} + {a.queries} queries to {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
