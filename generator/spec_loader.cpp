#include "spec_loader.hpp"

#include "jit_impl_loader.hpp"
#include "spec_reader.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <utility>

namespace jitbench::gen {

namespace {

const KeySet top_keys{"",
                      "a spec",
                      {{"benchmark", true},
                       {"doc", false},
                       {"include", false},
                       {"params", false},
                       {"types", false},
                       {"skip_if", false},
                       {"tensors", true},
                       {"memory", false},
                       {"flops", false},
                       {"impls", true},
                       {"reference", false},
                       {"tolerance", false},
                       {"metrics", false}}};
const KeySet param_keys{
    "params.<name>", "a param", {{"values", true}, {"ci", false}, {"compile_time", false}}};
const KeySet generator_keys{
    "params.<name>.values", "a value generator", {{"pow2", false}, {"range", false}}};
const KeySet type_keys{"types.<name>", "a type axis", {{"values", true}, {"ci", false}}};
const KeySet tensor_keys{
    "tensors.<name>",
    "a tensor",
    {{"shape", true}, {"dtype", true}, {"cold", false}, {"init", false}, {"range", false}}};
const KeySet memory_keys{"memory", "memory", {{"read", false}, {"write", false}}};
const KeySet traffic_keys{
    "memory.<read|write>[]", "a memory term", {{"tensor", false}, {"bytes", true}}};

const char* const metric_names[] = {"median", "mean", "min", "max", "stddev", "cv"};

// Names the generated code uses next to the spec's names.
const char* const reserved_names[] = {"Axes", "Case",      "ImplPtr",      "axes",      "cases",
                                      "ci",   "ci_axes",   "full_axes",    "jitbench",  "launch",
                                      "main", "make_case", "make_cases",   "make_desc", "max",
                                      "min",  "params",    "select_impls", "sm_count",  "spec",
                                      "std",  "stream"};

const char* const cpp_keywords[] = {"alignas",       "alignof",     "and",
                                    "and_eq",        "asm",         "auto",
                                    "bitand",        "bitor",       "bool",
                                    "break",         "case",        "catch",
                                    "char",          "char8_t",     "char16_t",
                                    "char32_t",      "class",       "compl",
                                    "concept",       "const",       "consteval",
                                    "constexpr",     "constinit",   "const_cast",
                                    "continue",      "co_await",    "co_return",
                                    "co_yield",      "decltype",    "default",
                                    "delete",        "do",          "double",
                                    "dynamic_cast",  "else",        "enum",
                                    "explicit",      "export",      "extern",
                                    "false",         "float",       "for",
                                    "friend",        "goto",        "if",
                                    "inline",        "int",         "long",
                                    "mutable",       "namespace",   "new",
                                    "noexcept",      "not",         "not_eq",
                                    "nullptr",       "operator",    "or",
                                    "or_eq",         "private",     "protected",
                                    "public",        "register",    "reinterpret_cast",
                                    "requires",      "return",      "short",
                                    "signed",        "sizeof",      "static",
                                    "static_assert", "static_cast", "struct",
                                    "switch",        "template",    "this",
                                    "thread_local",  "throw",       "true",
                                    "try",           "typedef",     "typeid",
                                    "typename",      "union",       "unsigned",
                                    "using",         "virtual",     "void",
                                    "volatile",      "wchar_t",     "while",
                                    "xor",           "xor_eq"};

template <class List, class Value>
bool contains(const List& list, const Value& value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

std::string truncated(std::string text) {
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  for (char& c : text) {
    if (!std::isprint(static_cast<unsigned char>(c))) c = '?';
  }
  return text;
}

std::string describe(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return "'" + truncated(node.Scalar()) + "'";
}

bool parse_int(const std::string& text, std::int64_t& out) {
  std::size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) i = 1;
  if (i == text.size()) return false;
  std::int64_t value = 0;
  for (; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    const int digit = text[i] - '0';
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_sub_overflow(value, digit, &value)) {  // accumulate negative: reaches min()
      return false;
    }
  }
  if (!negative) {
    if (value == std::numeric_limits<std::int64_t>::min()) return false;
    value = -value;
  }
  out = value;
  return true;
}

// A decimal number that is also a valid C++ floating literal: 2e-2, 0.5, .5, 1, -1.
bool is_number(const std::string& text) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  std::size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size() && std::isfinite(std::strtod(text.c_str(), nullptr));
}

bool is_identifier(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// The last tab in the leading whitespace of a line, on lines 1 to `last_line`.
std::optional<SourceLoc> tab_in_indentation(std::string_view text, int last_line) {
  std::optional<SourceLoc> found;
  int line = 1;
  bool indenting = true;
  int column = 1;
  for (std::size_t i = 0; i < text.size() && line <= last_line; ++i, ++column) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      column = 0;
      indenting = true;
    } else if (indenting && c == '\t') {
      found = SourceLoc{line, column};
    } else if (c != ' ') {
      indenting = false;
    }
  }
  return found;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string join_values(const std::vector<std::int64_t>& values) {
  std::string out;
  for (std::int64_t v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return out;
}

// Where each document of a YAML stream starts, parsed without building nodes. yaml-cpp's
// LoadAll() never returns on some junk (a stray ',' before any node): the parser stops
// advancing, which shows here as two documents that start at the same place.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;

  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

class Loader {
 public:
  Loader(std::string_view text, const std::string& file) : text_(text), diag_(file) {
    spec_.file = file;
  }

  LoadResult run() {
    LoadResult result;
    load();
    if (diag_.empty()) check_grid();
    if (diag_.empty()) check_jit_grid(spec_, diag_);
    if (diag_.empty()) {
      result.spec = std::move(spec_);
    } else {
      result.diagnostics = diag_.take();
      // In file order, as a compiler reports them.
      std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                       [](const Diagnostic& a, const Diagnostic& b) {
                         return std::make_pair(a.loc.line, a.loc.column) <
                                std::make_pair(b.loc.line, b.loc.column);
                       });
    }
    return result;
  }

 private:
  // ---- locations and messages ---------------------------------------------------------------

  static SourceLoc loc_of(const YAML::Node& node, SourceLoc fallback = {1, 1}) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null() || mark.line < 0) return fallback;
    return {mark.line + 1, mark.column + 1};
  }

  void error(SourceLoc loc, std::string message) { diag_.error(loc, std::move(message)); }
  void error(const YAML::Node& node, std::string message) {
    error(loc_of(node), std::move(message));
  }

  // ---- mappings ------------------------------------------------------------------------------

  // The entries of a mapping whose keys the spec chooses (param names, impl names...): keys
  // must be strings and appear once.
  std::vector<Entry> entries(const YAML::Node& map) {
    std::vector<Entry> out;
    std::map<std::string, SourceLoc> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        error(key, "expected a name as the key, got " + describe(key));
        continue;
      }
      const SourceLoc at = loc_of(key);
      const auto [previous, inserted] = seen.emplace(key.Scalar(), at);
      if (!inserted) {
        error(at, "duplicate key '" + truncated(key.Scalar()) + "' (first at line " +
                      std::to_string(previous->second.line) + ")");
        continue;
      }
      out.push_back({key, it->second, key.Scalar()});
    }
    return out;
  }

  // The value of each key of `keys` that `map` has; unknown and missing keys are reported.
  // `unusable`, when given, receives the keys that are missing or misspelt: whatever refers to
  // them would only repeat the error.
  std::map<std::string, Entry> fields(const YAML::Node& map, const KeySet& keys,
                                      std::set<std::string>* unusable = nullptr) {
    std::vector<std::string> names;
    for (const Key& key : keys.keys) names.push_back(key.name);
    std::map<std::string, Entry> out;
    std::vector<std::string> suggested;  // a misspelt required key is one error, not two
    for (Entry& entry : entries(map)) {
      if (!contains(names, entry.name)) {
        std::string hint = did_you_mean(entry.name, names);
        if (hint.empty()) {
          hint = "; " + std::string(keys.what) + " takes " + quoted_list(names);
        } else {
          suggested.push_back(
              hint.substr(hint.find('\'') + 1, hint.rfind('\'') - hint.find('\'') - 1));
        }
        error(entry.key, "unknown key '" + truncated(entry.name) + "'" + hint);
        continue;
      }
      out.emplace(entry.name, std::move(entry));
    }
    for (const Key& key : keys.keys) {
      if (out.count(key.name)) continue;
      if (unusable != nullptr && (key.required || contains(suggested, key.name))) {
        unusable->insert(key.name);
      }
      if (key.required && !contains(suggested, key.name)) {
        error(map, std::string(keys.what) + " needs the key '" + key.name + "'");
      }
    }
    return out;
  }

  bool expect_map(const YAML::Node& node, const std::string& what) {
    if (node.IsMap()) return true;
    error(node, what + " must be a mapping, got " + describe(node));
    return false;
  }
  bool expect_list(const YAML::Node& node, const std::string& what) {
    if (node.IsSequence()) return true;
    error(node, what + " must be a list, got " + describe(node));
    return false;
  }
  bool expect_scalar(const YAML::Node& node, const std::string& what) {
    if (node.IsScalar()) return true;
    error(node, what + " must be a string, got " + describe(node));
    return false;
  }

  std::optional<std::string> string_field(const std::map<std::string, Entry>& f, const char* key) {
    const auto it = f.find(key);
    if (it == f.end()) return std::nullopt;
    if (!expect_scalar(it->second.value, "'" + std::string(key) + "'")) return std::nullopt;
    return it->second.value.Scalar();
  }

  std::optional<bool> bool_field(const std::map<std::string, Entry>& f, const char* key) {
    const auto it = f.find(key);
    if (it == f.end()) return std::nullopt;
    const YAML::Node& value = it->second.value;
    if (value.IsScalar() && (value.Scalar() == "true" || value.Scalar() == "false")) {
      return value.Scalar() == "true";
    }
    error(value, "'" + std::string(key) + "' must be true or false, got " + describe(value));
    return std::nullopt;
  }

  // A name the generated C++ declares: an identifier that is no keyword and no name the
  // generated code uses itself.
  bool check_name(const Entry& entry, const std::string& what) {
    const std::string& name = entry.name;
    std::string problem;
    if (!is_identifier(name)) {
      problem = "is not a C++ identifier";
    } else if (contains(cpp_keywords, name)) {
      problem = "is a C++ keyword";
    } else if (name[0] == '_' || name.find("__") != std::string::npos) {
      problem = "is reserved to the compiler (leading '_' or '__')";
    } else if (contains(reserved_names, name)) {
      problem = "is reserved: the generated code uses it";
    }
    if (problem.empty()) return true;
    error(entry.key, what + " name '" + truncated(name) + "' " + problem);
    unresolved_.insert(name);
    return false;
  }

  // ---- expressions ---------------------------------------------------------------------------

  // Where the scalar's text starts, and whether offsets in it are columns (a plain scalar or a
  // quoted one without escapes, on one line).
  std::pair<SourceLoc, bool> text_start(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    SourceLoc loc = loc_of(node);
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) return {loc, false};
    std::size_t pos = static_cast<std::size_t>(mark.pos);
    const char first = text_[pos];
    if (first == '|' || first == '>') return {loc, false};
    if (first == '"' || first == '\'') {
      ++pos;
      ++loc.column;
    }
    const std::string& value = node.Scalar();
    const bool exact =
        text_.substr(pos, value.size()) == value && value.find('\n') == std::string::npos;
    return {loc, exact};
  }

  // Reports the names of `expr` that are not params; false if there are any. A param that
  // failed to load is not reported again.
  bool check_names(SpecExpr& e, const std::string& what,
                   const std::vector<std::string>& more_names = {}) {
    std::vector<std::string> params = spec_.param_names();
    params.insert(params.end(), more_names.begin(), more_names.end());
    bool ok = true;
    for (const ExprError& error_at : resolve_names(e.expr, params)) {
      ok = false;
      const auto name_end = std::find_if_not(
          e.expr.text.begin() + error_at.offset, e.expr.text.end(),
          [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
      const std::string name(e.expr.text.begin() + error_at.offset, name_end);
      const auto declared = declared_.find(name);
      if (declared != declared_.end() && declared->second.first == "param") continue;
      if (!find_type(name) && !find_tensor(name) && refers_to_unusable(name, "params")) continue;
      std::string message;
      if (find_type(name)) {
        message = "type axis '" + name + "' in " + what + "; expressions use integer params";
      } else if (find_tensor(name)) {
        message = "tensor '" + name + "' in " + what + "; expressions use integer params";
      } else {
        message = "unknown param '" + name + "' in " + what + did_you_mean(name, params);
      }
      error(e.at(error_at.offset), message);
    }
    return ok;
  }

  std::optional<SpecExpr> expression(const YAML::Node& node, const std::string& what,
                                     const std::vector<std::string>& more_names = {}) {
    if (!node.IsScalar()) {
      error(node, what + " must be an expression, got " + describe(node));
      return std::nullopt;
    }
    const auto [loc, exact] = text_start(node);
    SpecExpr out;
    out.loc = loc;
    out.exact = exact;
    ParsedExpr parsed = parse_expr(node.Scalar());
    if (!parsed.expr) {
      error(out.at(parsed.error.offset), what + ": " + parsed.error.message);
      return std::nullopt;
    }
    out.expr = std::move(*parsed.expr);
    if (!check_names(out, what, more_names)) return std::nullopt;
    return out;
  }

  // ---- the spec ------------------------------------------------------------------------------

  void load() {
    if (text_.size() > max_spec_bytes) {
      Diagnostic too_large = spec_too_large(spec_.file, text_.size());
      error(too_large.loc, too_large.message);
      return;
    }
    YAML::Node root;
    try {
      std::istringstream stream{std::string(text_)};
      YAML::Parser parser(stream);
      DocumentStarts documents;
      while (documents.starts.size() < 2 && parser.HandleNextDocument(documents)) {
      }
      const auto& starts = documents.starts;
      if (starts.size() == 2 && starts[0].pos == starts[1].pos) {
        const char c =
            text_[std::min<std::size_t>(static_cast<std::size_t>(starts[1].pos), text_.size() - 1)];
        error(SourceLoc{starts[1].line + 1, starts[1].column + 1},
              std::string("invalid YAML: unexpected '") + c + "'");
        return;
      }
      if (starts.size() == 2) {
        error(SourceLoc{starts[1].line + 1, starts[1].column + 1},
              "a spec is one YAML document; this file has more");
        return;
      }
      root = YAML::Load(std::string(text_));
    } catch (const YAML::Exception& e) {
      SourceLoc at{1, 1};
      if (!e.mark.is_null() && e.mark.line >= 0) at = {e.mark.line + 1, e.mark.column + 1};
      // yaml-cpp reports a tab in the indentation as whatever structure it broke ("illegal map
      // value", "end of map not found"): name the tab instead.
      if (const auto tab = tab_in_indentation(text_, at.line)) {
        error(*tab, "tab character in indentation; YAML indents with spaces only");
        return;
      }
      // yaml-cpp stops deep nesting with a misleading "bad file" message.
      const bool deep = dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr;
      error(at, "invalid YAML: " + (deep ? std::string("nested too deeply") : e.msg));
      return;
    }
    if (root.IsNull()) {
      error(SourceLoc{1, 1},
            "the spec is empty; it must be a mapping with the keys "
            "'benchmark', 'tensors' and 'impls' at least");
      return;
    }
    if (!root.IsMap()) {
      error(root, "a spec must be a mapping of keys such as 'benchmark' and 'impls', got " +
                      describe(root));
      return;
    }
    auto f = fields(root, top_keys, &unusable_sections_);
    if (auto name = string_field(f, "benchmark")) load_benchmark_name(f.at("benchmark"), *name);
    if (auto doc = string_field(f, "doc")) spec_.doc = *doc;
    if (f.count("include")) load_includes(f.at("include").value);
    if (f.count("params")) load_params(f.at("params").value);
    if (f.count("types")) load_types(f.at("types").value);
    if (f.count("tensors")) load_tensors(f.at("tensors").value);
    if (f.count("skip_if")) spec_.skip_if = expression(f.at("skip_if").value, "skip_if");
    if (f.count("memory")) load_memory(f.at("memory").value);
    if (f.count("flops")) spec_.flops = expression(f.at("flops").value, "flops");
    if (f.count("impls")) load_impls(f.at("impls").value);
    if (f.count("reference")) load_reference(f.at("reference").value);
    if (f.count("tolerance")) load_tolerance(f.at("tolerance").value);
    if (f.count("metrics")) load_metrics(f.at("metrics").value);
  }

  void load_benchmark_name(const Entry& entry, const std::string& name) {
    const bool ok = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) &&
                    std::all_of(name.begin(), name.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                    });
    if (!ok) {
      error(entry.value, "benchmark name '" + truncated(name) +
                             "' must start with a letter and hold only letters, digits, '_' "
                             "and '-'");
    }
    spec_.benchmark = name;
  }

  void load_includes(const YAML::Node& node) {
    if (!expect_list(node, "'include'")) return;
    for (const YAML::Node& item : node) {
      if (!expect_scalar(item, "an include")) continue;
      const std::string& path = item.Scalar();
      if (path.empty() || path.find_first_of("\"<>\n\r\\") != std::string::npos) {
        error(item, "include '" + truncated(path) +
                        "' must be a header path, without quotes, brackets or backslashes");
        continue;
      }
      spec_.includes.push_back({path, loc_of(item)});
    }
  }

  // values: [1, 2], {pow2: [a, b]} or {range: [start, stop, step]}
  std::vector<std::int64_t> int_list(const YAML::Node& node, const std::string& what) {
    std::vector<std::int64_t> out;
    for (const YAML::Node& item : node) {
      std::int64_t value = 0;
      if (!item.IsScalar() || !parse_int(item.Scalar(), value)) {
        error(item, what + " must hold integers, got " + describe(item));
        return {};
      }
      if (contains(out, value)) {
        error(item, "the value " + std::to_string(value) + " appears twice in " + what);
        return {};
      }
      if (out.size() == max_axis_values) {
        error(item, what + " has more than " + std::to_string(max_axis_values) + " values");
        return {};
      }
      out.push_back(value);
    }
    return out;
  }

  std::vector<std::int64_t> generated_values(const YAML::Node& node, const std::string& param) {
    const std::size_t errors_before = diag_.list().size();
    auto f = fields(node, generator_keys);
    if (f.size() != 1) {
      if (f.empty() && diag_.list().size() == errors_before) {
        error(node, "'values' of param '" + param + "' needs one of 'pow2' and 'range'");
      } else if (f.size() > 1) {
        error(node, "'values' of param '" + param + "' takes one of 'pow2' and 'range', not both");
      }
      return {};
    }
    const Entry& entry = f.begin()->second;
    const bool pow2 = entry.name == "pow2";
    const std::string form = pow2 ? "pow2: [a, b]" : "range: [start, stop, step]";
    const std::size_t arity = pow2 ? 2 : 3;
    if (!entry.value.IsSequence() || entry.value.size() != arity) {
      error(entry.value, "'" + entry.name + "' must be " + form.substr(form.find('[')) + ", got " +
                             describe(entry.value));
      return {};
    }
    std::vector<std::int64_t> bounds;
    for (const YAML::Node& item : entry.value) {
      std::int64_t value = 0;
      if (!item.IsScalar() || !parse_int(item.Scalar(), value)) {
        error(item, "'" + entry.name + "' must hold integers, got " + describe(item));
        return {};
      }
      bounds.push_back(value);
    }
    std::vector<std::int64_t> out;
    if (pow2) {
      if (bounds[0] < 0 || bounds[1] > 62 || bounds[0] > bounds[1]) {
        error(entry.value,
              "pow2: [a, b] needs 0 <= a <= b <= 62, got [" + join_values(bounds) + "]");
        return {};
      }
      for (std::int64_t e = bounds[0]; e <= bounds[1]; ++e) out.push_back(std::int64_t{1} << e);
      return out;
    }
    const std::int64_t start = bounds[0], stop = bounds[1], step = bounds[2];
    if (step <= 0 || start > stop) {
      error(entry.value, "range: [start, stop, step] needs start <= stop and step > 0, got [" +
                             join_values(bounds) + "]");
      return {};
    }
    // Count first, so that a huge range is an error and not a long loop.
    const std::uint64_t count =
        (static_cast<std::uint64_t>(stop) - static_cast<std::uint64_t>(start)) /
            static_cast<std::uint64_t>(step) +
        1;
    if (count > max_axis_values) {
      error(entry.value, "range gives " + std::to_string(count) +
                             " values; a param may have at most " +
                             std::to_string(max_axis_values));
      return {};
    }
    for (std::uint64_t i = 0; i < count; ++i) {
      out.push_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(start) +
                                              i * static_cast<std::uint64_t>(step)));
    }
    return out;
  }

  // The names declared so far (params, types, tensors) and where, to keep them distinct.
  bool check_distinct(const Entry& entry, const std::string& what) {
    const auto it = declared_.find(entry.name);
    if (it != declared_.end()) {
      error(entry.key, what + " '" + entry.name + "' has the name of the " + it->second.first +
                           " at line " + std::to_string(it->second.second.line));
      unresolved_.insert(entry.name);
      return false;
    }
    declared_.emplace(entry.name, std::make_pair(what, loc_of(entry.key)));
    return true;
  }

  void load_params(const YAML::Node& node) {
    if (!expect_map(node, "'params'")) {
      unusable_sections_.insert("params");
      return;
    }
    for (const Entry& entry : entries(node)) {
      if (!check_name(entry, "param") || !check_distinct(entry, "param")) continue;
      if (!expect_map(entry.value, "param '" + entry.name + "'")) continue;
      auto f = fields(entry.value, param_keys);
      Param param;
      param.name = entry.name;
      param.loc = loc_of(entry.key);
      if (!f.count("values")) continue;
      const YAML::Node& values = f.at("values").value;
      const std::string what = "'values' of param '" + param.name + "'";
      if (values.IsMap()) {
        param.values = generated_values(values, param.name);
      } else if (expect_list(values, what)) {
        param.values = int_list(values, what);
        if (param.values.empty() && values.size() == 0) error(values, what + " is empty");
      }
      if (param.values.empty()) continue;
      param.ci = {param.values.front()};
      if (f.count("ci")) {
        const YAML::Node& ci = f.at("ci").value;
        const std::string ci_what = "'ci' of param '" + param.name + "'";
        if (!expect_list(ci, ci_what)) continue;
        const std::vector<std::int64_t> subset = int_list(ci, ci_what);
        if (subset.empty()) {
          if (ci.size() == 0) error(ci, ci_what + " is empty");
          continue;
        }
        bool ok = true;
        std::size_t i = 0;
        for (const YAML::Node& item : ci) {
          if (!contains(param.values, subset[i++])) {
            error(item, "ci value " + item.Scalar() + " is not among the values of param '" +
                            param.name + "'");
            ok = false;
          }
        }
        if (!ok) continue;
        // In the order of `values`, so that the CI grid is a sub-sequence of the full one.
        param.ci.clear();
        for (std::int64_t v : param.values) {
          if (contains(subset, v)) param.ci.push_back(v);
        }
      }
      if (auto compile_time = bool_field(f, "compile_time")) param.compile_time = *compile_time;
      spec_.params.push_back(std::move(param));
    }
  }

  std::vector<std::string> dtype_list(const YAML::Node& node, const std::string& what) {
    std::vector<std::string> out;
    if (!expect_list(node, what)) return out;
    if (node.size() == 0) {
      error(node, what + " is empty");
      return out;
    }
    for (const YAML::Node& item : node) {
      if (!expect_scalar(item, "a dtype")) return {};
      const std::string& name = item.Scalar();
      if (!is_dtype(name)) {
        std::string hint = did_you_mean(name, dtype_names());
        if (hint.empty()) hint = "; dtypes are " + quoted_list(dtype_names());
        error(item, "unknown dtype '" + truncated(name) + "'" + hint);
        return {};
      }
      if (contains(out, name)) {
        error(item, "the dtype " + name + " appears twice in " + what);
        return {};
      }
      out.push_back(name);
    }
    return out;
  }

  void load_types(const YAML::Node& node) {
    if (!expect_map(node, "'types'")) {
      unusable_sections_.insert("types");
      return;
    }
    for (const Entry& entry : entries(node)) {
      if (!check_name(entry, "type axis") || !check_distinct(entry, "type axis")) continue;
      if (!expect_map(entry.value, "type axis '" + entry.name + "'")) continue;
      auto f = fields(entry.value, type_keys);
      TypeAxis axis;
      axis.name = entry.name;
      axis.loc = loc_of(entry.key);
      if (!f.count("values")) continue;
      axis.values = dtype_list(f.at("values").value, "'values' of type axis '" + axis.name + "'");
      if (axis.values.empty()) continue;
      axis.ci = {axis.values.front()};
      if (f.count("ci")) {
        const YAML::Node& ci = f.at("ci").value;
        const std::vector<std::string> subset =
            dtype_list(ci, "'ci' of type axis '" + axis.name + "'");
        if (subset.empty()) continue;
        bool ok = true;
        std::size_t i = 0;
        for (const YAML::Node& item : ci) {
          if (!contains(axis.values, subset[i++])) {
            error(item, "ci value " + item.Scalar() + " is not among the values of type axis '" +
                            axis.name + "'");
            ok = false;
          }
        }
        if (!ok) continue;
        axis.ci.clear();
        for (const std::string& v : axis.values) {
          if (contains(subset, v)) axis.ci.push_back(v);
        }
      }
      spec_.types.push_back(std::move(axis));
    }
  }

  const TypeAxis* find_type(const std::string& name) const {
    for (const TypeAxis& axis : spec_.types) {
      if (axis.name == name) return &axis;
    }
    return nullptr;
  }

  void load_tensors(const YAML::Node& node) {
    if (!expect_map(node, "'tensors'")) {
      unusable_sections_.insert("tensors");
      return;
    }
    const std::vector<Entry> list = entries(node);
    if (list.empty()) error(node, "'tensors' is empty; a benchmark needs at least one tensor");
    // Names first, so that expressions can say "'q' is a tensor".
    std::vector<const Entry*> valid;
    for (const Entry& entry : list) {
      if (!check_name(entry, "tensor") || !check_distinct(entry, "tensor")) continue;
      TensorDecl tensor;
      tensor.name = entry.name;
      tensor.loc = loc_of(entry.key);
      spec_.tensors.push_back(std::move(tensor));
      valid.push_back(&entry);
    }
    for (std::size_t i = 0; i < valid.size(); ++i) {
      load_tensor(*valid[i], spec_.tensors[i]);
    }
  }

  void load_tensor(const Entry& entry, TensorDecl& tensor) {
    if (!expect_map(entry.value, "tensor '" + entry.name + "'")) return;
    auto f = fields(entry.value, tensor_keys);
    const std::string of = " of tensor '" + tensor.name + "'";
    if (f.count("shape")) {
      const YAML::Node& shape = f.at("shape").value;
      if (expect_list(shape, "'shape'" + of)) {
        if (shape.size() == 0) error(shape, "'shape'" + of + " is empty");
        std::size_t dim = 0;
        for (const YAML::Node& item : shape) {
          auto e = expression(item, "dimension " + std::to_string(dim++) + of);
          if (e) tensor.shape.push_back(std::move(*e));
        }
      }
    }
    if (auto dtype = string_field(f, "dtype")) {
      tensor.dtype = *dtype;
      tensor.dtype_is_axis = find_type(*dtype) != nullptr;
      const auto declared = declared_.find(*dtype);
      const bool broken_axis = declared != declared_.end() && declared->second.first == "type axis";
      if (!tensor.dtype_is_axis && !is_dtype(*dtype) && !broken_axis &&
          !refers_to_unusable(*dtype, "types")) {
        std::vector<std::string> candidates = dtype_names();
        for (const TypeAxis& axis : spec_.types) candidates.push_back(axis.name);
        std::string hint = did_you_mean(*dtype, candidates);
        if (hint.empty()) hint = "; use a type axis or one of " + quoted_list(dtype_names());
        error(f.at("dtype").value, "unknown dtype '" + truncated(*dtype) + "'" + of + hint);
      }
    }
    if (auto cold = bool_field(f, "cold")) tensor.cold = *cold;
    if (auto init = string_field(f, "init")) load_init(f.at("init").value, *init, tensor);
    if (f.count("range")) {
      const YAML::Node& range = f.at("range").value;
      if (tensor.init != InitKind::random) {
        error(f.at("range").key, "'range'" + of + " applies to init: random only");
      } else if (!range.IsSequence() || range.size() != 2 || !range[0].IsScalar() ||
                 !range[1].IsScalar() || !is_number(range[0].Scalar()) ||
                 !is_number(range[1].Scalar())) {
        error(range,
              "'range'" + of + " must be [low, high] with two numbers, got " + describe(range));
      } else if (std::strtod(range[0].Scalar().c_str(), nullptr) >=
                 std::strtod(range[1].Scalar().c_str(), nullptr)) {
        error(range, "'range'" + of + " needs low < high, got [" + range[0].Scalar() + ", " +
                         range[1].Scalar() + "]");
      } else {
        tensor.low = range[0].Scalar();
        tensor.high = range[1].Scalar();
      }
    }
  }

  void load_init(const YAML::Node& node, const std::string& text, TensorDecl& tensor) {
    static const std::pair<const char*, InitKind> kinds[] = {{"random", InitKind::random},
                                                             {"zeros", InitKind::zeros},
                                                             {"ones", InitKind::ones},
                                                             {"arange", InitKind::arange}};
    for (const auto& [name, kind] : kinds) {
      if (text == name) {
        tensor.init = kind;
        return;
      }
    }
    const std::string of = " of tensor '" + tensor.name + "'";
    const std::string prefix = "randperm(";
    if (text.compare(0, prefix.size(), prefix) != 0 || text.back() != ')') {
      std::string hint = did_you_mean(text, {"random", "zeros", "ones", "arange"});
      if (hint.empty()) hint = "; it is random, zeros, ones, arange or randperm(N)";
      error(node, "unknown init '" + truncated(text) + "'" + of + hint);
      return;
    }
    tensor.init = InitKind::randperm;
    // Parse the argument as an expression of its own, at its place in the scalar.
    const auto [loc, exact] = text_start(node);
    SpecExpr range;
    range.loc = {loc.line, loc.column + static_cast<int>(prefix.size())};
    range.exact = exact;
    if (!exact) range.loc = loc;
    const std::string argument = text.substr(prefix.size(), text.size() - prefix.size() - 1);
    ParsedExpr parsed = parse_expr(argument);
    if (!parsed.expr) {
      error(range.at(parsed.error.offset), "randperm()" + of + ": " + parsed.error.message);
      return;
    }
    range.expr = std::move(*parsed.expr);
    bool ok = check_names(range, "randperm()" + of);
    if (!tensor.dtype.empty()) {
      std::vector<std::string> dtypes = {tensor.dtype};
      if (const TypeAxis* axis = find_type(tensor.dtype)) dtypes = axis->values;
      for (const std::string& dtype : dtypes) {
        if (is_dtype(dtype) && !is_integer_dtype(dtype)) {
          error(node, "randperm() makes indices; tensor '" + tensor.name + "' is " + dtype +
                          ", not an integer dtype");
          ok = false;
          break;
        }
      }
    }
    if (ok) tensor.randperm_range = std::move(range);
  }

  const TensorDecl* find_tensor(const std::string& name) const {
    for (const TensorDecl& tensor : spec_.tensors) {
      if (tensor.name == name) return &tensor;
    }
    return nullptr;
  }

  void check_tensor_name(const YAML::Node& node, const std::string& name, const std::string& where,
                         bool& ok) {
    if (find_tensor(name)) return;
    if (refers_to_unusable(name, "tensors")) {
      ok = false;
      return;
    }
    std::vector<std::string> names;
    for (const TensorDecl& tensor : spec_.tensors) names.push_back(tensor.name);
    error(node, "unknown tensor '" + truncated(name) + "' in " + where + did_you_mean(name, names));
    ok = false;
  }

  std::vector<TrafficTerm> traffic(const YAML::Node& node, const std::string& where) {
    std::vector<TrafficTerm> out;
    if (!expect_list(node, where)) return out;
    std::vector<std::string> named;  // tensors named so far, whole or in part, to catch repeats
    const auto check_repeat = [&](const YAML::Node& at, const std::string& tensor, bool& ok) {
      if (!ok) return;
      if (contains(named, tensor)) {
        error(at, "tensor '" + tensor + "' is listed twice in " + where +
                      ", so its bytes would be counted twice; give it once, whole or with bytes");
        ok = false;
      }
      named.push_back(tensor);
    };
    for (const YAML::Node& item : node) {
      TrafficTerm term;
      term.loc = loc_of(item);
      bool ok = true;
      if (item.IsScalar()) {
        term.tensor = item.Scalar();
        check_tensor_name(item, term.tensor, where, ok);
        check_repeat(item, term.tensor, ok);
      } else if (item.IsMap()) {
        auto f = fields(item, traffic_keys);
        if (f.count("tensor")) {
          const YAML::Node& tensor = f.at("tensor").value;
          if (expect_scalar(tensor, "'tensor'")) {
            term.tensor = tensor.Scalar();
            check_tensor_name(tensor, term.tensor, where, ok);
            check_repeat(tensor, term.tensor, ok);
          } else {
            ok = false;
          }
        }
        if (f.count("bytes")) {
          term.bytes = expression(f.at("bytes").value, "bytes");
          ok = ok && term.bytes.has_value();
        } else {
          ok = false;
        }
      } else {
        error(item, "an item of " + where +
                        " must be a tensor name or {tensor: name, bytes: expr} or {bytes: expr}, "
                        "got " +
                        describe(item));
        ok = false;
      }
      if (ok) out.push_back(std::move(term));
    }
    return out;
  }

  void load_memory(const YAML::Node& node) {
    if (!expect_map(node, "'memory'")) return;
    auto f = fields(node, memory_keys);
    if (f.count("read")) spec_.reads = traffic(f.at("read").value, "memory.read");
    if (f.count("write")) spec_.writes = traffic(f.at("write").value, "memory.write");
  }

  void load_impls(const YAML::Node& node) {
    if (!expect_map(node, "'impls'")) {
      unusable_sections_.insert("impls");
      return;
    }
    const std::vector<Entry> list = entries(node);
    if (list.empty()) error(node, "'impls' is empty; a benchmark needs at least one impl");
    for (const Entry& entry : list) {
      if (!check_name(entry, "impl")) continue;
      Impl impl;
      impl.name = entry.name;
      impl.loc = loc_of(entry.key);
      if (entry.value.IsMap()) {  // a JIT impl
        impl.jit = load_jit_impl(reader_, entry);
        if (impl.jit) spec_.impls.push_back(std::move(impl));
        continue;
      }
      if (!expect_scalar(entry.value,
                         "impl '" + entry.name + "' (a call, or a JIT impl's mapping)")) {
        continue;
      }
      impl.call = entry.value.Scalar();
      if (impl.call.find_first_not_of(" \t\r\n") == std::string::npos) {
        error(entry.value, "impl '" + entry.name + "' has an empty call");
        continue;
      }
      const YAML::Mark mark = entry.value.Mark();
      impl.call_line = loc_of(entry.value, impl.loc).line;
      // A block scalar (| or >) starts on the line after its indicator.
      if (mark.pos >= 0 && static_cast<std::size_t>(mark.pos) < text_.size() &&
          (text_[mark.pos] == '|' || text_[mark.pos] == '>')) {
        ++impl.call_line;
      }
      spec_.impls.push_back(std::move(impl));
    }
  }

  std::vector<std::string> impl_names() const {
    std::vector<std::string> names;
    for (const Impl& impl : spec_.impls) names.push_back(impl.name);
    return names;
  }

  void load_reference(const YAML::Node& node) {
    if (!expect_scalar(node, "'reference'")) return;
    const std::string& name = node.Scalar();
    const std::vector<std::string> names = impl_names();
    if (!contains(names, name)) {
      if (refers_to_unusable(name, "impls")) return;
      error(node, "reference '" + truncated(name) + "' is not an impl" + did_you_mean(name, names));
      return;
    }
    spec_.reference = name;
  }

  void load_tolerance(const YAML::Node& node) {
    if (!expect_map(node, "'tolerance'")) return;
    for (const Entry& entry : entries(node)) {
      if (!is_dtype(entry.name)) {
        std::string hint = did_you_mean(entry.name, dtype_names());
        if (hint.empty()) hint = "; dtypes are " + quoted_list(dtype_names());
        error(entry.key, "unknown dtype '" + truncated(entry.name) + "' in tolerance" + hint);
        continue;
      }
      const YAML::Node& value = entry.value;
      if (!value.IsScalar() || !is_number(value.Scalar()) ||
          std::strtod(value.Scalar().c_str(), nullptr) < 0) {
        error(value,
              "tolerance for " + entry.name + " must be a number >= 0, got " + describe(value));
        continue;
      }
      spec_.tolerance.push_back({entry.name, value.Scalar()});
    }
  }

  static bool is_metric(const std::string& name) {
    if (contains(metric_names, name)) return true;
    std::int64_t q = 0;
    return name.size() >= 2 && name.size() <= 4 && name[0] == 'p' &&
           std::isdigit(static_cast<unsigned char>(name[1])) && parse_int(name.substr(1), q) &&
           q <= 100 && std::to_string(q) == name.substr(1);
  }

  void load_metrics(const YAML::Node& node) {
    if (!expect_list(node, "'metrics'")) return;
    if (node.size() == 0) error(node, "'metrics' is empty");
    for (const YAML::Node& item : node) {
      if (!expect_scalar(item, "a metric")) continue;
      const std::string& name = item.Scalar();
      if (!is_metric(name)) {
        std::vector<std::string> names(std::begin(metric_names), std::end(metric_names));
        std::string hint = did_you_mean(name, names);
        if (hint.empty()) hint = "; metrics are " + join_names(names) + " and pNN (p0 to p100)";
        error(item, "unknown metric '" + truncated(name) + "'" + hint);
        continue;
      }
      if (contains(spec_.metrics, name)) {
        error(item, "the metric " + name + " appears twice");
        continue;
      }
      spec_.metrics.push_back(name);
    }
  }

  // ---- the grid ------------------------------------------------------------------------------

  // Every expression at every point of the params' grid (types do not change integers): a
  // division by zero, an overflow or a negative size is reported once for each expression, at
  // its first point.
  void check_grid() {
    std::int64_t points = 1;
    std::int64_t cases = 1;
    for (const Param& param : spec_.params) {
      points *= static_cast<std::int64_t>(param.values.size());
      cases *= static_cast<std::int64_t>(param.values.size());
      if (cases > max_grid_cases) break;
    }
    for (const TypeAxis& axis : spec_.types) {
      if (cases > max_grid_cases) break;
      cases *= static_cast<std::int64_t>(axis.values.size());
    }
    if (cases > max_grid_cases) {
      error(spec_.params.empty() ? spec_.types.front().loc : spec_.params.front().loc,
            "the grid has more than " + std::to_string(max_grid_cases) + " cases");
      return;
    }
    struct Check {
      const SpecExpr* expr;
      std::string what;
      bool size;  // must not be negative
      bool failed = false;
    };
    std::vector<Check> checks;
    for (const TensorDecl& tensor : spec_.tensors) {
      for (std::size_t d = 0; d < tensor.shape.size(); ++d) {
        checks.push_back({&tensor.shape[d],
                          "dimension " + std::to_string(d) + " of tensor '" + tensor.name + "'",
                          true});
      }
      if (tensor.randperm_range) {
        checks.push_back(
            {&*tensor.randperm_range, "randperm() of tensor '" + tensor.name + "'", true});
      }
    }
    for (const auto* terms : {&spec_.reads, &spec_.writes}) {
      for (const TrafficTerm& term : *terms) {
        if (term.bytes) checks.push_back({&*term.bytes, "bytes", true});
      }
    }
    if (spec_.flops) checks.push_back({&*spec_.flops, "flops", true});
    std::int64_t nodes =
        spec_.skip_if ? static_cast<std::int64_t>(spec_.skip_if->expr.nodes.size()) : 0;
    for (const Check& check : checks)
      nodes += static_cast<std::int64_t>(check.expr->expr.nodes.size());
    if (nodes * points > max_grid_evaluations) {
      error(SourceLoc{1, 1}, "checking the spec's expressions at every point of the grid takes " +
                                 std::to_string(nodes * points) + " steps; the limit is " +
                                 std::to_string(max_grid_evaluations));
      return;
    }

    std::vector<bool> numel_failed(spec_.tensors.size(), false);
    std::vector<bool> bytes_failed(spec_.reads.size() + spec_.writes.size(), false);
    bool skip_failed = false;
    std::int64_t full_run = 0;
    std::int64_t ci_run = 0;
    std::vector<std::size_t> index(spec_.params.size(), 0);
    std::vector<std::int64_t> values(spec_.params.size());
    for (std::int64_t point = 0; point < points; ++point) {
      bool ci = true;
      for (std::size_t p = 0; p < spec_.params.size(); ++p) {
        values[p] = spec_.params[p].values[index[p]];
        ci = ci && contains(spec_.params[p].ci, values[p]);
      }
      bool skipped = false;
      if (spec_.skip_if) {
        const EvalResult r = evaluate(spec_.skip_if->expr, values);
        if (r.error && !skip_failed) {
          error(spec_.skip_if->at(r.error->offset),
                r.error->message + " in skip_if at " + point_text(values));
          skip_failed = true;
        }
        skipped = r.error || r.value != 0;
      }
      if (!skipped) {
        ++full_run;
        if (ci) ++ci_run;
        for (Check& check : checks) {
          if (check.failed) continue;
          const EvalResult r = evaluate(check.expr->expr, values);
          if (r.error) {
            error(check.expr->at(r.error->offset),
                  r.error->message + " in " + check.what + " at " + point_text(values));
            check.failed = true;
          } else if (check.size && r.value < 0) {
            error(check.expr->loc, check.what + " is " + std::to_string(r.value) + " at " +
                                       point_text(values) + "; it must not be negative");
            check.failed = true;
          }
        }
        check_randperm(values, numel_failed);
        check_partial_bytes(values, bytes_failed);
      }
      for (std::size_t p = spec_.params.size(); p-- > 0;) {
        if (++index[p] < spec_.params[p].values.size()) break;
        index[p] = 0;
      }
    }
    if (!diag_.empty() || !spec_.skip_if) return;
    if (full_run == 0) {
      error(spec_.skip_if->loc, "skip_if skips every case of the grid");
    } else if (ci_run == 0) {
      error(spec_.skip_if->loc, "skip_if skips every case of the CI grid");
    }
  }

  // randperm(N) draws numel distinct values from [0, N): N must be at least numel.
  void check_randperm(const std::vector<std::int64_t>& values, std::vector<bool>& failed) {
    for (std::size_t t = 0; t < spec_.tensors.size(); ++t) {
      const TensorDecl& tensor = spec_.tensors[t];
      if (failed[t]) continue;
      std::int64_t numel = 1;
      bool overflow = false;
      for (const SpecExpr& dim : tensor.shape) {
        const EvalResult r = evaluate(dim.expr, values);
        if (r.error || r.value < 0) return;  // reported by check_grid
        overflow = overflow || __builtin_mul_overflow(numel, r.value, &numel);
      }
      std::int64_t bytes = 0;  // at the widest dtype, 8 bytes
      if (overflow || __builtin_mul_overflow(numel, 8, &bytes)) {
        error(tensor.loc,
              "tensor '" + tensor.name + "' has more than 2^63 bytes at " + point_text(values));
        failed[t] = true;
        continue;
      }
      if (!tensor.randperm_range) continue;
      const EvalResult r = evaluate(tensor.randperm_range->expr, values);
      if (!r.error && r.value < numel) {
        error(tensor.randperm_range->loc,
              "randperm(" + tensor.randperm_range->expr.text + ") of tensor '" + tensor.name +
                  "' draws " + std::to_string(numel) + " distinct values from [0, " +
                  std::to_string(r.value) + ") at " + point_text(values));
        failed[t] = true;
      }
    }
  }

  // A term's `bytes` is part of its tensor: no more than the tensor holds, at every point and
  // for every dtype a type axis gives it.
  void check_partial_bytes(const std::vector<std::int64_t>& values, std::vector<bool>& failed) {
    std::size_t n = 0;
    for (const auto* terms : {&spec_.reads, &spec_.writes}) {
      for (const TrafficTerm& term : *terms) {
        const std::size_t index = n++;
        if (failed[index] || !term.bytes || term.tensor.empty()) continue;
        const auto tensor =
            std::find_if(spec_.tensors.begin(), spec_.tensors.end(),
                         [&](const TensorDecl& t) { return t.name == term.tensor; });
        if (tensor == spec_.tensors.end()) continue;
        const EvalResult bytes = evaluate(term.bytes->expr, values);
        std::int64_t numel = 1;
        bool known = !bytes.error;
        for (const SpecExpr& dim : tensor->shape) {
          const EvalResult r = evaluate(dim.expr, values);
          known =
              known && !r.error && r.value >= 0 && !__builtin_mul_overflow(numel, r.value, &numel);
        }
        if (!known) continue;  // reported by check_grid
        for (const std::string& dtype : dtypes_of(*tensor)) {
          std::int64_t size = 0;
          if (__builtin_mul_overflow(numel, dtype_bytes(dtype), &size) || bytes.value <= size) {
            continue;
          }
          error(term.bytes->loc,
                "bytes of tensor '" + term.tensor + "' is " + std::to_string(bytes.value) + " at " +
                    point_text(values) +
                    (tensor->dtype_is_axis ? ", " + tensor->dtype + "=" + dtype : std::string()) +
                    ", more than the " + std::to_string(size) + " bytes the tensor holds");
          failed[index] = true;
          break;
        }
      }
    }
  }

  // The dtypes a tensor takes over the grid: its own, or every value of its type axis.
  std::vector<std::string> dtypes_of(const TensorDecl& tensor) const {
    if (!tensor.dtype_is_axis) return {tensor.dtype};
    for (const TypeAxis& axis : spec_.types) {
      if (axis.name == tensor.dtype) return axis.values;
    }
    return {};
  }

  std::string point_text(const std::vector<std::int64_t>& values) const {
    if (spec_.params.empty()) return "the only point of the grid";
    std::string out;
    for (std::size_t p = 0; p < values.size(); ++p) {
      out += (p ? ", " : "") + spec_.params[p].name + "=" + std::to_string(values[p]);
    }
    return out;
  }

  // True when `name` may be one that an error already reported: its declaration failed, or the
  // whole `section` that would declare it is missing, misspelt or not a mapping. Reporting it
  // again would bury the root cause under follow-on errors.
  bool refers_to_unusable(const std::string& name, const char* section) const {
    return unresolved_.count(name) > 0 || unusable_sections_.count(section) > 0;
  }

  // The loader as the loaders of sections in other files see it.
  class Reader final : public SpecReader {
   public:
    explicit Reader(Loader& loader) : l_(loader) {}
    void error(const YAML::Node& node, std::string message) override {
      l_.error(node, std::move(message));
    }
    void error(SourceLoc loc, std::string message) override { l_.error(loc, std::move(message)); }
    std::size_t error_count() const override { return l_.diag_.list().size(); }
    SourceLoc loc_of(const YAML::Node& node) const override { return Loader::loc_of(node); }
    std::string describe(const YAML::Node& node) const override { return gen::describe(node); }
    std::vector<Entry> entries(const YAML::Node& map) override { return l_.entries(map); }
    std::map<std::string, Entry> fields(const YAML::Node& map, const KeySet& keys) override {
      return l_.fields(map, keys);
    }
    bool expect_map(const YAML::Node& node, const std::string& what) override {
      return l_.expect_map(node, what);
    }
    bool expect_list(const YAML::Node& node, const std::string& what) override {
      return l_.expect_list(node, what);
    }
    bool expect_scalar(const YAML::Node& node, const std::string& what) override {
      return l_.expect_scalar(node, what);
    }
    std::optional<bool> bool_field(const std::map<std::string, Entry>& f,
                                   const char* key) override {
      return l_.bool_field(f, key);
    }
    bool check_name(const Entry& entry, const std::string& what) override {
      return l_.check_name(entry, what);
    }
    bool is_number(const std::string& text) const override { return gen::is_number(text); }
    std::optional<SpecExpr> expression(const YAML::Node& node, const std::string& what,
                                       const std::vector<std::string>& more_names) override {
      return l_.expression(node, what, more_names);
    }
    std::pair<SourceLoc, bool> text_start(const YAML::Node& node) const override {
      return l_.text_start(node);
    }
    const Spec& spec() const override { return l_.spec_; }
    bool refers_to_unusable(const std::string& name, const char* section) const override {
      return l_.refers_to_unusable(name, section);
    }

   private:
    Loader& l_;
  };

  std::string_view text_;
  Diagnostics diag_;
  Spec spec_;
  Reader reader_{*this};
  std::map<std::string, std::pair<std::string, SourceLoc>> declared_;
  std::set<std::string> unresolved_;         // declared names whose declaration was an error
  std::set<std::string> unusable_sections_;  // top-level keys missing, misspelt or malformed
};

}  // namespace

LoadResult load_spec(std::string_view text, const std::string& file_name) {
  try {
    return Loader(text, file_name).run();
  } catch (const std::exception& e) {
    // yaml-cpp may throw from node access on input the checks above did not foresee: report it
    // as an error of the spec rather than crash.
    LoadResult result;
    result.diagnostics.push_back(
        {file_name, SourceLoc{}, std::string("cannot read the spec: ") + e.what()});
    return result;
  }
}

Diagnostic spec_too_large(const std::string& file_name, std::uintmax_t bytes) {
  return {file_name, SourceLoc{},
          "the file is " + std::to_string(bytes) + " bytes; a spec may be at most " +
              std::to_string(max_spec_bytes)};
}

std::vector<std::string> accepted_keys() {
  std::vector<std::string> out;
  std::vector<const KeySet*> sets = {&top_keys,    &param_keys,  &generator_keys, &type_keys,
                                     &tensor_keys, &memory_keys, &traffic_keys};
  for (const KeySet* set : jit_impl_key_sets()) sets.push_back(set);
  for (const KeySet* set : sets) {
    for (const Key& key : set->keys) {
      out.push_back(std::string(set->path) + (*set->path ? "." : "") + key.name);
    }
  }
  return out;
}

}  // namespace jitbench::gen
