#!/usr/bin/env bash
# Install everything the build and tests need on a fresh Debian 12 machine. Idempotent: a second run
# only checks. Debian packages come from apt-get; Arrow C++/Parquet come from the pyarrow wheel in
# a project-local venv (.venv) unless a system Arrow is found by CMake's find_package.
#
#   scripts/bootstrap.sh           what make build / make test need
#   scripts/bootstrap.sh --clang   also clang 14 with the libFuzzer and sanitizer runtimes and
#                                  llvm-symbolizer, for make fuzz (docs/TESTING.md)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config python3-venv
  libgtest-dev libroaring-dev rapidjson-dev nlohmann-json3-dev libcli11-dev libpcre2-dev
  sqlite3
  # search (issue 9): tokenising, stemming, vector indexes, the embedding client
  libicu-dev libstemmer-dev libfaiss-dev libhnswlib-dev libcurl4-openssl-dev
  # YAML: embed seed manifests now, cluster.yaml and policies with the server
  libyaml-cpp-dev
)
# Only for the fuzzers (make fuzz): clang-14's runtimes (libFuzzer, ASan, UBSan) are in
# libclang-rt-14-dev, which clang only recommends; libomp-14-dev is clang's OpenMP (FAISS needs
# OpenMP); llvm provides llvm-symbolizer for stack traces.
if [ "${1:-}" = "--clang" ]; then
  APT_PACKAGES+=(clang libclang-rt-14-dev libomp-14-dev llvm)
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  python3 -m venv .venv
fi
# Reinstall only when scripts/requirements.txt changed since the last install.
if ! cmp -s scripts/requirements.txt .venv/.requirements-installed; then
  echo "bootstrap: installing Python packages (pyarrow for Arrow C++, duckdb for tests) into .venv"
  .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt
  cp scripts/requirements.txt .venv/.requirements-installed
fi
