#include "spec_loader.hpp"

#include "grid_check.hpp"
#include "jit_impl_loader.hpp"
#include "spec_sections.hpp"
#include "yaml_layout.hpp"
#include "yaml_quoting.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <sstream>

namespace jitbench::gen {

namespace {

// Names the generated code uses next to the spec's names.
const char* const reserved_names[] = {
    "Axes",      "Case",         "ImplPtr",   "NamedCase", "axes",     "call",       "case_name",
    "cases",     "ci",           "ci_axes",   "full_axes", "jitbench", "launch",     "main",
    "make_case", "make_cases",   "make_desc", "max",       "min",      "named_case", "named_cases",
    "params",    "select_impls", "sm_count",  "spec",      "std",      "stream"};

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

// The name of the alias that starts at (line, column) of text: "call" for "*call".
std::string alias_at(std::string_view text, SourceLoc at) {
  std::size_t i = 0;
  for (int line = 1; line < at.line && i != std::string_view::npos; ++line) {
    i = text.find('\n', i);
    if (i != std::string_view::npos) ++i;
  }
  if (i == std::string_view::npos) return {};
  i += static_cast<std::size_t>(at.column - 1);
  if (i >= text.size() || text[i] != '*') return {};
  const std::size_t end = text.find_first_of(" \t\r\n,[]{}", i + 1);
  return std::string(text.substr(i + 1, end == std::string_view::npos ? end : end - i - 1));
}

// yaml-cpp's message for an error at `at`, the same whatever its version: 0.8 appends the
// alias's name to "the referenced anchor is not defined" and 0.7 does not.
std::string yaml_message(const YAML::Exception& e, std::string_view text, SourceLoc at) {
  if (e.msg.rfind("the referenced anchor is not defined", 0) == 0) {
    const std::string name = alias_at(text, at);
    if (!name.empty()) {
      return "the alias '*" + name + "' names no anchor ('&" + name + "') defined before it";
    }
  }
  return e.msg;
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

}  // namespace

Loader::Loader(std::string_view text, const std::string& file) : YamlSchema(file), text_(text) {
  spec_.file = file;
}

LoadResult Loader::run() {
  LoadResult result;
  load();
  if (diag_.empty()) check_grid(spec_, diag_);
  result.warnings = diag_.take_warnings();
  if (diag_.empty()) {
    result.spec = std::move(spec_);
  } else {
    result.diagnostics = diag_.take();
    // Errors inside a value that YAML misread are about what YAML made of it: the misreading's
    // error, reported first, says what to do.
    const auto inside = [](SourceLoc loc, const Misreading& m) {
      return std::make_pair(m.from.line, m.from.column) <= std::make_pair(loc.line, loc.column) &&
             std::make_pair(loc.line, loc.column) < std::make_pair(m.to.line, m.to.column);
    };
    result.diagnostics.erase(
        std::remove_if(result.diagnostics.begin() + static_cast<std::ptrdiff_t>(misread_.size()),
                       result.diagnostics.end(),
                       [&](const Diagnostic& d) {
                         return std::any_of(misread_.begin(), misread_.end(),
                                            [&](const auto& m) { return inside(d.loc, m); });
                       }),
        result.diagnostics.end());
    // In file order, as a compiler reports them.
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       return std::make_pair(a.loc.line, a.loc.column) <
                              std::make_pair(b.loc.line, b.loc.column);
                     });
  }
  return result;
}

void Loader::load() {
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
    std::string hint = quoting_hint(text_, at.line);
    if (hint.empty()) hint = layout_hint(text_, at, e.msg);
    error(at, "invalid YAML: " +
                  (deep ? std::string("nested too deeply") : yaml_message(e, text_, at) + hint));
    return;
  }
  for (Misreading& misread : misreadings(root, text_)) {
    error(misread.from, misread.message);
    misread_.push_back(std::move(misread));
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
  has_cases_ = f.count("cases") > 0;
  if (f.count("zip")) {
    prescan_zips(f.at("zip").value, f.count("params") ? f.at("params").value : YAML::Node());
  }
  if (f.count("params")) load_params(f.at("params").value);
  if (f.count("types")) load_types(f.at("types").value);
  if (f.count("zip")) load_zips(f.at("zip").value);
  if (f.count("cases")) load_cases(f.at("cases").value);
  if (f.count("tensors")) load_tensors(f.at("tensors").value);
  if (f.count("skip_if")) spec_.skip_if = expression(f.at("skip_if").value, "skip_if");
  if (f.count("memory")) load_memory(f.at("memory").value);
  if (f.count("flops")) spec_.flops = expression(f.at("flops").value, "flops");
  if (f.count("impls")) load_impls(f.at("impls").value);
  if (f.count("reference")) load_reference(f.at("reference").value);
  if (f.count("tolerance")) load_tolerance(f.at("tolerance").value);
  if (f.count("metrics")) load_metrics(f.at("metrics").value);
  warn_unchecked(f);
  if (diag_.empty()) {
    warn_unused_axes();
    warn_streamless_calls();
    warn_warm_writes();
    warn_untyped_bytes();
  }
}

void Loader::warn_unchecked(const std::map<std::string, Entry>& f) {
  if (f.count("reference")) {
    const bool compares_some = std::any_of(spec_.writes.begin(), spec_.writes.end(),
                                           [](const TrafficTerm& t) { return !t.tensor.empty(); });
    if (!compares_some) {
      warn(f.at("reference").key,
           "'reference' checks the tensors that memory.write names, and it names none: no impl's "
           "result is checked; list the outputs under memory.write (by tensor)");
    }
    return;
  }
  if (f.count("impls") && spec_.impls.size() >= 2) {
    warn(f.at("impls").key, std::to_string(spec_.impls.size()) +
                                " impls and no 'reference': no impl's result is checked; "
                                "'reference: " +
                                spec_.impls.front().name +
                                "' checks the others against that one before they are timed");
  }
  if (f.count("tolerance")) {
    warn(f.at("tolerance").key,
         "'tolerance' without 'reference' applies to nothing: no impl's result is checked");
  }
}

bool Loader::check_name(const Entry& entry, const std::string& what) {
  const std::string& name = entry.name;
  std::string problem;
  if (!is_identifier(name)) {
    problem = "is not a C++ identifier";
  } else if (contains(cpp_keywords, name)) {
    problem = "is a C++ keyword";
  } else if (name[0] == '_') {
    problem = "is reserved to the compiler: it starts with '_'";
  } else if (name.find("__") != std::string::npos) {
    problem = "is reserved to the compiler: it contains '__'";
  } else if (contains(reserved_names, name)) {
    problem = "is reserved: the generated code uses it";
  }
  if (problem.empty()) return true;
  error(entry.key, what + " name '" + truncated(name) + "' " + problem);
  unresolved_.insert(name);
  return false;
}

bool Loader::check_distinct(const Entry& entry, const std::string& what) {
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

bool Loader::refers_to_unusable(const std::string& name, const char* section) const {
  return unresolved_.count(name) > 0 || unusable_sections_.count(section) > 0;
}

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
  std::vector<const KeySet*> sets = {&top_keys,  &param_keys,  &generator_keys, &type_keys,
                                     &case_keys, &tensor_keys, &memory_keys,    &traffic_keys};
  for (const KeySet* set : jit_impl_key_sets()) sets.push_back(set);
  for (const KeySet* set : sets) {
    for (const Key& key : set->keys) {
      out.push_back(std::string(set->path) + (*set->path ? "." : "") + key.name);
    }
  }
  return out;
}

}  // namespace jitbench::gen
