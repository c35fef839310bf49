#include "table/deletion_vector.h"

#include <roaring/roaring.h>

namespace og::table {

void DeletionVector::AddRange(uint64_t begin, uint64_t end) {
  if (begin < end) bitmap_.addRange(begin, end);
}

std::vector<uint32_t> DeletionVector::ToVector() const {
  std::vector<uint32_t> out(bitmap_.cardinality());
  if (!out.empty()) bitmap_.toUint32Array(out.data());
  return out;
}

std::string DeletionVector::Serialize() const {
  Roaring copy = bitmap_;
  copy.runOptimize();
  std::string out(copy.getSizeInBytes(/*portable=*/true), '\0');
  size_t written = copy.write(out.data(), /*portable=*/true);
  out.resize(written);
  return out;
}

Result<DeletionVector> DeletionVector::Deserialize(std::string_view bytes) {
  // The size probe validates the container headers against the buffer before anything is read.
  size_t consumed = roaring_bitmap_portable_deserialize_size(bytes.data(), bytes.size());
  if (consumed == 0 || consumed != bytes.size()) {
    return Status::Corruption("deletion vector is not a portable Roaring bitmap (", bytes.size(),
                              " bytes, ", consumed, " parseable)");
  }
  roaring_bitmap_t* raw = roaring_bitmap_portable_deserialize_safe(bytes.data(), bytes.size());
  if (raw == nullptr) return Status::Corruption("deletion vector could not be decoded");
  return DeletionVector(Roaring(raw));
}

Result<DeletionVector> DeletionVector::Read(store::ObjectStore& store, const std::string& key) {
  OG_ASSIGN_OR_RAISE(std::string bytes, store.Get(key));
  auto dv = Deserialize(bytes);
  if (!dv.ok()) return dv.status().Prepend("reading ", key, ": ");
  return dv;
}

Status DeletionVector::Write(store::ObjectStore& store, const std::string& key) const {
  return store.Put(key, Serialize());
}

}  // namespace og::table
