// Spreadsheet import: a counsellor's tables of candidates, openings and
// employers (CSV exported from Excel or LibreOffice, or rows read from an
// .xlsx by the Python package) turned into a `passerelle.v1.MatchRequest`.
//
// Problem: counsellors keep people and openings in spreadsheets, with French
// headers, communes instead of coordinates, job titles instead of ROME codes
// and constraints in plain words ("pas le soir", "b1", "Contres"). Writing a
// request by hand from such a sheet takes a hundred lines of lookups.
//
// How:
// - `ParseCsv` decodes the bytes (UTF-8 with or without BOM; UTF-16 with a
//   BOM; anything else that is not valid UTF-8 is read as Windows-1252;
//   conversions with iconv), picks the separator from the header line (`;`
//   as French Excel exports, `,` or tab) and splits RFC 4180 records (quoted
//   fields, `""` inside quotes, newlines inside quotes). Each row keeps the
//   line it starts on, so messages point at the line a spreadsheet program
//   shows. Hand-written rather than libcsv: libcsv reports no positions, and
//   the decoding and separator detection are ours anyway.
// - `ImportSpreadsheet` maps columns by header (French names with English
//   aliases; case and accents ignored; spaces, `_`, `-` and apostrophes
//   alike; a trailing "(...)" dropped), reads every cell with the rule of its
//   column (docs/import.md lists them), resolves communes from the built-in
//   communes (`Communes::Resolve`, writing the centroid with `precision`
//   town and keeping the place fields as given) and occupations from the
//   taxonomy (a ROME code, or a title: `FindByTitle`, else the occupation
//   `Search` ranks first alone; a tie is listed, nothing found gets the
//   three closest titles).
// - Every bad cell is reported, one line each, as
//   `people.csv:12: column niveau_francais: "B7" is not a CEFR level (A1…C2,
//   or none)`, in one `ValidationError` (first `kMaxKeptProblems`, then a
//   count). Nothing is returned on a problem.
//
// Cost: linear in the cells, plus one commune lookup per row (a hash probe)
// and one title lookup per distinct occupation text (about 1 ms). Unknown
// communes and titles get suggestions (a scan of all names, 2 ms, or of all
// titles, 15 to 65 ms) for the first 20 only, and past the problems kept
// titles are not searched: 100,000 candidates import in 1.6 s of CPU, and
// 100,000 bad titles are refused in about 2 s (bench/RESULTS.md).
#ifndef PASSERELLE_SPREADSHEET_H_
#define PASSERELLE_SPREADSHEET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle {

namespace v1 {
class MatchRequest;
}  // namespace v1

class Taxonomy;

// One sheet: rows of UTF-8 cells, the first row the header.
struct SpreadsheetTable {
  // Names the table in messages, usually the file as given: "people.csv".
  std::string source;
  std::vector<std::vector<std::string>> rows;
  // The line (CSV) or row number (xlsx) of each row, 1-based; empty means
  // row i is on line i + 1.
  std::vector<int64_t> lines;

  int64_t LineOf(size_t row) const { return row < lines.size() ? lines[row] : static_cast<int64_t>(row) + 1; }
};

// Parses CSV `bytes` (rules above). Blank lines are dropped. Throws
// `InvalidArgumentError` naming `source` and the line for a quoted field
// that never ends, and for bytes that are neither UTF-8 nor Windows-1252.
SpreadsheetTable ParseCsv(std::string_view bytes, std::string source);
// Reads and parses the CSV file at `path` (at most 256 MiB); messages name
// `path`. Throws `IoError` when it cannot be read.
SpreadsheetTable ReadCsvFile(const std::string& path);

struct SpreadsheetInput {
  // Required: the candidates' and the openings' tables.
  const SpreadsheetTable* candidates = nullptr;
  const SpreadsheetTable* openings = nullptr;
  // Optional (null): openings then name employers that are created with
  // their id as name.
  const SpreadsheetTable* employers = nullptr;
  // Occupations by code or title; null: `Taxonomy::BuiltIn()`.
  const Taxonomy* taxonomy = nullptr;
  // A département code ("41"): a commune named without its département
  // ("Saint-Aignan") is looked for there first, so that a sheet of one
  // département need not repeat it; elsewhere when not there. Empty: none.
  std::string default_departement;
};

// Fills `request`'s candidates, openings and employers from `input` (its
// policy is left as it is), then checks the whole request as `FromProto`
// reads it (a validator's problem about a row gets that row's
// `source:line: ` in front; the policy's, e.g. a pin naming an unknown
// candidate, come as they are). Returns warnings, one line each (unknown
// columns, former communes, cells read loosely); throws `ValidationError`
// listing every bad cell, with `request` then unspecified.
std::vector<std::string> ImportSpreadsheet(const SpreadsheetInput& input, v1::MatchRequest* request);

}  // namespace passerelle

#endif  // PASSERELLE_SPREADSHEET_H_
