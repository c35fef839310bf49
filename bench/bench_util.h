// Helpers the benchmark drivers share (og_bench, og_write_bench, og_branch_bench, og_search_bench):
// reading input files, the monotonic clock, and the sample statistics peers.mjs and
// search_peers.mjs compute the same way (nearest-rank percentiles at µs resolution), so every
// table compares like with like. Header-only: the drivers are separate single-file programs.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace og_bench {

/// The whole file; throws std::runtime_error naming the path when it cannot be read.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Milliseconds on the steady clock (only differences mean anything).
inline double NowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

/// CPU time of the whole process (all threads), user + system, in ms.
inline double CpuMs() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

inline double RoundUs(double ms) { return std::round(ms * 1000) / 1000; }

/// Nearest-rank percentile, p in [0, 100]; NaN (JSON null) for no samples.
inline double Percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return std::nan("");
  std::sort(samples.begin(), samples.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100 * samples.size()));
  return samples[std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1)];
}

/// p50/p95/p99/min/max/mean in ms, as summarize() in peers.mjs. `samples` must not be empty.
inline nlohmann::json Summarize(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  double sum = 0;
  for (double s : samples) sum += s;
  return {{"p50_ms", RoundUs(Percentile(samples, 50))}, {"p95_ms", RoundUs(Percentile(samples, 95))},
          {"p99_ms", RoundUs(Percentile(samples, 99))}, {"min_ms", RoundUs(samples.front())},
          {"max_ms", RoundUs(samples.back())},          {"mean_ms", RoundUs(sum / samples.size())}};
}

}  // namespace og_bench
