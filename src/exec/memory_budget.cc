#include "exec/memory_budget.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>

namespace og::exec {

Result<int64_t> ParseByteSize(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t digits = i;
  uint64_t value = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (value > std::numeric_limits<uint64_t>::max() / 10) {
      return Status::BadRequest("byte size '", text, "' is too large");
    }
    value = value * 10 + static_cast<uint64_t>(text[i] - '0');
    ++i;
  }
  if (i == digits) return Status::BadRequest("byte size '", text, "' does not start with a number");
  std::string unit;
  for (; i < text.size(); ++i) {
    if (!std::isspace(static_cast<unsigned char>(text[i]))) {
      unit.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
    }
  }
  uint64_t scale = 1;
  if (unit.empty() || unit == "b") scale = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib") scale = 1ULL << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib") scale = 1ULL << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib") scale = 1ULL << 30;
  else if (unit == "t" || unit == "tb" || unit == "tib") scale = 1ULL << 40;
  else return Status::BadRequest("byte size '", text, "' has an unknown unit (use B, KiB, MiB, GiB, TiB)");
  if (value == 0) return Status::BadRequest("byte size '", text, "' must be positive");
  if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) / scale) {
    return Status::BadRequest("byte size '", text, "' is too large");
  }
  return static_cast<int64_t>(value * scale);
}

std::string FormatBytes(int64_t bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof(buf), "%lld B", static_cast<long long>(bytes));
  else std::snprintf(buf, sizeof(buf), "%.1f %s", v, kUnits[u]);
  return buf;
}

Result<int64_t> DefaultQueryMemoryLimit() {
  constexpr int64_t kDefault = int64_t{2} << 30;
  const char* env = std::getenv("OMNIGRAPH_QUERY_MEMORY_LIMIT");
  if (!env || !*env) return kDefault;
  auto parsed = ParseByteSize(env);
  if (!parsed.ok()) return parsed.status().Prepend("OMNIGRAPH_QUERY_MEMORY_LIMIT: ");
  return *parsed;
}

Status MemoryBudget::Reserve(int64_t bytes, const char* what) {
  int64_t before = used_.fetch_add(bytes, std::memory_order_relaxed);
  if (before + bytes <= limit_) return Status::OK();
  used_.fetch_sub(bytes, std::memory_order_relaxed);
  return Status::ResourceExhausted("the query needs more than its working-memory limit of ",
                                   FormatBytes(limit_), " (", what,
                                   "); narrow it with filters or a limit, or raise the limit "
                                   "(OMNIGRAPH_QUERY_MEMORY_LIMIT, --query-memory-limit)")
      .WithDetail(std::make_shared<ResourceLimitDetail>("query_memory_bytes", limit_, before + bytes));
}

}  // namespace og::exec
