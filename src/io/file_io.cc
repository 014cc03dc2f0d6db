// Files in the three protobuf formats, written atomically.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/wire_format.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <deque>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <mutex>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/internal/memory.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/proto.h"
#include "request_builder.h"

namespace passerelle {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Collects text-format parse errors with line and column.
class TextErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    if (!first_.empty()) return;
    line_ = line;
    column_ = column;
    first_ = "line " + std::to_string(line + 1) + ", column " + std::to_string(column + 1) + ": " + message;
  }
  void AddWarning(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
  const std::string& first() const { return first_; }
  // The byte of `text` where the first error is (the tokenizer counts a
  // tab as up to the next multiple of 8 columns); text.size() if none.
  size_t offset(std::string_view text) const {
    if (first_.empty()) return text.size();
    size_t at = 0;
    for (int line = 0; line < line_ && at < text.size(); ++at) {
      if (text[at] == '\n') ++line;
    }
    for (int column = 0; at < text.size() && text[at] != '\n' && column < column_; ++at) {
      column = text[at] == '\t' ? column + 8 - column % 8 : column + 1;
    }
    return at;
  }

 private:
  std::string first_;
  int line_ = 0;
  int column_ = 0;
};

bool IsUtf8(const std::string& s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c >> 5) == 0x6) {
      len = 2, cp = c & 0x1F;
    } else if ((c >> 4) == 0xE) {
      len = 3, cp = c & 0x0F;
    } else if ((c >> 3) == 0x1E) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values beyond Unicode.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

// The search behind FirstIllFormed. The walk builds no path until it finds
// a problem (a national request has millions of fields): each level adds its
// segment on the way back.
class IllFormedSearch {
 public:
  explicit IllFormedSearch(bool check_utf8) : check_utf8_(check_utf8) {}

  // True if `message` or a message inside holds a problem: `what()`, at
  // `path()`.
  bool Find(const google::protobuf::Message& message, size_t depth = 0) {
    using google::protobuf::FieldDescriptor;
    const google::protobuf::Reflection* reflection = message.GetReflection();
    const google::protobuf::UnknownFieldSet& unknown = reflection->GetUnknownFields(message);
    if (!unknown.empty()) {
      what_ = "unknown field number " + std::to_string(unknown.field(0).number()) +
              " (or a known field with the wrong wire type)";
      return true;
    }
    // Reused by every message at this depth; a deque, so that deeper levels
    // added during the loop below leave this one in place.
    if (fields_.size() <= depth) fields_.resize(depth + 1);
    std::vector<const FieldDescriptor*>& fields = fields_[depth];
    fields.clear();
    reflection->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      if (FindInField(message, field, depth)) return true;
    }
    return false;
  }

  // Find for one field of `message` (at `depth`), elements [from, to) of a
  // repeated one (to < 0: all).
  bool FindInField(const google::protobuf::Message& message, const google::protobuf::FieldDescriptor* field,
                   size_t depth, int from = 0, int to = -1) {
    using google::protobuf::FieldDescriptor;
    const google::protobuf::Reflection* reflection = message.GetReflection();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        const int size = to < 0 ? reflection->FieldSize(message, field) : to;
        for (int i = from; i < size; ++i) {
          if (Find(reflection->GetRepeatedMessage(message, field, i), depth + 1)) {
            return Segment(field->name() + "[" + std::to_string(i) + "]");
          }
        }
      } else if (Find(reflection->GetMessage(message, field), depth + 1)) {
        return Segment(field->name());
      }
    } else if (check_utf8_ && field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          if (!IsUtf8(reflection->GetRepeatedString(message, field, i))) {
            what_ = "not valid UTF-8";
            return Segment(field->name() + "[" + std::to_string(i) + "]");
          }
        }
      } else if (!IsUtf8(reflection->GetString(message, field))) {
        what_ = "not valid UTF-8";
        return Segment(field->name());
      }
    }
    return false;
  }

  const std::string& what() const { return what_; }
  // `prefix`: the path of the message searched, when it is not the file's.
  std::string path(const std::string& prefix = "") const {
    std::string out = prefix;
    for (auto it = segments_.rbegin(); it != segments_.rend(); ++it) out += (out.empty() ? "" : ".") + *it;
    return out.empty() ? "(top level)" : out;
  }

 private:
  bool Segment(std::string segment) {
    segments_.push_back(std::move(segment));
    return true;
  }

  const bool check_utf8_;
  std::deque<std::vector<const google::protobuf::FieldDescriptor*>> fields_;
  std::vector<std::string> segments_;  // innermost first
  std::string what_;
};

// Walks every message of `message`, looking for what the parsers accept but
// we refuse: unknown fields (wrong wire types or numbers, binary only) and,
// when `check_utf8`, string fields that are not UTF-8 (text format does not
// check). Returns the first problem as "path: what", or "".
std::string FirstIllFormed(const google::protobuf::Message& message, bool check_utf8, int threads) {
  // The top level's long repeated fields (a national request's million
  // candidates) are searched in slices over the threads; the problem
  // reported is the one a search in order finds first.
  using google::protobuf::FieldDescriptor;
  constexpr int kMinSliced = 4096;
  threads = internal::ResolveThreads(threads);
  const google::protobuf::Reflection* reflection = message.GetReflection();
  if (threads == 1 || !reflection->GetUnknownFields(message).empty()) {
    IllFormedSearch search(check_utf8);
    return search.Find(message) ? search.path() + ": " + search.what() : std::string();
  }
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    IllFormedSearch search(check_utf8);
    const bool sliced = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && field->is_repeated() &&
                        reflection->FieldSize(message, field) >= kMinSliced;
    if (!sliced) {
      if (search.FindInField(message, field, 0)) return search.path() + ": " + search.what();
      continue;
    }
    const int size = reflection->FieldSize(message, field);
    std::atomic<int> first{size};  // the lowest element with a problem
    internal::ForSlices(threads, size, [&](int64_t begin, int64_t end) {
      IllFormedSearch slice(check_utf8);
      for (auto i = static_cast<int>(begin); i < end && i < first.load(std::memory_order_relaxed); ++i) {
        if (slice.Find(reflection->GetRepeatedMessage(message, field, i), 1)) {
          for (int seen = first.load(); i < seen && !first.compare_exchange_weak(seen, i);) {
          }
          return;
        }
      }
    });
    if (first < size && search.FindInField(message, field, 0, first, first + 1)) {
      return search.path() + ": " + search.what();
    }
  }
  return std::string();
}

// Protobuf's binary parser keeps the low 32 bits of a varint sent for a
// 32-bit field (int32, uint32, enum): `capacity` sent as 2^32 + 5 would be
// read as 5, where JSON and text refuse the number. This walk over the wire
// data, run after a successful parse, finds such values. It reads tags and
// varints straight from the bytes and skips strings by their length, so it
// costs a few instructions per field.
class VarintRangeCheck {
  using Field = google::protobuf::FieldDescriptor;
  struct FieldInfo {
    const Field* field = nullptr;
    const google::protobuf::Descriptor* message = nullptr;  // message fields
    const std::vector<FieldInfo>* message_fields = nullptr;  // their table
    bool is_32_bit = false;
    int wire_type = 0;     // the parser's for the field's type
    bool packed = false;   // also accepted as a length-delimited list
  };

 public:
  // What the walk needs of each message type reachable from a root type:
  // its fields by number (passerelle.v1 numbers them densely from 1). Built
  // once per read, shared by the threads.
  using FieldTables = std::unordered_map<const google::protobuf::Descriptor*, std::vector<FieldInfo>>;
  static void AddTables(const google::protobuf::Descriptor* type, FieldTables* tables) {
    auto [it, inserted] = tables->try_emplace(type);
    if (!inserted) return;
    int max_number = 0;
    for (int i = 0; i < type->field_count(); ++i) max_number = std::max(max_number, type->field(i)->number());
    std::vector<FieldInfo> fields(static_cast<size_t>(max_number) + 1);
    for (int i = 0; i < type->field_count(); ++i) {
      const Field* f = type->field(i);
      FieldInfo& info = fields[static_cast<size_t>(f->number())];
      info.field = f;
      info.message = f->type() == Field::TYPE_MESSAGE ? f->message_type() : nullptr;
      info.is_32_bit = Is32Bit(f);
      info.wire_type = static_cast<int>(google::protobuf::internal::WireFormat::WireTypeForFieldType(f->type()));
      info.packed = f->is_packable();
    }
    it->second = std::move(fields);
    for (int i = 0; i < type->field_count(); ++i) {
      if (type->field(i)->type() == Field::TYPE_MESSAGE) AddTables(type->field(i)->message_type(), tables);
    }
    // Tables stay where they are when the map grows (node-based).
    for (FieldInfo& info : tables->at(type)) {
      if (info.message != nullptr) info.message_fields = &tables->at(info.message);
    }
  }

  explicit VarintRangeCheck(const FieldTables& tables) : fields_(tables) {}

  // True once a walk met a field the parser keeps as unknown (a number the
  // type lacks, a wrong wire type) or data it did not follow: only then
  // does an unknown-field search need to run.
  bool saw_unknown() const { return saw_unknown_; }

  // The first value out of range in `bytes`, a message of `type`, as
  // "path: what", or "".
  std::string Run(std::string_view bytes, const google::protobuf::Descriptor* type) {
    const auto* begin = reinterpret_cast<const uint8_t*>(bytes.data());
    if (Walk(fields_.at(type), begin, begin + bytes.size(), 0) || problem_field_ == nullptr) return "";
    std::string path;
    for (auto it = path_.rbegin(); it != path_.rend(); ++it) path += (path.empty() ? "" : ".") + *it;
    return path + ": " + Problem(problem_field_, problem_value_);
  }

  // What is wrong with the varint `v` read for `field`, or "" when it fits.
  static std::string Problem(const Field* field, uint64_t v) {
    if (!Is32Bit(field) || Fits(field, v)) return "";
    return std::to_string(static_cast<int64_t>(v)) + " does not fit a 32-bit " +
           (field->type() == Field::TYPE_ENUM ? "enum" : "integer");
  }

  static bool ReadVarint(const uint8_t*& p, const uint8_t* end, uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; p < end && shift < 64; shift += 7) {
      const uint8_t byte = *p++;
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  // Skips the value of a field whose tag was just read. False on bad data
  // (or a group, which passerelle.v1 does not use).
  static bool SkipValue(const uint8_t*& p, const uint8_t* end, uint64_t tag) {
    uint64_t v;
    switch (tag & 7) {
      case 0: return ReadVarint(p, end, &v);
      case 1: return end - p >= 8 && (p += 8, true);
      case 5: return end - p >= 4 && (p += 4, true);
      case 2: return ReadVarint(p, end, &v) && v <= static_cast<uint64_t>(end - p) && (p += v, true);
      default: return false;
    }
  }

 private:
  static bool Is32Bit(const Field* f) {
    return f->type() == Field::TYPE_INT32 || f->type() == Field::TYPE_UINT32 || f->type() == Field::TYPE_ENUM ||
           f->type() == Field::TYPE_SINT32;
  }

  // Whether the varint `v` read for `field` fits its 32-bit type.
  static bool Fits(const Field* field, uint64_t v) {
    if (field->type() == Field::TYPE_UINT32 || field->type() == Field::TYPE_SINT32) return v <= UINT32_MAX;
    // int32 and enum: negatives are sign-extended to 64 bits.
    const auto signed_value = static_cast<int64_t>(v);
    return signed_value >= INT32_MIN && signed_value <= INT32_MAX;
  }

  // Walks the fields (table `fields`) of a message in [begin, end). True when all
  // is in range; false at the first problem (`path_` then holds its path,
  // innermost first) or at data it does not follow.
  bool Walk(const std::vector<FieldInfo>& fields, const uint8_t* begin, const uint8_t* end, int depth) {
    for (const uint8_t* p = begin; p < end;) {
      const uint8_t* tag_start = p;
      uint64_t tag;
      if (!ReadVarint(p, end, &tag)) return Lost();
      const uint64_t number = tag >> 3;
      const FieldInfo* info = number < fields.size() && fields[number].field != nullptr ? &fields[number] : nullptr;
      const int wire = static_cast<int>(tag & 7);
      if (info == nullptr || (wire != info->wire_type && !(wire == 2 && info->packed))) {
        saw_unknown_ = true;
        if (!SkipValue(p, end, tag)) return Lost();
        continue;
      }
      if (!info->is_32_bit && info->message == nullptr) {
        if (!SkipValue(p, end, tag)) return Lost();
        continue;
      }
      if ((tag & 7) == 0) {
        uint64_t v;
        if (!ReadVarint(p, end, &v)) return Lost();
        if (info->is_32_bit && !Fits(info->field, v)) {
          return Found(info->field, v, Segment(info->field, begin, tag_start));
        }
        continue;
      }
      uint64_t length;
      if ((tag & 7) != 2 || !ReadVarint(p, end, &length) || length > static_cast<uint64_t>(end - p)) return Lost();
      const uint8_t* value_end = p + length;
      if (info->message != nullptr) {
        if (depth >= 64) return Lost();
        if (!Walk(*info->message_fields, p, value_end, depth + 1)) {
          if (problem_field_ != nullptr) path_.push_back(Segment(info->field, begin, tag_start));
          return false;
        }
      } else {  // packed 32-bit values
        for (int k = 0; p < value_end; ++k) {
          uint64_t v;
          if (!ReadVarint(p, value_end, &v)) return Lost();
          if (!Fits(info->field, v)) return Found(info->field, v, info->field->name() + "[" + std::to_string(k) + "]");
        }
      }
      p = value_end;
    }
    return true;
  }

  // Data the walk does not follow: the search for unknown fields decides.
  bool Lost() {
    saw_unknown_ = true;
    return false;
  }

  bool Found(const Field* field, uint64_t v, std::string segment) {
    problem_field_ = field;
    problem_value_ = v;
    path_.push_back(std::move(segment));
    return false;
  }

  // `field`'s name, with its element index when repeated: the elements of
  // `field` whose tags start in [begin, until), counted only once a problem
  // is found, so that the common case pays nothing for paths.
  static std::string Segment(const Field* field, const uint8_t* begin, const uint8_t* until) {
    if (!field->is_repeated()) return field->name();
    int count = 0;
    for (const uint8_t* p = begin; p < until;) {
      uint64_t tag;
      if (!ReadVarint(p, until, &tag)) break;
      if (tag >> 3 == static_cast<uint64_t>(field->number())) ++count;
      if (!SkipValue(p, until, tag)) break;
    }
    return field->name() + "[" + std::to_string(count) + "]";
  }

  const FieldTables& fields_;
  std::vector<std::string> path_;  // innermost first, once a problem is found
  const Field* problem_field_ = nullptr;
  uint64_t problem_value_ = 0;
  bool saw_unknown_ = false;
};

// `VarintRangeCheck` over a whole message: its top level's scalars here, its
// message fields walked in slices over `threads` threads; the problem
// reported is the one a walk in order finds first.
std::string FirstVarintOutOfRange(std::string_view bytes, const google::protobuf::Descriptor* type, int threads) {
  VarintRangeCheck::FieldTables tables;
  VarintRangeCheck::AddTables(type, &tables);
  struct Element {
    const google::protobuf::FieldDescriptor* field;
    int index;  // among the field's elements
    std::string_view bytes;
  };
  std::vector<Element> elements;
  std::unordered_map<int, int> seen;  // per field number
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint8_t* end = p + bytes.size();
  while (p < end) {
    uint64_t tag, length;
    if (!VarintRangeCheck::ReadVarint(p, end, &tag)) break;
    const auto* field = type->FindFieldByNumber(static_cast<int>(tag >> 3));
    const int index = field != nullptr ? seen[field->number()]++ : 0;
    if (field != nullptr && (tag & 7) == 0) {  // a top-level scalar
      uint64_t v;
      if (!VarintRangeCheck::ReadVarint(p, end, &v)) break;
      if (std::string problem = VarintRangeCheck::Problem(field, v); !problem.empty()) {
        return field->name() + (field->is_repeated() ? "[" + std::to_string(index) + "]" : "") + ": " + problem;
      }
      continue;
    }
    if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE || (tag & 7) != 2) {
      if (!VarintRangeCheck::SkipValue(p, end, tag)) break;
      continue;
    }
    if (!VarintRangeCheck::ReadVarint(p, end, &length) || length > static_cast<uint64_t>(end - p)) break;
    elements.push_back({field, index,
                        std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(length))});
    p += length;
  }
  std::atomic<size_t> first{elements.size()};
  std::string found;
  std::mutex found_mutex;
  constexpr size_t kMinSliced = 4096;
  internal::ForSlices(elements.size() >= kMinSliced ? internal::ResolveThreads(threads) : 1,
                      static_cast<int64_t>(elements.size()), [&](int64_t begin, int64_t end) {
    VarintRangeCheck check(tables);
    for (auto k = static_cast<size_t>(begin); k < static_cast<size_t>(end) && k < first.load(); ++k) {
      const Element& e = elements[k];
      std::string problem = check.Run(e.bytes, e.field->message_type());
      if (problem.empty()) continue;
      std::lock_guard<std::mutex> lock(found_mutex);
      if (k < first.load()) {
        first = k;
        found = e.field->name() + (e.field->is_repeated() ? "[" + std::to_string(e.index) + "]" : "") + "." + problem;
      }
      return;
    }
  });
  return found;
}

}  // namespace

FileFormat FormatFromPath(std::string_view path) {
  if (path == "-" || EndsWith(path, ".json")) return FileFormat::kJson;
  if (EndsWith(path, ".pb") || EndsWith(path, ".binpb") || EndsWith(path, ".bin")) return FileFormat::kBinary;
  if (EndsWith(path, ".txtpb") || EndsWith(path, ".textproto") || EndsWith(path, ".pbtxt")) return FileFormat::kText;
  throw InvalidArgumentError(std::string(path) +
                             ": unknown file extension (use .json, .pb/.binpb or .txtpb/.textproto)");
}

void ParseMessage(std::string_view bytes, FileFormat format, std::string_view source,
                  google::protobuf::Message* message, const ExecutionOptions& execution) {
  const int threads = execution.threads;
  const std::string where(source);
  switch (format) {
    case FileFormat::kJson: {
      if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw InvalidArgumentError(where + ": empty file (expected a JSON object)");
      }
      google::protobuf::util::JsonParseOptions options;
      options.ignore_unknown_fields = false;
      const auto status = google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(bytes.data(), bytes.size()), message, options);
      if (!status.ok()) {
        throw InvalidArgumentError(where + ": not a valid " + message->GetDescriptor()->full_name() +
                                   " in JSON: " + std::string(status.message()));
      }
      return;
    }
    case FileFormat::kBinary: {
      if (bytes.empty()) {
        // An empty binary message is valid protobuf, but an empty file is
        // almost always a mistake: refuse it rather than match nothing.
        throw InvalidArgumentError(where + ": empty file");
      }
      google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                static_cast<int>(bytes.size()));
      in.SetRecursionLimit(64);
      if (!message->MergePartialFromCodedStream(&in) || !in.ConsumedEntireMessage() ||
          in.CurrentPosition() != static_cast<int>(bytes.size())) {
        throw InvalidArgumentError(where + ": not a valid binary " + message->GetDescriptor()->full_name() +
                                   " (truncated or corrupt at byte " + std::to_string(in.CurrentPosition()) +
                                   " of " + std::to_string(bytes.size()) + ")");
      }
      if (const std::string found = FirstVarintOutOfRange(bytes, message->GetDescriptor(), threads); !found.empty()) {
        throw InvalidArgumentError(where + ": not a valid binary " + message->GetDescriptor()->full_name() + ": " +
                                   found);
      }
      // JSON and text refuse unknown fields; binary keeps them silently.
      // Refuse them too: they are a wrong file or a newer writer's fields.
      if (const std::string found = FirstIllFormed(*message, /*check_utf8=*/false, threads); !found.empty()) {
        throw InvalidArgumentError(where + ": not a valid binary " + message->GetDescriptor()->full_name() + ": " +
                                   found);
      }
      return;
    }
    case FileFormat::kText: {
      if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw InvalidArgumentError(where + ": empty file (expected a " + message->GetDescriptor()->full_name() +
                                   " in text format)");
      }
      google::protobuf::TextFormat::Parser parser;
      TextErrorCollector errors;
      parser.RecordErrorsTo(&errors);
      google::protobuf::io::ArrayInputStream in(bytes.data(), static_cast<int>(bytes.size()));
      if (!parser.Parse(&in, message)) {
        throw InvalidArgumentError(where + ": not a valid " + message->GetDescriptor()->full_name() +
                                   " in text format: " + errors.first());
      }
      // The text parser does not check UTF-8 (binary and JSON do).
      if (const std::string found = FirstIllFormed(*message, /*check_utf8=*/true, threads); !found.empty()) {
        throw InvalidArgumentError(where + ": not a valid " + message->GetDescriptor()->full_name() +
                                   " in text format: " + found);
      }
      return;
    }
  }
}

std::string SerializeMessage(const google::protobuf::Message& message, FileFormat format) {
  std::string out;
  switch (format) {
    case FileFormat::kJson: {
      google::protobuf::util::JsonPrintOptions options;
      options.add_whitespace = true;
      const auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
      if (!status.ok()) throw Error("JSON serialisation failed: " + std::string(status.message()));
      return out;
    }
    case FileFormat::kBinary: {
      // Sized first: no growth by doubling.
      const size_t size = message.ByteSizeLong();
      if (size > static_cast<size_t>(std::numeric_limits<int>::max())) {
        throw LimitExceededError("binary serialisation failed: " + std::to_string(size) + " bytes exceed 2 GiB");
      }
      out.resize(size);
      google::protobuf::io::ArrayOutputStream stream(out.data(), static_cast<int>(size));
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      message.SerializeWithCachedSizes(&coded);
      if (coded.HadError() || coded.ByteCount() != static_cast<int64_t>(size)) {
        throw Error("binary serialisation failed");
      }
      break;
    }
    case FileFormat::kText: {
      google::protobuf::TextFormat::Printer printer;
      printer.PrintToString(message, &out);
      break;
    }
  }
  return out;
}

namespace {

std::string SystemReason(int error) { return std::strerror(error); }

// The bytes of `path` ("-": stdin), at most `max_bytes`.
std::string ReadAllBytes(const std::string& path, int64_t max_bytes) {
  if (max_bytes < 1) throw InvalidArgumentError("max_bytes: " + std::to_string(max_bytes) + " must be >= 1");
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? std::string("<stdin>") : path;
  int fd = STDIN_FILENO;
  if (!is_stdin) {
    // A FIFO's open waits for its writer, as for any program reading one.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw IoError(path + ": cannot open (" + SystemReason(errno) + ")");
  }
  struct Closer {
    int fd;
    bool own;
    ~Closer() {
      if (own) ::close(fd);
    }
  } closer{fd, !is_stdin};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw IoError(name + ": cannot read (" + SystemReason(errno) + ")");
  if (S_ISDIR(st.st_mode)) throw IoError(name + ": is a folder, not a file");
  const bool regular = S_ISREG(st.st_mode);
  if (!regular && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISSOCK(st.st_mode)) {
    throw IoError(name + ": not a regular file, pipe or device");
  }
  auto too_large = [&](const std::string& size) {
    return LimitExceededError(name + ": " + size + " exceed the limit of " + std::to_string(max_bytes) +
                              " bytes (--max-request-bytes)");
  };
  if (regular && st.st_size > max_bytes) throw too_large(std::to_string(st.st_size) + " bytes");
  std::string bytes;
  // A regular file in one read of its size (a national request is 0.2 GB);
  // streams in chunks, never more than the limit plus one chunk.
  if (regular) {
    bytes.reserve(static_cast<size_t>(st.st_size));
    internal::PopulateForWriting(bytes.data(), static_cast<size_t>(st.st_size));
  }
  constexpr size_t kChunk = size_t{1} << 20;
  for (;;) {
    const size_t want = regular && bytes.size() < static_cast<size_t>(st.st_size)
                            ? static_cast<size_t>(st.st_size) - bytes.size()
                            : kChunk;
    const size_t old = bytes.size();
    bytes.resize(old + want);
    const ssize_t got = ::read(fd, bytes.data() + old, want);
    if (got < 0) {
      if (errno == EINTR) {
        bytes.resize(old);
        continue;
      }
      throw IoError(name + ": read error (" + SystemReason(errno) + ")");
    }
    bytes.resize(old + static_cast<size_t>(got));
    if (got == 0) break;
    if (static_cast<int64_t>(bytes.size()) > max_bytes) throw too_large("more than " + std::to_string(max_bytes) + " bytes");
  }
  return bytes;
}

// std::streambuf over a file descriptor: every failed write keeps its errno
// for the message, and the stream goes bad.
class FdOutBuf : public std::streambuf {
 public:
  explicit FdOutBuf(int fd) : fd_(fd), buffer_(size_t{1} << 16) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  // The errno of the first failed write, or 0.
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Drain() ? 0 : -1; }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n >= static_cast<std::streamsize>(buffer_.size())) {
      // Large blocks go straight to the file.
      if (!Drain() || !WriteAll(s, static_cast<size_t>(n))) return 0;
      return n;
    }
    return std::streambuf::xsputn(s, n);
  }

 private:
  bool Drain() {
    const size_t n = static_cast<size_t>(pptr() - pbase());
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return WriteAll(buffer_.data(), n);
  }
  bool WriteAll(const char* p, size_t n) {
    if (error_ != 0) return false;
    while (n > 0) {
      const ssize_t done = ::write(fd_, p, n);
      if (done < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
        return false;
      }
      p += done;
      n -= static_cast<size_t>(done);
    }
    return true;
  }
  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

// Runs `write` on a stream over `fd`, then flushes; throws IoError naming
// `name` if anything failed. Returns normally only when every byte is written.
void WriteToFd(int fd, const std::string& name, const std::function<void(std::ostream&)>& write) {
  FdOutBuf buffer(fd);
  std::ostream out(&buffer);
  write(out);
  out.flush();
  if (buffer.error() != 0) throw IoError(name + ": cannot write (" + SystemReason(buffer.error()) + ")");
  if (!out) throw IoError(name + ": cannot write");
}

// Where a write to `path` goes: the path itself, or the file a symbolic link
// at `path` points to (resolved, through chains of links).
std::string WriteTarget(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
  std::error_code error;
  const std::filesystem::path target = std::filesystem::canonical(path, error);
  if (error) throw IoError(path + ": cannot write: a symbolic link to a missing file (" + error.message() + ")");
  return target.string();
}

// Reads a binary `MatchRequest` one top-level record at a time: each
// candidate, opening and employer is parsed into one reused message and
// converted at once (`RequestBuilder`), so that memory is the C++ request
// plus one message, and a refused request's records are dropped as they
// come. The checks and messages are those of `ParseMessage` and
// `FromProto`; when a file has several wire-level defects, the one reported
// may differ (records are parsed in the order candidates, openings).
class WireRequestReader {
 public:
  WireRequestReader(std::string_view bytes, std::string_view source, const ReadOptions& options, bool from_json)
      : bytes_(bytes), where_(source), options_(options), from_json_(from_json) {}

  MatchRequest Read() {
    if (bytes_.empty()) throw InvalidArgumentError(where_ + ": empty file");
    // The top level: structure, unknown fields, record counts; the policy
    // and the description (with the whole parser's merge rules).
    v1::MatchRequest head;
    int64_t counts[7] = {};  // by field number: records 1-3 and 6
    std::string unknown;
    Walk([&](int number, uint64_t tag, const uint8_t* field_start, const uint8_t* value, size_t length) {
      const bool known = number >= 1 && number <= 6 && (tag & 7) == 2;
      if (!known) {
        if (unknown.empty()) {
          unknown = "(top level): unknown field number " + std::to_string(number) +
                    " (or a known field with the wrong wire type)";
        }
        return;
      }
      if (number <= 3 || number == 6) {
        ++counts[number];
        return;
      }
      // The policy and the description, tag included, merged as the whole
      // message's parser would; the policy's pins, bans and locks come
      // later, one at a time, as records.
      std::string policy;
      const uint8_t* start = field_start;
      size_t size = static_cast<size_t>(value + length - field_start);
      if (number == 4 && WithoutOverrides(value, length, &policy)) {
        start = reinterpret_cast<const uint8_t*>(policy.data());
        size = policy.size();
      }
      google::protobuf::io::CodedInputStream in(start, static_cast<int>(size));
      in.SetRecursionLimit(kRecursionLimit);
      if (!head.MergePartialFromCodedStream(&in) || !in.ConsumedEntireMessage()) {
        Corrupt(field_start - Begin() + (start == field_start ? in.CurrentPosition() : 0));
      }
    });
    if (!from_json_) {
      // The policy's values in range (the records' are checked as they are
      // parsed), then unknown fields.
      VarintRangeCheck::AddTables(v1::MatchRequest::descriptor(), &tables_);
      ForRecords(4, [&](const uint8_t* value, size_t length) {
        VarintRangeCheck check(tables_);
        const std::string problem = check.Run(
            std::string_view(reinterpret_cast<const char*>(value), length), v1::Policy::descriptor());
        if (!problem.empty()) throw InvalidArgumentError(where_ + ": not a valid binary passerelle.v1.MatchRequest: policy." + problem);
      });
      if (!unknown.empty()) throw InvalidArgumentError(where_ + ": not a valid binary passerelle.v1.MatchRequest: " + unknown);
      if (const std::string found = FirstIllFormed(head, /*check_utf8=*/false, 1); !found.empty()) {
        throw InvalidArgumentError(where_ + ": not a valid binary passerelle.v1.MatchRequest: " + found);
      }
    }
    // Limits before any record is converted.
    CheckCount("candidates", counts[1], options_.max_candidates, "max_candidates");
    CheckCount("openings", counts[2], options_.max_openings, "max_openings");

    io_internal::RequestBuilder builder(head.policy(), options_.execution);
    builder.SetDescription(head.description());
    {
      v1::Employer employer;
      int64_t index = 0;
      ForRecords(3, [&](const uint8_t* value, size_t length) {
        ParseRecord(value, length, "employers", index++, &employer);
        builder.AddEmployer(employer);
      });
    }
    // Candidates in batches of spans, parsed and converted over the threads.
    {
      constexpr size_t kBatch = 65536;
      std::vector<std::pair<const uint8_t*, size_t>> spans;
      spans.reserve(static_cast<size_t>(std::min<int64_t>(counts[1], kBatch)));
      int64_t first = 0;
      auto flush = [&] {
        builder.AddCandidates(static_cast<int64_t>(spans.size()),
                              [&](int64_t k, v1::Candidate* scratch) -> const v1::Candidate& {
                                const auto& [value, length] = spans[static_cast<size_t>(k)];
                                ParseRecord(value, length, "candidates", first + k, scratch);
                                return *scratch;
                              });
        first += static_cast<int64_t>(spans.size());
        spans.clear();
      };
      ForRecords(1, [&](const uint8_t* value, size_t length) {
        spans.emplace_back(value, length);
        if (spans.size() == kBatch) flush();
      });
      flush();
    }
    {
      v1::Opening opening;
      int64_t index = 0;
      ForRecords(2, [&](const uint8_t* value, size_t length) {
        ParseRecord(value, length, "openings", index++, &opening);
        builder.AddOpening(opening);
      });
    }
    // Pins, bans and locks, each list across the policy's occurrences (the
    // whole parser concatenates them).
    using List = io_internal::RequestBuilder::OverrideList;
    const std::pair<List, const char*> lists[] = {
        {List::kPins, "policy.pins"}, {List::kBans, "policy.bans"}, {List::kLocks, "policy.locks"}};
    v1::PairOverride override_message;
    for (int k = 0; k < 3; ++k) {
      const int number = 11 + k;
      int64_t index = 0;
      ForRecords(4, [&](const uint8_t* policy, size_t policy_length) {
        WalkFields(policy, policy + policy_length, [&](int n, uint64_t tag, const uint8_t*, const uint8_t* value,
                                                       size_t length) {
          if (n != number || (tag & 7) != 2) return;
          ParseRecord(value, length, lists[k].second, index++, &override_message, 2);
          builder.AddOverride(lists[k].first, override_message);
        });
      });
    }
    {
      v1::PreviousPlacement previous;
      int64_t index = 0;
      ForRecords(6, [&](const uint8_t* value, size_t length) {
        ParseRecord(value, length, "previous_placements", index++, &previous);
        builder.AddPreviousPlacement(previous);
      });
    }
    return builder.Finish();
  }

 private:
  static constexpr int kRecursionLimit = 64;

  const uint8_t* Begin() const { return reinterpret_cast<const uint8_t*>(bytes_.data()); }

  [[noreturn]] void Corrupt(int64_t at) const {
    throw InvalidArgumentError(where_ + ": not a valid binary passerelle.v1.MatchRequest (truncated or corrupt at byte " +
                               std::to_string(at) + " of " + std::to_string(bytes_.size()) + ")");
  }

  // Calls visit(number, tag, field start, value, length) for each top-level
  // field (length 0 and value at the next field for a varint or fixed one).
  template <typename Visit>
  void Walk(const Visit& visit) const {
    WalkFields(Begin(), Begin() + bytes_.size(), visit);
  }

  // `Walk` over the fields of the message in [begin, end).
  template <typename Visit>
  void WalkFields(const uint8_t* begin, const uint8_t* end, const Visit& visit) const {
    for (const uint8_t* p = begin; p < end;) {
      const uint8_t* field_start = p;
      uint64_t tag, length = 0;
      if (!VarintRangeCheck::ReadVarint(p, end, &tag) || tag >> 3 == 0 || tag >> 3 > (uint64_t{1} << 29)) {
        Corrupt(field_start - Begin());
      }
      if ((tag & 7) == 2) {
        if (!VarintRangeCheck::ReadVarint(p, end, &length) || length > static_cast<uint64_t>(end - p)) {
          Corrupt(field_start - Begin());
        }
        visit(static_cast<int>(tag >> 3), tag, field_start, p, static_cast<size_t>(length));
        p += length;
        continue;
      }
      if (!VarintRangeCheck::SkipValue(p, end, tag)) Corrupt(field_start - Begin());
      visit(static_cast<int>(tag >> 3), tag, field_start, p, 0);
    }
  }

  // visit(value, length) for each record of top-level field `number`.
  template <typename Visit>
  void ForRecords(int number, const Visit& visit) const {
    Walk([&](int n, uint64_t tag, const uint8_t*, const uint8_t* value, size_t length) {
      if (n == number && (tag & 7) == 2) visit(value, length);
    });
  }

  // A policy field (tag 4) holding the policy in [value, value + length)
  // without its pins, bans and locks, in `out`; false when its fields cannot
  // be walked (the parser then reports it).
  static bool WithoutOverrides(const uint8_t* value, size_t length, std::string* out) {
    std::string fields;
    const uint8_t* end = value + length;
    for (const uint8_t* p = value; p < end;) {
      const uint8_t* start = p;
      uint64_t tag;
      if (!VarintRangeCheck::ReadVarint(p, end, &tag) || !VarintRangeCheck::SkipValue(p, end, tag)) return false;
      const uint64_t number = tag >> 3;
      if ((tag & 7) == 2 && number >= 11 && number <= 13) continue;
      fields.append(reinterpret_cast<const char*>(start), static_cast<size_t>(p - start));
    }
    out->assign(1, static_cast<char>(4 << 3 | 2));
    for (uint64_t n = fields.size(); ; n >>= 7) {
      if (n < 0x80) {
        out->push_back(static_cast<char>(n));
        break;
      }
      out->push_back(static_cast<char>((n & 0x7F) | 0x80));
    }
    *out += fields;
    return true;
  }

  // Parses record `index` of `list` (at `depth` below the request) into
  // `message` (cleared first), with the whole parser's checks, and those of
  // `ParseMessage` after it.
  template <typename Message>
  void ParseRecord(const uint8_t* value, size_t length, const char* list, int64_t index, Message* message,
                   int depth = 1) const {
    message->Clear();
    google::protobuf::io::CodedInputStream in(value, static_cast<int>(length));
    in.SetRecursionLimit(kRecursionLimit - depth);
    if (!message->MergePartialFromCodedStream(&in) || !in.ConsumedEntireMessage() ||
        in.CurrentPosition() != static_cast<int>(length)) {
      Corrupt(value - Begin() + in.CurrentPosition());
    }
    if (from_json_) return;
    VarintRangeCheck check(tables_);
    if (const std::string problem = check.Run(std::string_view(reinterpret_cast<const char*>(value), length),
                                              Message::descriptor());
        !problem.empty()) {
      throw InvalidArgumentError(where_ + ": not a valid binary passerelle.v1.MatchRequest: " + list + "[" +
                                 std::to_string(index) + "]." + problem);
    }
    if (!check.saw_unknown()) return;
    IllFormedSearch search(/*check_utf8=*/false);
    if (search.Find(*message)) {
      throw InvalidArgumentError(where_ + ": not a valid binary passerelle.v1.MatchRequest: " +
                                 search.path(std::string(list) + "[" + std::to_string(index) + "]") + ": " +
                                 search.what());
    }
  }

  static void CheckCount(const char* list, int64_t count, int64_t limit, const char* field) {
    if (limit > 0 && count > limit) {
      throw LimitExceededError(std::string(list) + ": " + std::to_string(count) + " exceed policy.limits." + field +
                               " = " + std::to_string(limit));
    }
  }

  std::string_view bytes_;
  std::string where_;
  const ReadOptions& options_;
  bool from_json_;
  VarintRangeCheck::FieldTables tables_;  // binary only
};

// Reads a `MatchRequest` in text format one record at a time: a scan of
// the top level finds each candidate, opening and employer (`candidates {
// ... }` or `candidates: [{ ... }, ...]`), which is parsed alone into one
// reused message and converted at once; the rest (policy, description) is
// parsed as the file with the records blanked out. Messages keep their line
// and column: on a parse error, the file is parsed again by protobuf with
// the records before the failing one blanked (spaces, newlines kept), and
// protobuf's first error is reported. What the scan does not follow (field
// numbers, extensions) is left to that whole parse.
class TextRequestReader {
 public:
  TextRequestReader(std::string_view text, std::string_view source, const ReadOptions& options)
      : text_(text), where_(source), options_(options) {}

  MatchRequest Read() {
    if (text_.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      throw InvalidArgumentError(where_ + ": empty file (expected a passerelle.v1.MatchRequest in text format)");
    }
    Scan();
    std::string head_text(text_);
    for (const Element& e : elements_) Blank(&head_text, e);
    google::protobuf::ArenaOptions arena_options;
    arena_options.start_block_size = size_t{1} << 16;
    google::protobuf::Arena arena(arena_options);
    v1::MatchRequest& head = *google::protobuf::Arena::CreateMessage<v1::MatchRequest>(&arena);
    {
      google::protobuf::TextFormat::Parser parser;
      TextErrorCollector errors;
      parser.RecordErrorsTo(&errors);
      google::protobuf::io::ArrayInputStream in(head_text.data(), static_cast<int>(head_text.size()));
      if (!parser.Parse(&in, &head)) {
        // A record before the error may hold an earlier one.
        const size_t at = errors.offset(text_);
        for (size_t k = 0; k < elements_.size() && elements_[k].begin < at; ++k) {
          if (!ParsesAlone(elements_[k])) Fail(k);
        }
        Throw(errors.first());
      }
    }
    std::string head_text_freed;
    head_text.swap(head_text_freed);
    head_text_freed = std::string();
    if (const std::string found = FirstIllFormed(head, /*check_utf8=*/true, 1); !found.empty()) Throw(found);
    int64_t counts[4] = {0, head.candidates_size(), head.openings_size(), head.employers_size()};
    for (const Element& e : elements_) ++counts[e.list];
    CheckCount("candidates", counts[1], options_.max_candidates, "max_candidates");
    CheckCount("openings", counts[2], options_.max_openings, "max_openings");

    io_internal::RequestBuilder builder(head.policy(), options_.execution);
    builder.SetDescription(head.description());
    std::vector<size_t> lists[4];
    for (size_t k = 0; k < elements_.size(); ++k) lists[elements_[k].list].push_back(k);
    {
      v1::Employer employer;
      int64_t index = 0;
      for (size_t k : lists[3]) {
        Parse(k, &employer, "employers", index++);
        builder.AddEmployer(employer);
      }
      for (const v1::Employer& e : head.employers()) builder.AddEmployer(e);
    }
    {
      const std::vector<size_t>& candidates = lists[1];
      builder.AddCandidates(static_cast<int64_t>(candidates.size()),
                            [&](int64_t k, v1::Candidate* scratch) -> const v1::Candidate& {
                              Parse(candidates[static_cast<size_t>(k)], scratch, "candidates", k);
                              return *scratch;
                            });
      builder.AddCandidates(head.candidates_size(), [&](int64_t k, v1::Candidate*) -> const v1::Candidate& {
        return head.candidates(static_cast<int>(k));
      });
    }
    {
      v1::Opening opening;
      int64_t index = 0;
      for (size_t k : lists[2]) {
        Parse(k, &opening, "openings", index++);
        builder.AddOpening(opening);
      }
      for (const v1::Opening& o : head.openings()) builder.AddOpening(o);
    }
    builder.AddOverridesAndPreviousOf(head);
    return builder.Finish();
  }

 private:
  // A record: its list (1 candidates, 2 openings, 3 employers), the text
  // between its brackets, and what the head text blanks for it.
  struct Element {
    uint32_t list : 2;
    uint32_t begin : 30;  // unused bits: files are < 2 GiB, offsets fit 31 bits
    uint32_t end;
    uint32_t blank_begin, blank_end;
  };

  [[noreturn]] void Throw(const std::string& what) const {
    throw InvalidArgumentError(where_ + ": not a valid passerelle.v1.MatchRequest in text format: " + what);
  }

  static void Blank(std::string* text, const Element& e) {
    for (size_t i = e.blank_begin; i < e.blank_end; ++i) {
      if ((*text)[i] != '\n' && (*text)[i] != '\t') (*text)[i] = ' ';
    }
  }

  bool ParsesAlone(const Element& e) const {
    if (e.list == 1) {
      v1::Candidate candidate;
      return ParseElement(e, &candidate);
    }
    if (e.list == 2) {
      v1::Opening opening;
      return ParseElement(e, &opening);
    }
    v1::Employer employer;
    return ParseElement(e, &employer);
  }

  // Parses `e` alone into `message`; false on a parse error.
  template <typename Message>
  bool ParseElement(const Element& e, Message* message) const {
    message->Clear();
    google::protobuf::TextFormat::Parser parser;
    TextErrorCollector errors;  // silent: the error is reported by Fail
    parser.RecordErrorsTo(&errors);
    const std::string_view inner = text_.substr(e.begin, e.end - e.begin);
    google::protobuf::io::ArrayInputStream in(inner.data(), static_cast<int>(inner.size()));
    return parser.Parse(&in, message);
  }

  template <typename Message>
  void Parse(size_t k, Message* message, const char* list, int64_t index) const {
    if (!ParseElement(elements_[k], message)) Fail(k);
    IllFormedSearch search(/*check_utf8=*/true);
    if (search.Find(*message)) {
      Throw(search.path(std::string(list) + "[" + std::to_string(index) + "]") + ": " + search.what());
    }
  }

  // Element `k` does not parse: protobuf's first error in the file. The
  // records before the first one that does not parse alone (`k` or an
  // earlier one, not read yet) are blanked; the error is in that record or
  // before it, in the head.
  [[noreturn]] void Fail(size_t k) const {
    for (size_t j = 0; j < k; ++j) {
      if (!ParsesAlone(elements_[j])) {
        k = j;
        break;
      }
    }
    std::string text(text_);
    for (size_t j = 0; j < elements_.size(); ++j) {
      if (elements_[j].begin < elements_[k].begin) Blank(&text, elements_[j]);
    }
    google::protobuf::Arena arena;
    auto* message = google::protobuf::Arena::CreateMessage<v1::MatchRequest>(&arena);
    google::protobuf::TextFormat::Parser parser;
    TextErrorCollector errors;
    parser.RecordErrorsTo(&errors);
    google::protobuf::io::ArrayInputStream in(text.data(), static_cast<int>(text.size()));
    if (parser.Parse(&in, message)) Throw("record not readable alone");  // not expected
    Throw(errors.first());
  }

  void SkipSpace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
        ++pos_;
      } else {
        return;
      }
    }
  }

  static bool IsIdentifier(char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
  }

  // From an opening bracket at `pos_`, past its closing one; false when the
  // brackets or strings do not close.
  bool SkipBalanced() {
    std::string closers;
    do {
      if (pos_ >= text_.size()) return false;
      const char c = text_[pos_];
      if (c == '"' || c == '\'') {
        for (++pos_; pos_ < text_.size() && text_[pos_] != c; ++pos_) {
          if (text_[pos_] == '\n') return false;
          if (text_[pos_] == '\\') ++pos_;
        }
        if (pos_ >= text_.size()) return false;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        continue;
      } else if (c == '{' || c == '<' || c == '[') {
        closers.push_back(c == '{' ? '}' : c == '<' ? '>' : ']');
      } else if (c == '}' || c == '>' || c == ']') {
        if (closers.empty() || closers.back() != c) return false;
        closers.pop_back();
      }
      ++pos_;
    } while (!closers.empty());
    return true;
  }

  // One record at `pos_` (an opening bracket), of `list`; its blank range
  // starts at `blank_begin`.
  bool ScanElement(uint32_t list, size_t blank_begin) {
    const size_t open = pos_;
    if (!SkipBalanced()) return false;
    Element e{};
    e.list = list;
    e.begin = static_cast<uint32_t>(open + 1);
    e.end = static_cast<uint32_t>(pos_ - 1);
    e.blank_begin = static_cast<uint32_t>(blank_begin);
    e.blank_end = static_cast<uint32_t>(pos_);
    elements_.push_back(e);
    return true;
  }

  // The top level, up to its end or to what it does not follow.
  void Scan() {
    if (text_.size() >= (size_t{1} << 30)) return;  // offsets: left to the whole parse
    for (;;) {
      SkipSpace();
      if (pos_ >= text_.size()) return;
      const size_t field = pos_;
      if (!IsIdentifier(text_[pos_], true)) return;
      while (pos_ < text_.size() && IsIdentifier(text_[pos_], false)) ++pos_;
      const std::string_view name = text_.substr(field, pos_ - field);
      const uint32_t list = name == "candidates" ? 1 : name == "openings" ? 2 : name == "employers" ? 3 : 0;
      SkipSpace();
      const bool colon = pos_ < text_.size() && text_[pos_] == ':';
      if (colon) {
        ++pos_;
        SkipSpace();
      }
      if (pos_ >= text_.size()) return;
      const char c = text_[pos_];
      const size_t elements_before = elements_.size();
      if (list != 0 && (c == '{' || c == '<')) {
        if (!ScanElement(list, field)) return;
      } else if (list != 0 && c == '[' && colon) {
        // Elements and their commas are blanked; `candidates: [ ]` stays.
        ++pos_;
        for (bool first = true;; first = false) {
          SkipSpace();
          if (pos_ < text_.size() && text_[pos_] == ']' && first) break;
          if (pos_ >= text_.size() || (text_[pos_] != '{' && text_[pos_] != '<')) return Undo(elements_before, field);
          if (!ScanElement(list, pos_)) return Undo(elements_before, field);
          SkipSpace();
          if (pos_ < text_.size() && text_[pos_] == ',') {
            elements_.back().blank_end = static_cast<uint32_t>(++pos_);
            continue;
          }
          if (pos_ < text_.size() && text_[pos_] == ']') break;
          return Undo(elements_before, field);
        }
        ++pos_;  // ]
        // A separator after `]` stays in the head text, which parses it.
        SkipSpace();
        if (pos_ < text_.size() && (text_[pos_] == ',' || text_[pos_] == ';')) ++pos_;
        continue;
      } else if (list != 0) {
        return;
      } else if (c == '{' || c == '<' || c == '[') {
        if (!SkipBalanced()) return;
      } else if (c == '"' || c == '\'') {
        while (pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
          const char quote = text_[pos_];
          for (++pos_; pos_ < text_.size() && text_[pos_] != quote; ++pos_) {
            if (text_[pos_] == '\n') return;
            if (text_[pos_] == '\\') ++pos_;
          }
          if (pos_ >= text_.size()) return;
          ++pos_;
          SkipSpace();
        }
      } else {
        const size_t value = pos_;
        if (text_[pos_] == '-') ++pos_;
        while (pos_ < text_.size() && (IsIdentifier(text_[pos_], false) || text_[pos_] == '.' ||
                                       ((text_[pos_] == '+' || text_[pos_] == '-') &&
                                        (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')))) {
          ++pos_;
        }
        if (pos_ == value) return;
      }
      SkipSpace();
      if (pos_ < text_.size() && (text_[pos_] == ',' || text_[pos_] == ';')) {
        ++pos_;
        // A record's separator goes with it.
        if (elements_.size() > elements_before && list != 0) elements_.back().blank_end = static_cast<uint32_t>(pos_);
      }
    }
  }

  // A list the scan does not follow: its records are left to the whole
  // parse, from the field on.
  void Undo(size_t elements_before, size_t) { elements_.resize(elements_before); }

  static void CheckCount(const char* list, int64_t count, int64_t limit, const char* field) {
    if (limit > 0 && count > limit) {
      throw LimitExceededError(std::string(list) + ": " + std::to_string(count) + " exceed policy.limits." + field +
                               " = " + std::to_string(limit));
    }
  }

  std::string_view text_;
  std::string where_;
  const ReadOptions& options_;
  size_t pos_ = 0;
  std::vector<Element> elements_;
};

}  // namespace

MatchRequest ParseRequest(std::string_view bytes, FileFormat format, std::string_view source,
                          const ReadOptions& options) {
  switch (format) {
    case FileFormat::kBinary: return WireRequestReader(bytes, source, options, /*from_json=*/false).Read();
    case FileFormat::kJson: {
      // JSON to binary first (protobuf's converter streams, where a parse
      // into a message would hold every record), then read as binary.
      if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw InvalidArgumentError(std::string(source) + ": empty file (expected a JSON object)");
      }
      static google::protobuf::util::TypeResolver* const resolver = google::protobuf::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com", google::protobuf::DescriptorPool::generated_pool());
      google::protobuf::util::JsonParseOptions json_options;
      json_options.ignore_unknown_fields = false;
      std::string binary;
      const auto status = google::protobuf::util::JsonToBinaryString(
          resolver, "type.googleapis.com/" + v1::MatchRequest::descriptor()->full_name(),
          google::protobuf::StringPiece(bytes.data(), bytes.size()), &binary, json_options);
      if (!status.ok()) {
        throw InvalidArgumentError(std::string(source) + ": not a valid passerelle.v1.MatchRequest in JSON: " +
                                   std::string(status.message()));
      }
      if (binary.empty()) return FromProto(v1::MatchRequest(), options.execution);  // "{}": an empty request
      return WireRequestReader(binary, source, options, /*from_json=*/true).Read();
    }
    case FileFormat::kText: return TextRequestReader(bytes, source, options).Read();
  }
  return MatchRequest();
}

void ReadMessageFile(const std::string& path, google::protobuf::Message* message, const ReadOptions& options) {
  const FileFormat format = FormatFromPath(path);  // unknown extensions: refused before reading
  const std::string bytes = ReadAllBytes(path, options.max_bytes);
  ParseMessage(bytes, format, path, message, options.execution);
}

void WriteStreamAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path == "-") {
    std::cout.flush();
    WriteToFd(STDOUT_FILENO, "<stdout>", write);
    return;
  }
  const std::string target = WriteTarget(path);
  struct stat existing {};
  const bool exists = ::stat(target.c_str(), &existing) == 0;
  if (exists && (S_ISCHR(existing.st_mode) || S_ISFIFO(existing.st_mode))) {
    // A device or a pipe cannot be renamed over: written in place.
    const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw IoError(path + ": cannot write (" + SystemReason(errno) + ")");
    try {
      WriteToFd(fd, path, write);
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) throw IoError(path + ": cannot write (" + SystemReason(errno) + ")");
    return;
  }
  if (exists && !S_ISREG(existing.st_mode)) {
    throw IoError(path + ": cannot write: " + (S_ISDIR(existing.st_mode) ? "a folder" : "not a regular file") +
                  " is in the way");
  }
  // The temporary name does not grow with the target's: any legal name works.
  const std::filesystem::path folder = std::filesystem::path(target).parent_path();
  std::string tmp = (folder.empty() ? std::string(".") : folder.string()) + "/.passerelle-XXXXXX";
  const int fd = ::mkstemp(tmp.data());  // O_CREAT | O_EXCL, mode 0600
  if (fd < 0) throw IoError(path + ": cannot write (" + SystemReason(errno) + ")");
  bool open = true;
  try {
    WriteToFd(fd, path, write);
    if (exists && ::fchmod(fd, existing.st_mode & 07777) != 0) {
      throw IoError(path + ": cannot keep the permissions of the existing file (" + SystemReason(errno) + ")");
    }
    if (::fsync(fd) != 0 && errno != EINVAL) throw IoError(path + ": cannot write (" + SystemReason(errno) + ")");
    open = false;
    if (::close(fd) != 0) throw IoError(path + ": cannot write (" + SystemReason(errno) + ")");
  } catch (...) {
    if (open) ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(tmp.c_str());
    throw IoError(path + ": cannot rename the temporary file into place (" + SystemReason(error) + ")");
  }
}

void WriteFileAtomically(const std::string& path, std::string_view contents) {
  WriteStreamAtomically(path, [&](std::ostream& out) {
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  });
}

void WriteMessageFile(const std::string& path, const google::protobuf::Message& message) {
  const FileFormat format = FormatFromPath(path);
  if (format != FileFormat::kBinary) {
    const std::string text = SerializeMessage(message, format);
    WriteFileAtomically(path, text);
    return;
  }
  // Binary straight to the file: a national response is 214 MB, which a
  // string would grow to by doubling (copies and fresh pages each time).
  WriteStreamAtomically(path, [&](std::ostream& out) {
    google::protobuf::io::OstreamOutputStream stream(&out, 1 << 20);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
    coded.Trim();
    if (coded.HadError()) out.setstate(std::ios::badbit);  // reported by the writer, with errno
  });
}

MatchRequest ReadRequestFile(const std::string& path, const ReadOptions& options) {
  const FileFormat format = FormatFromPath(path);  // unknown extensions: refused before reading
  const std::string bytes = ReadAllBytes(path, options.max_bytes);
  try {
    return ParseRequest(bytes, format, path, options);
  } catch (const ValidationError& e) {
    std::vector<std::string> problems;
    problems.reserve(e.problems().size());
    for (const std::string& p : e.problems()) problems.push_back(path + ": " + p);
    throw ValidationError(std::move(problems), e.count());
  }
}

}  // namespace passerelle
