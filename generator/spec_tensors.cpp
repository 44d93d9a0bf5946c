// The tensors of a spec, their init, and the memory traffic of a call.
#include "spec_sections.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace jitbench::gen {

namespace {

// A bound of a dtype as a spec would write it: 127, 65504, 3.38953e+38.
std::string bound_text(const DTypeFacts& facts, double v) {
  if (facts.integer && facts.size_bytes < 8) return std::to_string(static_cast<std::int64_t>(v));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", v);
  return buffer;
}

}  // namespace

std::string dtype_holds(std::string_view name) {
  const auto type = parse_dtype(name);
  if (!type) return std::string(name) + " is not a dtype";
  const DTypeFacts& facts = dtype_facts(*type);
  return std::string(name) + " holds " + bound_text(facts, facts.lowest) + " to " +
         bound_text(facts, facts.highest);
}

void Loader::load_tensors(const YAML::Node& node) {
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

void Loader::load_tensor(const Entry& entry, TensorDecl& tensor) {
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
      const std::string hint =
          suggestion(did_you_mean(*dtype, candidates),
                     "; use a type axis or one of " + quoted_list(dtype_names()));
      error(f.at("dtype").value, "unknown dtype '" + truncated(*dtype) + "'" + of + hint);
    }
  }
  if (auto cold = bool_field(f, "cold")) {
    tensor.cold = *cold;
    tensor.cold_loc = loc_of(f.at("cold").value);
  }
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
  if (tensor.init == InitKind::random && !tensor.dtype.empty()) {
    const std::vector<std::string> dtypes = spec_.dtypes_of(tensor);
    const bool is_unsigned = std::any_of(dtypes.begin(), dtypes.end(), [](const std::string& d) {
      const auto type = parse_dtype(d);
      return type && dtype_facts(*type).lowest == 0;
    });
    if (!f.count("range") && is_unsigned) {
      tensor.low = "0";
      tensor.high = "2";
    }
    const YAML::Node& at = f.count("range") ? f.at("range").value : f.at("dtype").value;
    check_random_range(at, tensor, f.count("range") > 0);
  }
}

void Loader::check_random_range(const YAML::Node& at, const TensorDecl& tensor, bool given) {
  const double low = std::strtod(tensor.low.c_str(), nullptr);
  const double high = std::strtod(tensor.high.c_str(), nullptr);
  for (const std::string& dtype : spec_.dtypes_of(tensor)) {
    const auto type = parse_dtype(dtype);
    if (!type) continue;
    const DTypeFacts& facts = dtype_facts(*type);
    // An integer dtype takes the floor of each draw from [low, high): high may be one past.
    const double top = facts.integer ? facts.highest + 1 : facts.highest;
    if (low >= facts.lowest && high <= top) continue;
    const std::string which =
        tensor.dtype_is_axis ? " (" + tensor.dtype + "=" + dtype + ")" : std::string();
    const std::string fits =
        "[" + bound_text(facts, facts.lowest) + ", " + bound_text(facts, top) + "]";
    std::string holds = dtype_holds(dtype);
    holds.insert(dtype.size(), which);
    if (given) {
      error(at, "'range' of tensor '" + tensor.name + "' is [" + tensor.low + ", " + tensor.high +
                    "]; " + holds + ", so it must lie within " + fits);
    } else {
      error(at, "the default range [" + tensor.low + ", " + tensor.high + "] of tensor '" +
                    tensor.name + "' does not fit its dtype: " + holds + "; give 'range', e.g. " +
                    fits);
    }
    return;
  }
}

void Loader::load_init(const YAML::Node& node, const std::string& text, TensorDecl& tensor) {
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
    const std::string hint = suggestion(did_you_mean(text, {"random", "zeros", "ones", "arange"}),
                                        "; it is random, zeros, ones, arange or randperm(N)");
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
      if (is_dtype(dtype) && dtype != "int32" && dtype != "int64") {
        error(node, "randperm() makes indices, of int32 or int64; tensor '" + tensor.name +
                        "' is " + dtype);
        ok = false;
        break;
      }
    }
  }
  if (ok) tensor.randperm_range = std::move(range);
}

const TensorDecl* Loader::find_tensor(const std::string& name) const {
  for (const TensorDecl& tensor : spec_.tensors) {
    if (tensor.name == name) return &tensor;
  }
  return nullptr;
}

void Loader::check_tensor_name(const YAML::Node& node, const std::string& name,
                               const std::string& where, bool& ok) {
  if (find_tensor(name)) return;
  if (refers_to_unusable(name, "tensors")) {
    ok = false;
    return;
  }
  std::vector<std::string> names;
  for (const TensorDecl& tensor : spec_.tensors) names.push_back(tensor.name);
  error(node, "unknown tensor '" + truncated(name) + "' in " + where +
                  suggestion(did_you_mean(name, names)));
  ok = false;
}

std::vector<TrafficTerm> Loader::traffic(const YAML::Node& node, const std::string& where) {
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
      if (f.count("bytes") && f.count("elements")) {
        error(f.at("elements").key, "a memory term gives 'bytes' or 'elements', not both");
        ok = false;
      } else if (f.count("elements")) {
        if (!f.count("tensor")) {
          error(f.at("elements").key,
                "'elements' needs 'tensor': the tensor's element size turns them into bytes");
          ok = false;
        }
        term.bytes = expression(f.at("elements").value, "elements");
        term.in_elements = true;
        ok = ok && term.bytes.has_value();
      } else if (f.count("bytes")) {
        term.bytes = expression(f.at("bytes").value, "bytes");
        ok = ok && term.bytes.has_value();
      } else {
        // A misspelt key (`byte`) is reported already, with what it may have meant.
        if (f.size() == item.size()) {
          error(item, "a memory term needs the key 'bytes' (or 'elements' with 'tensor')");
        }
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

void Loader::load_memory(const YAML::Node& node) {
  if (!expect_map(node, "'memory'")) return;
  auto f = fields(node, memory_keys);
  if (f.count("read")) spec_.reads = traffic(f.at("read").value, "memory.read");
  if (f.count("write")) {
    const YAML::Node& write = f.at("write").value;
    spec_.writes = traffic(write, "memory.write");
    writes_complete_ = write.IsSequence() && spec_.writes.size() == write.size();
  }
}

void Loader::warn_warm_writes() {
  for (const TrafficTerm& term : spec_.writes) {
    const TensorDecl* tensor = find_tensor(term.tensor);
    if (tensor == nullptr || tensor->cold) continue;
    diag_.warn(tensor->cold_loc,
               "tensor '" + tensor->name +
                   "' is written by a call (memory.write) and marked cold: false: its one "
                   "buffer, shared by every rotation copy, keeps the lines a call writes in L2 "
                   "for the calls after it, so its writes are timed warm (on an H200, a KV-cache "
                   "scatter into a shared 32 MiB cache took up to 14% less time than into "
                   "rotated copies); leave it cold unless a real workload keeps it in L2");
  }
}

void Loader::warn_untyped_bytes() {
  for (const auto* terms : {&spec_.reads, &spec_.writes}) {
    for (const TrafficTerm& term : *terms) {
      const TensorDecl* tensor = find_tensor(term.tensor);
      if (tensor == nullptr || !tensor->dtype_is_axis || !term.bytes || term.in_elements) continue;
      const auto axis = std::find_if(spec_.types.begin(), spec_.types.end(),
                                     [&](const TypeAxis& t) { return t.name == tensor->dtype; });
      if (axis == spec_.types.end()) continue;
      std::string sizes;  // "bf16 2 bytes an element, fp32 4": one type a distinct size
      std::vector<int> seen;
      for (const std::string& type : axis->values) {
        const int size = dtype_bytes(type);
        if (size == 0 || contains(seen, size)) continue;
        sizes += (seen.empty() ? "" : ", ") + type + " " + std::to_string(size);
        if (seen.empty()) sizes += size == 1 ? " byte an element" : " bytes an element";
        seen.push_back(size);
      }
      if (seen.size() < 2) continue;
      diag_.warn(term.loc, "'bytes' of tensor '" + tensor->name +
                               "', whose dtype is the type axis '" + axis->name + "' (" + sizes +
                               "): an expression sees no types, so it counts the same bytes for "
                               "every type, and they are wrong for all but one; give 'elements' "
                               "instead, which counts each type's element size");
    }
  }
}

}  // namespace jitbench::gen
