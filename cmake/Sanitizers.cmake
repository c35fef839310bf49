# Sanitizer and fuzzing instrumentation of every target (docs/TESTING.md; the asan, tsan and fuzz
# presets of CMakePresets.json set these).
#   OG_SANITIZE       empty (off), "address;undefined" (ASan + UBSan; LeakSanitizer is part of ASan),
#                     or "thread". Commas work too ("address,undefined"). Any compiler.
#   OG_BUILD_FUZZERS  ON builds the libFuzzer binaries of fuzz/ and instruments every library for
#                     coverage (-fsanitize=fuzzer-no-link). Clang only.
# The Arrow/Parquet libraries of the pyarrow wheel are not instrumented: ASan still sees their heap
# through its malloc interposition; TSan needs tsan.supp for their thread pools.
set(OG_SANITIZE "" CACHE STRING "Sanitizers for every target: address;undefined, or thread")
option(OG_BUILD_FUZZERS "Build the libFuzzer targets of fuzz/ (clang only)" OFF)

string(REPLACE "," ";" _og_san "${OG_SANITIZE}")
if(_og_san)
  if("thread" IN_LIST _og_san AND "address" IN_LIST _og_san)
    message(FATAL_ERROR "OG_SANITIZE: thread and address cannot be combined")
  endif()
  list(JOIN _og_san "," _og_san_flag)
  message(STATUS "Sanitizers: ${_og_san_flag}")
  add_compile_options(-fsanitize=${_og_san_flag} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_og_san_flag})
  if("undefined" IN_LIST _og_san)
    # Undefined behaviour aborts the test instead of printing and going on.
    add_compile_options(-fno-sanitize-recover=undefined)
    if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
      # Known UB in third-party headers (each entry says why); GCC does not report these.
      add_compile_options(-fsanitize-ignorelist=${CMAKE_CURRENT_LIST_DIR}/ubsan_ignorelist.txt)
    endif()
  endif()
endif()

if(OG_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "OG_BUILD_FUZZERS needs clang (libFuzzer): configure with "
                        "CMAKE_CXX_COMPILER=clang++ (cmake --preset fuzz, or make fuzz)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
