// og_fuzz_regress TARGET FILE|DIR...: run inputs through a fuzz target's body (targets.h), the same
// code the libFuzzer binaries run, in an ordinary build. Exit 0 when every input gives a clean
// Status; print the broken invariant and exit 1 otherwise. A crash ends the process, so CTest runs
// one process per input (CMakeLists.txt). Also the way to replay a fuzzer's crash file under g++
// or a sanitizer build: `og_fuzz_regress gq build-fuzz/crashes/gq/crash-...`.
//
// Each input runs on a thread with a 2 MiB stack (a quarter of the CLI's 8 MiB main thread), so a
// recursion that grows with the input overflows with a reproducer of tens of kilobytes rather than
// hundreds, in a Release build as under ASan.
#include <pthread.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/targets.h"

namespace fs = std::filesystem;

namespace {

constexpr size_t kStackBytes = 2 << 20;

struct Run {
  const og::fuzz::Target* target;
  const std::string* data;
  og::Status status;
};

void* RunTarget(void* arg) {
  auto* run = static_cast<Run*>(arg);
  try {
    run->status = run->target->fn(*run->data);
  } catch (const std::exception& e) {
    run->status = og::Status::Internal("uncaught exception: ", e.what());
  }
  return nullptr;
}

og::Status RunOnSmallStack(const og::fuzz::Target* target, const std::string& data) {
  Run run{target, &data, og::Status::OK()};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kStackBytes);
  pthread_t thread;
  int rc = pthread_create(&thread, &attr, &RunTarget, &run);
  pthread_attr_destroy(&attr);
  if (rc != 0) return og::Status::Internal("cannot start a thread: error ", rc);
  pthread_join(thread, nullptr);
  return run.status;
}

int Usage() {
  std::fprintf(stderr, "usage: og_fuzz_regress TARGET FILE|DIR...\ntargets:");
  for (const auto& t : og::fuzz::Targets()) std::fprintf(stderr, " %s", t.name);
  std::fprintf(stderr, "\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const og::fuzz::Target* target = og::fuzz::FindTarget(argv[1]);
  if (!target) return Usage();
  std::vector<fs::path> inputs;
  for (int i = 2; i < argc; ++i) {
    fs::path p(argv[i]);
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) inputs.push_back(e.path());
      }
    } else {
      inputs.push_back(p);
    }
  }
  int failed = 0;
  for (const fs::path& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot be read\n", p.c_str());
      ++failed;
      continue;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string data = ss.str();
    std::fprintf(stderr, "%s %s (%zu bytes)\n", target->name, p.c_str(), data.size());
    og::Status st = RunOnSmallStack(target, data);
    if (!st.ok()) {
      std::fprintf(stderr, "FAILED %s: %s\n", p.c_str(), st.ToString().c_str());
      ++failed;
    }
  }
  std::printf("%zu passed, %d failed\n", inputs.size() - failed, failed);
  return failed ? 1 : 0;
}
