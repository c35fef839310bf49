#include "common/ids.h"

#include <chrono>
#include <mutex>
#include <random>

namespace og {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct UlidState {
  std::mutex mu;
  int64_t last_ms = -1;
  uint8_t random[10] = {};
  std::mt19937_64 rng{std::random_device{}()};
};

UlidState& State() {
  static UlidState state;
  return state;
}

}  // namespace

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t NowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string NewUlid() {
  UlidState& s = State();
  uint8_t bytes[16];
  {
    std::lock_guard<std::mutex> lock(s.mu);
    int64_t ms = NowMillis();
    if (ms <= s.last_ms) {
      // Same (or earlier) millisecond: increment the random part so order is preserved.
      ms = s.last_ms;
      for (int i = 9; i >= 0; --i) {
        if (++s.random[i] != 0) break;
      }
    } else {
      s.last_ms = ms;
      for (int i = 0; i < 10; i += 2) {
        uint64_t r = s.rng();
        s.random[i] = static_cast<uint8_t>(r);
        s.random[i + 1] = static_cast<uint8_t>(r >> 8);
      }
      s.random[0] &= 0x7f;  // leave headroom for increments within the millisecond
    }
    for (int i = 0; i < 6; ++i) bytes[i] = static_cast<uint8_t>(ms >> (8 * (5 - i)));
    for (int i = 0; i < 10; ++i) bytes[6 + i] = s.random[i];
  }
  // 128 bits → 26 base32 chars (the first char carries only 3 bits).
  std::string out(26, '0');
  unsigned __int128 v = 0;
  for (uint8_t b : bytes) v = (v << 8) | b;
  for (int i = 25; i >= 0; --i) {
    out[i] = kCrockford[static_cast<int>(v & 31)];
    v >>= 5;
  }
  return out;
}

std::string ContentHash(const std::string& bytes) {
  auto fnv = [&](uint64_t h) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    return h;
  };
  uint64_t a = fnv(14695981039346656037ULL);
  uint64_t b = fnv(0x9e3779b97f4a7c15ULL);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (uint64_t h : {a, b}) {
    for (int i = 15; i >= 0; --i) out.push_back(kHex[(h >> (4 * i)) & 15]);
  }
  return out;
}

}  // namespace og
