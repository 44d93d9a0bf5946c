#include "schema/json_fields.hpp"
#include <jitbench/results_reader.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace jitbench {

namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void fail(const std::string& source, const std::string& message) {
  throw std::runtime_error(source + ": " + message);
}

// nlohmann's parse error as a compiler would say it: "LINE:COLUMN: what", counted in `text`
// from the byte it stopped at.
std::string parse_error_text(const nlohmann::json::parse_error& e, std::string_view text,
                             std::size_t first_line = 1) {
  const std::size_t at = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
  std::size_t line = first_line;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::string what = e.what();
  const std::size_t colon = what.find(": ", what.find("parse error"));
  what = colon == std::string::npos ? what : what.substr(colon + 2);
  return std::to_string(line) + ":" + std::to_string(at - line_start + 1) + ": " + what;
}

bool is_aggregate(const Json& entry) {
  const auto run_type = entry.find("run_type");
  return run_type != entry.end() && *run_type == "aggregate";
}

void add_entry(ResultsFile& file, const Json& json, const std::string& where) {
  if (is_aggregate(json)) return;
  try {
    file.entries.push_back(json.get<ResultEntry>());
  } catch (const std::runtime_error& e) {
    fail(file.source, where + ": " + e.what());
  }
  // What no run writes: an edited or damaged file, whose figures would compare as if measured.
  const ResultEntry& entry = file.entries.back();
  if (entry.status == ImplStatus::ok && !(entry.real_time_us > 0)) {
    fail(file.source, where + ": \"" + entry.name +
                          "\": \"real_time\": not a positive time in an entry of status ok");
  }
  if (entry.noise < 0) {
    fail(file.source, where + ": \"" + entry.name + "\": \"noise\": negative");
  }
}

void read_context(ResultsFile& file, const Json& context) {
  try {
    context.get_to(file.context);
  } catch (const std::runtime_error& e) {
    fail(file.source, std::string("context: ") + e.what());
  }
}

// The JSON lines an unfinished --out leaves: a {"context": ...} line, then one entry a line.
void read_json_lines(ResultsFile& file, std::string_view text) {
  file.complete = false;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const bool torn = end == std::string_view::npos;
    const std::string_view line = text.substr(start, torn ? text.size() - start : end - start);
    start = torn ? text.size() : end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Json value;
    try {
      value = Json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      if (torn && line_number > 1) break;  // the write a crash interrupted
      throw std::runtime_error(file.source + ":" + parse_error_text(e, line, line_number));
    }
    if (line_number == 1) {
      read_context(file, value.at("context"));
      continue;
    }
    add_entry(file, value, "line " + std::to_string(line_number));
  }
}

bool starts_json_lines(std::string_view text) {
  try {
    const Json first = Json::parse(text.substr(0, text.find('\n')));
    return first.is_object() && first.contains("context");
  } catch (const nlohmann::json::parse_error&) {
    return false;
  }
}

}  // namespace

ResultsFile read_results(std::string_view text, const std::string& source) {
  ResultsFile file;
  file.source = source;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    fail(source, "empty file, expected a jitbench results JSON document");
  }
  Json document;
  try {
    document = Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Not one document: the JSON lines of a run cut short, if its first line says so.
    if (!starts_json_lines(text)) {
      // A CSV table or other text, rather than a damaged JSON file.
      const char first = text[text.find_first_not_of(" \t\r\n")];
      if (first != '{' && first != '[') {
        fail(source,
             "not JSON, expected a jitbench results JSON document (--out FILE or "
             "--format json writes one)");
      }
      throw std::runtime_error(source + ":" + parse_error_text(e, text));
    }
    read_json_lines(file, text);
    return file;
  }
  if (!document.is_object()) fail(source, "not a results file: not a JSON object");
  const auto context = document.find("context");
  if (context != document.end()) read_context(file, *context);
  const auto benchmarks = document.find("benchmarks");
  if (benchmarks == document.end() && context != document.end()) {
    file.complete = false;  // the context line alone: a run that ended before its first case
    return file;
  }
  if (benchmarks == document.end() || !benchmarks->is_array()) {
    fail(source, "not a results file: no \"benchmarks\" array");
  }
  for (std::size_t i = 0; i < benchmarks->size(); ++i) {
    add_entry(file, (*benchmarks)[i], "benchmark " + std::to_string(i));
  }
  return file;
}

ResultsFile load_results(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw std::runtime_error(path + ": a folder, expected a jitbench results JSON file");
  }
  if (!std::filesystem::exists(path, ec)) throw std::runtime_error(path + ": no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw std::runtime_error(path + ": read error");
  return read_results(text.str(), path);
}

std::string benchmark_of(const ResultsFile& file) {
  if (!file.context.benchmark.empty() || file.entries.empty()) return file.context.benchmark;
  const std::string& first = file.entries.front().name;
  return first.substr(0, first.find('/'));
}

std::vector<std::string> results_files(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
    if (entry.is_regular_file(ec) && entry.path().extension() == ".json") {
      files.push_back(entry.path().string());
    }
  }
  if (ec) throw std::runtime_error(path + ": cannot list the folder: " + ec.message());
  if (files.empty()) throw std::runtime_error(path + ": no results files (*.json) in the folder");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace jitbench
