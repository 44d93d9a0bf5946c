// The sections around the grid: the benchmark name, includes, impls (a JIT impl's mapping is
// jit_impl_loader.cpp's), the reference, tolerances and metrics.
#include "call_string.hpp"
#include "spec_sections.hpp"
#include <jitbench/metrics.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace jitbench::gen {

namespace {

// Where folding turned the line breaks of a folded block scalar (`>`, whose indicator is at `pos`
// of `text`) into spaces: offsets into `value`, the scalar as YAML reads it. Empty for one line,
// and for a scalar that is not lines of one indentation folded with spaces (an indentation
// indicator, a blank line, a more indented line keep breaks of their own).
std::vector<std::size_t> folded_breaks(std::string_view text, std::size_t pos,
                                       const std::string& value) {
  constexpr std::size_t npos = std::string_view::npos;
  const std::size_t header_end = text.find('\n', pos);
  if (header_end == npos) return {};
  const std::string_view header = text.substr(pos, header_end - pos);
  if (header.find_first_of("123456789") < header.find('#')) return {};
  std::vector<std::string_view> lines;
  std::size_t indent = npos;
  for (std::size_t begin = header_end + 1; begin < text.size();) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t spaces = line.find_first_not_of(' ');
    if (spaces == npos) break;
    if (indent == npos) indent = spaces;
    if (spaces < indent) break;
    lines.push_back(line.substr(indent));
    begin = end + 1;
  }
  std::string folded;
  std::vector<std::size_t> breaks;
  for (const std::string_view line : lines) {
    if (!folded.empty()) {
      breaks.push_back(folded.size());
      folded += ' ';
    }
    if (line.empty() || line[0] == ' ' || line[0] == '\t') return {};  // more indented
    folded += line;
  }
  if (value != folded && value != folded + "\n") return {};
  return breaks;
}

}  // namespace

void Loader::load_benchmark_name(const Entry& entry, const std::string& name) {
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

void Loader::load_includes(const YAML::Node& node) {
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

void Loader::load_impls(const YAML::Node& node) {
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
    if (entry.value.IsMap()) {  // a JIT impl (jit_impl_loader.cpp)
      impl.jit = load_jit_impl(entry);
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
    // A block scalar (| or >) starts on the line after its indicator. A folded one (>) keeps
    // its lines, so that a compile error points at its line of the spec.
    if (mark.pos >= 0 && static_cast<std::size_t>(mark.pos) < text_.size() &&
        (text_[mark.pos] == '|' || text_[mark.pos] == '>')) {
      ++impl.call_line;
      if (text_[mark.pos] == '>') {
        impl.call = with_line_breaks(
            impl.call, folded_breaks(text_, static_cast<std::size_t>(mark.pos), impl.call));
      }
    }
    spec_.impls.push_back(std::move(impl));
  }
}

std::vector<std::string> Loader::impl_names() const {
  std::vector<std::string> names;
  for (const Impl& impl : spec_.impls) names.push_back(impl.name);
  return names;
}

void Loader::load_reference(const YAML::Node& node) {
  if (!expect_scalar(node, "'reference'")) return;
  const std::string& name = node.Scalar();
  const std::vector<std::string> names = impl_names();
  if (!contains(names, name)) {
    if (refers_to_unusable(name, "impls")) return;
    error(node,
          "reference '" + truncated(name) + "' is not an impl" +
              suggestion(did_you_mean(name, names),
                         names.empty() ? std::string() : "; the impls are " + quoted_list(names)));
    return;
  }
  spec_.reference = name;
}

void Loader::load_tolerance(const YAML::Node& node) {
  if (!expect_map(node, "'tolerance'")) return;
  // The dtypes the outputs (memory.write) take: a tolerance for another applies to nothing. They
  // are not known when an output or its dtype failed to load (an error says so already).
  std::vector<std::string> outputs;
  bool outputs_known = writes_complete_;
  for (const TrafficTerm& term : spec_.writes) {
    const TensorDecl* tensor = find_tensor(term.tensor);
    if (!tensor) continue;
    if (!tensor->dtype_is_axis && !is_dtype(tensor->dtype)) outputs_known = false;
    for (const std::string& dtype : spec_.dtypes_of(*tensor)) {
      if (!contains(outputs, dtype)) outputs.push_back(dtype);
    }
  }
  for (const Entry& entry : entries(node)) {
    if (!is_dtype(entry.name)) {
      const std::string hint = suggestion(did_you_mean(entry.name, dtype_names()),
                                          "; dtypes are " + quoted_list(dtype_names()));
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
    if (outputs_known && !outputs.empty() && !contains(outputs, entry.name)) {
      warn(entry.key, "tolerance for " + entry.name + " applies to nothing: no output (" +
                          "memory.write) is " + entry.name + "; the outputs are " +
                          quoted_list(outputs));
    }
    spec_.tolerance.push_back({entry.name, value.Scalar()});
  }
}

void Loader::load_metrics(const YAML::Node& node) {
  if (!expect_list(node, "'metrics'")) return;
  if (node.size() == 0) error(node, "'metrics' is empty");
  for (const YAML::Node& item : node) {
    if (!expect_scalar(item, "a metric")) continue;
    const std::string& name = item.Scalar();
    if (!find_metric(name)) {
      std::vector<std::string> names;
      for (const Metric& m : named_metrics()) names.push_back(m.name);
      const std::string hint =
          suggestion(did_you_mean(name, names), "; metrics are " + metric_names_text());
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

}  // namespace jitbench::gen
