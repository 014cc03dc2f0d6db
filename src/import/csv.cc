// CSV reading for the spreadsheet importer: decoding (UTF-8, BOM,
// Windows-1252 through iconv), separator detection and RFC 4180 records with
// the line each starts on.
#include <iconv.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/spreadsheet.h"

namespace passerelle {
namespace {

constexpr int64_t kMaxCsvBytes = int64_t{256} << 20;

// Length of the valid UTF-8 prefix of `s` (== s.size() when all valid).
size_t ValidUtf8Prefix(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return i;
}

int64_t LineAt(std::string_view s, size_t offset) {
  int64_t line = 1;
  for (size_t i = 0; i < offset && i < s.size(); ++i) {
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n'))) ++line;
  }
  return line;
}

// `bytes` in `encoding` (an iconv name) to UTF-8.
std::string ToUtf8(std::string_view bytes, const char* encoding, const std::string& source) {
  iconv_t cd = iconv_open("UTF-8", encoding);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw InvalidArgumentError(source + ": this system cannot convert " + encoding + " (iconv)");
  }
  std::unique_ptr<void, int (*)(iconv_t)> closer(cd, iconv_close);
  std::string out(bytes.size() * 3 + 4, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<size_t>(-1)) {
    const size_t at = bytes.size() - in_left;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[at]));
    if (std::string_view(encoding) != "WINDOWS-1252") {
      throw InvalidArgumentError(source + ": not valid " + encoding + " at byte " + std::to_string(at) +
                                 "; save the file as \"CSV UTF-8\"");
    }
    throw InvalidArgumentError(source + ":" + std::to_string(LineAt(bytes, at)) + ": byte " + hex +
                               " is neither UTF-8 nor Windows-1252; save the file as "
                               "\"CSV UTF-8\"");
  }
  out.resize(out.size() - out_left);
  return out;
}

char DetectSeparator(std::string_view text) {
  size_t semicolons = 0, commas = 0, tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') {
      if (semicolons + commas + tabs > 0) break;
      continue;  // blank lines before the header
    }
    if (c == ';') ++semicolons;
    if (c == ',') ++commas;
    if (c == '\t') ++tabs;
  }
  if (tabs > semicolons && tabs > commas) return '\t';
  return commas > semicolons ? ',' : ';';
}

}  // namespace

SpreadsheetTable ParseCsv(std::string_view bytes, std::string source) {
  SpreadsheetTable table;
  table.source = std::move(source);
  std::string decoded;
  std::string_view text = bytes;
  // Not CSV at all: a workbook (.xlsx and .ods are zip files, .xls an OLE2
  // compound file) saved under a .csv name or given as is.
  if (text.starts_with("PK\x03\x04") || text.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    throw InvalidArgumentError(table.source +
                               ": a spreadsheet workbook, not a CSV file: save it as \"CSV UTF-8\" (or read .xlsx "
                               "with passerelle.read_spreadsheet in Python)");
  }
  // Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated.
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    decoded = ToUtf8(text.substr(2), text[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", table.source);
    text = decoded;
  }
  const bool bom = text.starts_with("\xEF\xBB\xBF");
  if (bom) text.remove_prefix(3);
  const size_t valid = ValidUtf8Prefix(text);
  if (valid != text.size()) {
    if (bom) {
      throw InvalidArgumentError(table.source + ":" + std::to_string(LineAt(text, valid)) +
                                 ": invalid UTF-8 in a file that starts with a UTF-8 byte order mark");
    }
    decoded = ToUtf8(text, "WINDOWS-1252", table.source);
    text = decoded;
  }
  const char sep = DetectSeparator(text);
  std::vector<std::string> row;
  std::string cell;
  int64_t line = 1, row_line = 1;
  size_t i = 0;
  const size_t n = text.size();
  bool row_started = false;
  auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    bool blank = true;
    for (const std::string& c : row) {
      if (c.find_first_not_of(" \t") != std::string::npos) blank = false;
    }
    if (!blank) {
      table.rows.push_back(std::move(row));
      table.lines.push_back(row_line);
    }
    row.clear();
    row_started = false;
  };
  auto newline_at = [&](size_t k) -> size_t {  // length of the line break at k, or 0
    if (text[k] == '\n') return 1;
    if (text[k] == '\r') return k + 1 < n && text[k + 1] == '\n' ? 2 : 1;
    return 0;
  };
  while (i < n) {
    if (!row_started) {
      row_line = line;
      row_started = true;
    }
    const char c = text[i];
    if (c == '"' && cell.empty()) {
      // Quoted field: up to the closing quote; "" is a quote.
      const int64_t opened = line;
      ++i;
      while (true) {
        if (i >= n) {
          throw InvalidArgumentError(table.source + ":" + std::to_string(opened) +
                                     ": a quoted field (\"...) never ends");
        }
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (const size_t br = newline_at(i)) {
          cell += '\n';
          i += br;
          ++line;
          continue;
        }
        cell += text[i++];
      }
      continue;  // what follows the closing quote up to the separator is kept
    }
    if (c == sep) {
      row.push_back(std::move(cell));
      cell.clear();
      ++i;
      continue;
    }
    if (const size_t br = newline_at(i)) {
      end_row();
      i += br;
      ++line;
      continue;
    }
    cell += c;
    ++i;
  }
  if (row_started) end_row();
  return table;
}

SpreadsheetTable ReadCsvFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(path + ": cannot read (a folder, not a file)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open (" + std::string(std::strerror(errno)) + ")");
  std::ostringstream buffer;
  char chunk[1 << 16];
  int64_t total = 0;
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    total += in.gcount();
    if (total > kMaxCsvBytes) throw LimitExceededError(path + ": larger than 256 MiB; split the spreadsheet");
    buffer.write(chunk, in.gcount());
  }
  if (in.bad()) throw IoError(path + ": cannot read");
  return ParseCsv(buffer.str(), path);
}

}  // namespace passerelle
