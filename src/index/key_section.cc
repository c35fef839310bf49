#include "index/key_section.h"

#include <algorithm>

#include "index/codec.h"

namespace og::index {

void KeySectionBuilder::Add(std::string_view id, uint32_t fragment, uint32_t row) {
  entries_.emplace_back(std::string(id), KeyLocation{fragment, row});
}

Result<std::string> KeySectionBuilder::Finish() {
  std::sort(entries_.begin(), entries_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  SortedStringsBuilder builder;
  std::string value;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i > 0 && entries_[i].first == entries_[i - 1].first) {
      return Status::BadRequest("id ", entries_[i].first.substr(0, 64), " appears twice in one key section");
    }
    value.clear();
    codec::PutVarint32(&value, entries_[i].second.fragment);
    codec::PutVarint32(&value, entries_[i].second.row);
    OG_RETURN_NOT_OK(builder.Add(entries_[i].first, value));
  }
  return builder.Finish();
}

Result<std::shared_ptr<const KeySectionReader>> KeySectionReader::Open(std::shared_ptr<RangeReader> file) {
  auto reader = std::shared_ptr<KeySectionReader>(new KeySectionReader());
  SortedStringsReadOptions options;
  options.tail_read_bytes = 4096;  // an id table's index is small; usually served from the segment's tail
  OG_ASSIGN_OR_RAISE(reader->table_, SortedStringsReader::Open(std::move(file), options));
  return std::shared_ptr<const KeySectionReader>(std::move(reader));
}

Result<std::optional<KeyLocation>> KeySectionReader::Find(std::string_view id) const {
  OG_ASSIGN_OR_RAISE(std::optional<std::string> value, table_->Find(id));
  if (!value) return std::optional<KeyLocation>();
  codec::ByteCursor c(*value);
  KeyLocation loc;
  loc.fragment = c.Varint32();
  loc.row = c.Varint32();
  if (!c.ok() || !c.empty()) return Status::Corruption("key section entry of ", std::string(id.substr(0, 64)), " is malformed");
  return std::optional<KeyLocation>(loc);
}

}  // namespace og::index
