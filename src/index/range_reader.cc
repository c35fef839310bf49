#include "index/range_reader.h"

namespace og::index {
namespace {

Status PastEnd(uint64_t offset, uint64_t length, uint64_t size) {
  return Status::Corruption("read of bytes [", offset, ", ", offset + length, ") past the end (",
                            size, " bytes)");
}

class StoreReader : public RangeReader {
 public:
  StoreReader(store::ObjectStore& store, std::string key, uint64_t size)
      : store_(store), key_(std::move(key)), size_(size) {}
  uint64_t size() const override { return size_; }
  Result<std::string> Read(uint64_t offset, uint64_t length) const override {
    if (offset > size_ || length > size_ - offset) {
      return PastEnd(offset, length, size_).Prepend("index object '", key_, "': ");
    }
    if (length == 0) return std::string();
    OG_ASSIGN_OR_RAISE(std::string bytes, store_.GetRange(key_, offset, length));
    if (bytes.size() != length) {
      return Status::Corruption("index object '", key_, "' is shorter than recorded (", size_, " bytes)");
    }
    return bytes;
  }

 private:
  store::ObjectStore& store_;
  std::string key_;
  uint64_t size_;
};

class MemoryReader : public RangeReader {
 public:
  explicit MemoryReader(std::string bytes) : bytes_(std::move(bytes)) {}
  uint64_t size() const override { return bytes_.size(); }
  Result<std::string> Read(uint64_t offset, uint64_t length) const override {
    if (offset > bytes_.size() || length > bytes_.size() - offset) return PastEnd(offset, length, bytes_.size());
    return bytes_.substr(offset, length);
  }

 private:
  std::string bytes_;
};

class SubReader : public RangeReader {
 public:
  SubReader(std::shared_ptr<RangeReader> base, uint64_t offset, uint64_t length)
      : base_(std::move(base)), offset_(offset), length_(length) {}
  uint64_t size() const override { return length_; }
  Result<std::string> Read(uint64_t offset, uint64_t length) const override {
    if (offset > length_ || length > length_ - offset) return PastEnd(offset, length, length_);
    return base_->Read(offset_ + offset, length);
  }

 private:
  std::shared_ptr<RangeReader> base_;
  uint64_t offset_, length_;
};

}  // namespace

std::shared_ptr<RangeReader> StoreRangeReader(store::ObjectStore& store, std::string key, uint64_t size) {
  return std::make_shared<StoreReader>(store, std::move(key), size);
}

std::shared_ptr<RangeReader> MemoryRangeReader(std::string bytes) {
  return std::make_shared<MemoryReader>(std::move(bytes));
}

std::shared_ptr<RangeReader> SubRangeReader(std::shared_ptr<RangeReader> base, uint64_t offset, uint64_t length) {
  if (offset > base->size() || length > base->size() - offset) {
    length = offset > base->size() ? 0 : base->size() - offset;  // reads then fail past the window
  }
  return std::make_shared<SubReader>(std::move(base), offset, length);
}

}  // namespace og::index
