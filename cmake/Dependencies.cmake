# Third-party dependencies. Arrow/Parquet: a system install found by find_package wins; otherwise the
# C++ headers and libraries bundled in the pyarrow wheel that scripts/bootstrap.sh puts in .venv.
find_package(Threads REQUIRED)

find_package(Arrow CONFIG QUIET)
find_package(Parquet CONFIG QUIET)
add_library(og_arrow INTERFACE)
if(Arrow_FOUND AND Parquet_FOUND)
  message(STATUS "Arrow ${Arrow_VERSION} from find_package")
  find_package(ArrowCompute CONFIG QUIET)
  target_link_libraries(og_arrow INTERFACE Arrow::arrow_shared Parquet::parquet_shared)
  if(ArrowCompute_FOUND)
    target_link_libraries(og_arrow INTERFACE ArrowCompute::arrow_compute_shared)
  endif()
else()
  set(OG_PYTHON "${CMAKE_SOURCE_DIR}/.venv/bin/python" CACHE FILEPATH "Python with pyarrow installed")
  execute_process(
    COMMAND ${OG_PYTHON} -c "import pyarrow as pa; print(pa.get_include()); print(pa.get_library_dirs()[0]); print(pa.__version__)"
    OUTPUT_VARIABLE _pa_out RESULT_VARIABLE _pa_rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _pa_rc EQUAL 0)
    message(FATAL_ERROR "Arrow C++ not found: no system Arrow and no pyarrow in ${OG_PYTHON}. Run scripts/bootstrap.sh (make build does).")
  endif()
  string(REPLACE "\n" ";" _pa_lines "${_pa_out}")
  list(GET _pa_lines 0 OG_PYARROW_INCLUDE)
  list(GET _pa_lines 1 OG_PYARROW_LIBDIR)
  list(GET _pa_lines 2 OG_PYARROW_VERSION)
  file(GLOB _arrow_lib "${OG_PYARROW_LIBDIR}/libarrow.so.[0-9]*")
  file(GLOB _parquet_lib "${OG_PYARROW_LIBDIR}/libparquet.so.[0-9]*")
  file(GLOB _compute_lib "${OG_PYARROW_LIBDIR}/libarrow_compute.so.[0-9]*")
  if(NOT _arrow_lib OR NOT _parquet_lib)
    message(FATAL_ERROR "pyarrow at ${OG_PYARROW_LIBDIR} has no libarrow/libparquet")
  endif()
  message(STATUS "Arrow ${OG_PYARROW_VERSION} from the pyarrow wheel: ${OG_PYARROW_LIBDIR}")
  target_include_directories(og_arrow SYSTEM INTERFACE ${OG_PYARROW_INCLUDE})
  target_link_libraries(og_arrow INTERFACE ${_parquet_lib} ${_compute_lib} ${_arrow_lib})
  target_link_options(og_arrow INTERFACE "-Wl,-rpath,${OG_PYARROW_LIBDIR}")
endif()

find_package(PkgConfig REQUIRED)
# PCRE2 runs @check patterns with heap-bounded backtracking (lang/check_pattern.h).
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
find_package(roaring CONFIG REQUIRED)
# RapidJSON (header-only) parses JSONL on the load path. Not simdjson: the pyarrow wheel's
# libparquet exports its own bundled simdjson symbols, which interpose on a system simdjson of
# another version and crash the parser (docs/ARCHITECTURE.md).
find_path(RAPIDJSON_INCLUDE_DIR rapidjson/document.h REQUIRED)
add_library(og_rapidjson INTERFACE)
target_include_directories(og_rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIR})
target_compile_definitions(og_rapidjson INTERFACE RAPIDJSON_HAS_STDSTRING=1)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
if(OG_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
endif()

# Search (index/): ICU word segmentation and case folding, Snowball stemmers (libstemmer), hnswlib
# to build vector graphs; the embedding client (embed/) speaks HTTP through libcurl. (FAISS is only
# for bench/og_vector_ann_bench, which finds it itself.)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_library(STEMMER_LIBRARY NAMES libstemmer.a stemmer REQUIRED)
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
add_library(og_stemmer INTERFACE)
target_include_directories(og_stemmer SYSTEM INTERFACE ${STEMMER_INCLUDE_DIR})
target_link_libraries(og_stemmer INTERFACE ${STEMMER_LIBRARY})
find_path(HNSWLIB_INCLUDE_DIR hnswlib/hnswlib.h REQUIRED)
add_library(og_hnswlib INTERFACE)
target_include_directories(og_hnswlib SYSTEM INTERFACE ${HNSWLIB_INCLUDE_DIR})
find_package(CURL REQUIRED)

# YAML (embed seed manifests; cluster.yaml and policy files).
find_package(yaml-cpp CONFIG REQUIRED)
