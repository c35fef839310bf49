// Identifier generation: ULIDs (time-ordered, 26 Crockford base32 chars) for commits, fragments,
// manifests and generated entity ids. Thread-safe; monotonic within a process (two ULIDs made in the
// same millisecond still sort in creation order).
#pragma once

#include <cstdint>
#include <string>

namespace og {

/// Make a new ULID string. Cost: one clock read; no I/O.
std::string NewUlid();

/// Milliseconds since the Unix epoch (wall clock).
int64_t NowMillis();
/// Microseconds since the Unix epoch (wall clock).
int64_t NowMicros();

/// Hex-encoded SHA-256-free content hash used for content addressing (FNV-1a 64 twice with
/// different seeds → 32 hex chars). Stable across platforms and releases.
std::string ContentHash(const std::string& bytes);

}  // namespace og
