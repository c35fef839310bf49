#include "store/layout.h"

#include <charconv>
#include <vector>

namespace og::store {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool IsSafeChar(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;  // lower-case hex is not produced by EscapeBranch, so it is not accepted either
}

bool EndsWith(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// Split `s` on '/'.
std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find('/', start);
    if (end == std::string::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
}

// Strip `suffix` from `name` and check the rest is a path-safe id.
bool IdWithSuffix(const std::string& name, const std::string& suffix, std::string* id) {
  if (!EndsWith(name, suffix)) return false;
  *id = name.substr(0, name.size() - suffix.size());
  return IsPathSafeId(*id);
}

Status NotALayoutKey(const std::string& key, const char* why) {
  return Status::BadRequest("'", key, "' is not ", why);
}

}  // namespace

bool IsPathSafeId(const std::string& id) {
  if (id.empty() || id.front() == '.') return false;
  for (unsigned char c : id) {
    if (!IsSafeChar(c)) return false;
  }
  return true;
}

std::string EscapeBranch(const std::string& branch) {
  std::string out;
  out.reserve(branch.size());
  for (size_t i = 0; i < branch.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(branch[i]);
    if (IsSafeChar(c) && !(i == 0 && c == '.')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<std::string> UnescapeBranch(const std::string& segment) {
  std::string out;
  out.reserve(segment.size());
  for (size_t i = 0; i < segment.size(); ++i) {
    char c = segment[i];
    if (c == '%') {
      int hi = i + 1 < segment.size() ? HexValue(segment[i + 1]) : -1;
      int lo = i + 2 < segment.size() ? HexValue(segment[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return Status::BadRequest("malformed branch escape in '", segment, "'");
      }
      unsigned char decoded = static_cast<unsigned char>(hi * 16 + lo);
      if (IsSafeChar(decoded) && !(out.empty() && decoded == '.')) {
        return Status::BadRequest("non-canonical branch escape in '", segment, "'");
      }
      out.push_back(static_cast<char>(decoded));
      i += 2;
    } else if (IsSafeChar(static_cast<unsigned char>(c)) && !(i == 0 && c == '.')) {
      out.push_back(c);
    } else {
      return Status::BadRequest("unescaped byte in branch segment '", segment, "'");
    }
  }
  return out;
}

std::string FormatKey() { return kFormatKey; }

std::string BranchRefPrefix(const std::string& branch) {
  return std::string(kBranchRefRoot) + EscapeBranch(branch) + "/";
}

std::string BranchRefKey(const std::string& branch, uint64_t seq) {
  std::string digits = std::to_string(seq);
  return BranchRefPrefix(branch) + std::string(kRefSeqDigits - digits.size(), '0') + digits +
         ".json";
}

Result<BranchRefKeyInfo> ParseBranchRefKey(const std::string& key) {
  OG_ASSIGN_OR_RAISE(KeyInfo info, ParseKey(key));
  if (info.kind != KeyKind::kBranchRef) return NotALayoutKey(key, "a branch ref key");
  return BranchRefKeyInfo{std::move(info.branch), info.seq};
}

std::string CommitKey(const std::string& commit_id) {
  return std::string(kCommitRoot) + commit_id + ".json";
}
std::string SchemaSourceKey(const std::string& hash) {
  return std::string(kSchemaRoot) + hash + ".pg";
}
std::string SchemaCatalogKey(const std::string& hash) {
  return std::string(kSchemaRoot) + hash + ".json";
}
std::string TablePrefix(const std::string& table_id) {
  return std::string(kTableRoot) + table_id + "/";
}
std::string TableManifestKey(const std::string& table_id, const std::string& id) {
  return TablePrefix(table_id) + "manifests/" + id + ".json";
}
std::string FragmentKey(const std::string& table_id, const std::string& id) {
  return TablePrefix(table_id) + "data/" + id + ".parquet";
}
std::string DeletionKey(const std::string& table_id, const std::string& id) {
  return TablePrefix(table_id) + "deletions/" + id + ".roar";
}
std::string IndexPrefix(const std::string& table_id, const std::string& id) {
  return TablePrefix(table_id) + "indexes/" + id + "/";
}

Result<KeyInfo> ParseKey(const std::string& key) {
  KeyInfo info;
  if (key == kFormatKey) {
    info.kind = KeyKind::kFormat;
    return info;
  }
  std::vector<std::string> parts = Split(key);
  const std::string& top = parts[0];
  if (top == "refs") {
    if (parts.size() != 4 || parts[1] != "branches") return NotALayoutKey(key, "a branch ref key");
    auto branch = UnescapeBranch(parts[2]);
    if (!branch.ok() || parts[2].empty()) return NotALayoutKey(key, "a branch ref key");
    const std::string& name = parts[3];
    if (name.size() != kRefSeqDigits + 5 || !EndsWith(name, ".json")) {
      return NotALayoutKey(key, "a branch ref key");
    }
    uint64_t seq = 0;
    auto [ptr, ec] = std::from_chars(name.data(), name.data() + kRefSeqDigits, seq);
    if (ec != std::errc() || ptr != name.data() + kRefSeqDigits) {
      return NotALayoutKey(key, "a branch ref key");
    }
    info.kind = KeyKind::kBranchRef;
    info.branch = std::move(*branch);
    info.seq = seq;
    return info;
  }
  if (top == "commits") {
    if (parts.size() != 2 || !IdWithSuffix(parts[1], ".json", &info.id)) {
      return NotALayoutKey(key, "a commit key");
    }
    info.kind = KeyKind::kCommit;
    return info;
  }
  if (top == "schema") {
    if (parts.size() == 2 && IdWithSuffix(parts[1], ".pg", &info.id)) {
      info.kind = KeyKind::kSchemaSource;
      return info;
    }
    if (parts.size() == 2 && IdWithSuffix(parts[1], ".json", &info.id)) {
      info.kind = KeyKind::kSchemaCatalog;
      return info;
    }
    return NotALayoutKey(key, "a schema key");
  }
  if (top == "tables") {
    if (parts.size() < 4 || !IsPathSafeId(parts[1])) return NotALayoutKey(key, "a table key");
    info.table_id = parts[1];
    const std::string& area = parts[2];
    if (area == "indexes") {
      if (parts.size() < 5 || !IsPathSafeId(parts[3])) return NotALayoutKey(key, "an index key");
      info.kind = KeyKind::kIndexFile;
      info.id = parts[3];
      info.rest = key.substr(IndexPrefix(info.table_id, info.id).size());
      return info;
    }
    if (parts.size() != 4) return NotALayoutKey(key, "a table key");
    if (area == "manifests" && IdWithSuffix(parts[3], ".json", &info.id)) {
      info.kind = KeyKind::kTableManifest;
      return info;
    }
    if (area == "data" && IdWithSuffix(parts[3], ".parquet", &info.id)) {
      info.kind = KeyKind::kFragment;
      return info;
    }
    if (area == "deletions" && IdWithSuffix(parts[3], ".roar", &info.id)) {
      info.kind = KeyKind::kDeletion;
      return info;
    }
    return NotALayoutKey(key, "a table key");
  }
  return NotALayoutKey(key, "a key of the storage layout");
}

}  // namespace og::store
