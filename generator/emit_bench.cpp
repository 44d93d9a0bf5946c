#include "emit_bench.hpp"

#include "code_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

namespace jitbench::gen {

namespace {

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The identifiers a call string uses on their own: not after `.`, `->` or `::` (members and
// qualified names), not in string or character literals or comments. The impl function binds
// exactly these, so that nothing it declares goes unused.
std::set<std::string> free_identifiers(std::string_view code) {
  std::set<std::string> out;
  std::size_t i = 0;
  auto previous_significant = [&](std::size_t end) -> std::string_view {
    std::size_t j = end;
    while (j > 0 && std::isspace(static_cast<unsigned char>(code[j - 1]))) --j;
    if (j >= 2 && (code.substr(j - 2, 2) == "->" || code.substr(j - 2, 2) == "::")) {
      return code.substr(j - 2, 2);
    }
    return j >= 1 ? code.substr(j - 1, 1) : std::string_view();
  };
  while (i < code.size()) {
    const char c = code[i];
    if (code.compare(i, 2, "//") == 0) {
      while (i < code.size() && code[i] != '\n') ++i;
    } else if (code.compare(i, 2, "/*") == 0) {
      const std::size_t end = code.find("*/", i + 2);
      i = end == std::string_view::npos ? code.size() : end + 2;
    } else if (c == '"' || (c == '\'' && (i == 0 || !is_ident_char(code[i - 1])))) {
      // A character literal, unless the quote is a digit separator (1'000).
      for (++i; i < code.size() && code[i] != c; ++i) {
        if (code[i] == '\\') ++i;
      }
      ++i;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < code.size() && (is_ident_char(code[i]) || code[i] == '\'' || code[i] == '.')) ++i;
    } else if (is_ident_char(c)) {
      const std::size_t start = i;
      while (i < code.size() && is_ident_char(code[i])) ++i;
      const std::string_view before = previous_significant(start);
      if (before != "." && before != "->" && before != "::") {
        out.emplace(code.substr(start, i - start));
      }
    } else {
      ++i;
    }
  }
  return out;
}

// The index of the last character of `code` outside comments and whitespace: where a missing
// `;` goes, before a trailing `// comment`.
std::size_t last_code_char(std::string_view code) {
  std::size_t last = std::string::npos;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (code.compare(i, 2, "//") == 0) {
      while (i < code.size() && code[i] != '\n') ++i;
    } else if (code.compare(i, 2, "/*") == 0) {
      const std::size_t end = code.find("*/", i + 2);
      i = end == std::string_view::npos ? code.size() : end + 1;
    } else if (code[i] == '"' || code[i] == '\'') {
      const char quote = code[i];
      for (++i; i < code.size() && code[i] != quote; ++i) {
        if (code[i] == '\\') ++i;
      }
      last = std::min(i, code.size() - 1);
    } else if (!std::isspace(static_cast<unsigned char>(code[i]))) {
      last = i;
    }
  }
  return last;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

std::string dtype_enum(const std::string& dtype) { return "jitbench::DType::" + dtype; }

const char* init_kind(InitKind kind) {
  switch (kind) {
    case InitKind::random:
      return "random";
    case InitKind::zeros:
      return "zeros";
    case InitKind::ones:
      return "ones";
    case InitKind::arange:
      return "arange";
    case InitKind::randperm:
      return "randperm";
  }
  return "";
}

// One value of every dispatch axis (type axes, then compile-time params): one instantiation.
struct Combo {
  std::vector<std::string> values;  // dtype names, then integers
  bool ci = true;
};

class Emitter {
 public:
  Emitter(const Spec& spec, const EmitOptions& options) : spec_(spec), options_(options) {
    for (const TypeAxis& axis : spec_.types) {
      std::vector<std::string> values = axis.values;
      dispatch_.push_back({axis.name, values, axis.ci, true});
    }
    for (const Param& param : spec_.params) {
      if (!param.compile_time) continue;
      Axis axis{param.name, {}, {}, false};
      for (std::int64_t v : param.values) axis.values.push_back(std::to_string(v));
      for (std::int64_t v : param.ci) axis.ci.push_back(std::to_string(v));
      dispatch_.push_back(std::move(axis));
    }
  }

  std::string run() {
    header();
    w_.emit("namespace {\n\n");
    case_struct();
    for (const Impl& impl : spec_.impls) impl_function(impl);
    select_impls();
    make_case();
    make_cases();
    make_desc();
    w_.emit(R"(
}  // namespace

int main(int argc, char** argv) { return jitbench::run_main(argc, argv, make_desc()); }
)");
    return w_.str();
  }

 private:
  struct Axis {
    std::string name;
    std::vector<std::string> values;
    std::vector<std::string> ci;
    bool is_type;
  };

  std::vector<const SpecExpr*> expressions() const {
    std::vector<const SpecExpr*> out;
    if (spec_.skip_if) out.push_back(&*spec_.skip_if);
    for (const TensorDecl& tensor : spec_.tensors) {
      for (const SpecExpr& dim : tensor.shape) out.push_back(&dim);
      if (tensor.randperm_range) out.push_back(&*tensor.randperm_range);
    }
    for (const auto* terms : {&spec_.reads, &spec_.writes}) {
      for (const TrafficTerm& term : *terms) {
        if (term.bytes) out.push_back(&*term.bytes);
      }
    }
    if (spec_.flops) out.push_back(&*spec_.flops);
    return out;
  }

  void header() {
    std::string source = spec_.file;
    for (char& c : source) {
      if (!std::isprint(static_cast<unsigned char>(c)) || c == '\\') c = '?';
    }
    w_.emit(R"(// Generated by jitbench-gen from $spec$. Do not edit: edit the spec, and
// the build regenerates this file.

#include <jitbench/benchmark.hpp>
)",
            {{"spec", source}});
    if (!spec_.types.empty()) w_.emit("#include <jitbench/cuda_types.hpp>\n");
    w_.emit("#include <jitbench/dtype.hpp>\n#include <jitbench/tensor.hpp>\n\n");
    for (const Include& include : spec_.includes) {
      w_.emit("#include \"$path$\"\n", {{"path", include.path}});
    }
    if (!spec_.includes.empty()) w_.emit("\n");
    const auto exprs = expressions();
    if (std::any_of(exprs.begin(), exprs.end(),
                    [](const SpecExpr* e) { return uses_min_max(e->expr); })) {
      w_.emit("#include <algorithm>\n");
    }
    w_.emit("#include <cstdint>\n#include <string>\n#include <vector>\n\n");
  }

  void case_struct() {
    if (spec_.params.empty() && spec_.types.empty()) {
      w_.emit("// One point of the grid; this benchmark has no axes.\nstruct Case {};\n\n");
      return;
    }
    w_.emit("// One point of the grid.\nstruct Case {\n");
    {
      auto indent = w_.indent();
      for (const TypeAxis& axis : spec_.types) {
        w_.emit("jitbench::DType $name$;\n", {{"name", axis.name}});
      }
      for (const Param& param : spec_.params) {
        w_.emit("std::int64_t $name$;\n", {{"name", param.name}});
      }
    }
    w_.emit("};\n\n");
  }

  // The dispatch axes that `impl`'s call string uses: its template parameters.
  std::vector<const Axis*> template_axes(const Impl& impl) const {
    const std::set<std::string> used = free_identifiers(impl.call);
    std::vector<const Axis*> out;
    for (const Axis& axis : dispatch_) {
      if (used.count(axis.name)) out.push_back(&axis);
    }
    return out;
  }

  void impl_function(const Impl& impl) {
    const std::set<std::string> used = free_identifiers(impl.call);
    std::vector<std::string> template_params;
    for (const Axis* axis : template_axes(impl)) {
      template_params.push_back((axis->is_type ? "class " : "std::int64_t ") + axis->name);
    }
    std::vector<std::string> runtime_params;
    for (const Param& param : spec_.params) {
      if (!param.compile_time && used.count(param.name)) runtime_params.push_back(param.name);
    }
    std::vector<std::pair<std::string, std::size_t>> tensors;
    for (std::size_t t = 0; t < spec_.tensors.size(); ++t) {
      if (used.count(spec_.tensors[t].name)) tensors.emplace_back(spec_.tensors[t].name, t);
    }
    const bool uses_stream = used.count("stream") > 0;

    if (!template_params.empty()) {
      w_.emit("template <$params$>\n", {{"params", join(template_params, ", ")}});
    }
    w_.emit("void run_$name$(const Case&$case$, jitbench::Launch&$launch$) {\n",
            {{"name", impl.name},
             {"case", runtime_params.empty() ? "" : " params"},
             {"launch", tensors.empty() && !uses_stream ? "" : " launch"}});
    {
      auto indent = w_.indent();
      for (const auto& [name, index] : tensors) {
        w_.emit("const jitbench::Tensor& $name$ = launch.tensor($index$);\n",
                {{"name", name}, {"index", std::to_string(index)}});
      }
      if (uses_stream) w_.emit("cudaStream_t stream = launch.stream();\n");
      for (const std::string& name : runtime_params) {
        w_.emit("const std::int64_t $name$ = params.$name$;\n", {{"name", name}});
      }
      std::string call = impl.call;
      while (!call.empty() && std::isspace(static_cast<unsigned char>(call.back())))
        call.pop_back();
      call.erase(0, call.find_first_not_of(" \t\r\n"));
      const std::size_t last = last_code_char(call);
      if (last != std::string::npos && call[last] != ';' && call[last] != '}') {
        call.insert(last + 1, ";");
      }
      w_.directive("#line " + std::to_string(impl.call_line) + " " +
                   cpp_string_literal(spec_.file));
      w_.emit("$call$\n", {{"call", call}});
      w_.directive("#line " + std::to_string(w_.line() + 1) + " " +
                   cpp_string_literal(options_.output_name));
    }
    w_.emit("}\n\n");
  }

  std::vector<Combo> combos() const {
    std::vector<Combo> out;
    if (dispatch_.empty()) return out;
    std::vector<std::size_t> index(dispatch_.size(), 0);
    for (;;) {
      Combo combo;
      for (std::size_t a = 0; a < dispatch_.size(); ++a) {
        const std::string& value = dispatch_[a].values[index[a]];
        combo.values.push_back(value);
        const auto& ci = dispatch_[a].ci;
        combo.ci = combo.ci && std::find(ci.begin(), ci.end(), value) != ci.end();
      }
      out.push_back(std::move(combo));
      std::size_t a = dispatch_.size();
      while (a > 0 && ++index[a - 1] == dispatch_[a - 1].values.size()) index[--a] = 0;
      if (a == 0) break;
    }
    return out;
  }

  // `run_fused<jitbench::bf16, 128>` for one combination.
  std::string instantiation(const Impl& impl, const Combo& combo) const {
    std::vector<std::string> args;
    for (const Axis* axis : template_axes(impl)) {
      const std::size_t a = static_cast<std::size_t>(axis - dispatch_.data());
      args.push_back(axis->is_type ? "jitbench::" + combo.values[a] : combo.values[a]);
    }
    return "run_" + impl.name + (args.empty() ? "" : "<" + join(args, ", ") + ">");
  }

  void emit_combo(const Combo& combo) {
    std::vector<std::string> terms;
    for (std::size_t a = 0; a < dispatch_.size(); ++a) {
      const Axis& axis = dispatch_[a];
      terms.push_back("params." + axis.name +
                      " == " + (axis.is_type ? dtype_enum(combo.values[a]) : combo.values[a]));
    }
    std::vector<std::string> pointers;
    for (const Impl& impl : spec_.impls) pointers.push_back(instantiation(impl, combo));
    const int column = w_.indentation() + 4;  // after "if ("
    w_.emit("if ($condition$) {\n", {{"condition", wrap_list(terms, column, 4, 98, " &&")}});
    {
      auto indent = w_.indent();
      w_.emit("return {$list$};\n",
              {{"list", wrap_list(pointers, w_.indentation() + 8, 8, 98)}});  // after "return {"
    }
    w_.emit("}\n");
  }

  void select_impls() {
    std::vector<std::string> nulls(spec_.impls.size(), "nullptr");
    w_.emit("using ImplPtr = void (*)(const Case&, jitbench::Launch&);\n");
    if (dispatch_.empty()) {
      std::vector<std::string> pointers;
      for (const Impl& impl : spec_.impls) pointers.push_back("run_" + impl.name);
      w_.emit(R"(
// The impls, in the order of BenchmarkDesc::impl_names.
std::vector<ImplPtr> select_impls(const Case&) { return {$list$}; }

)",
              {{"list", join(pointers, ", ")}});
      return;
    }
    w_.emit(R"(
// The impls' instantiations for the types and compile-time params of a case, in the order of
// BenchmarkDesc::impl_names. A binary built with JITBENCH_CI_ONLY has those of the CI grid only;
// for the other cases it returns nullptr, which the runtime reports.
std::vector<ImplPtr> select_impls(const Case& params) {
)");
    {
      auto indent = w_.indent();
      const std::vector<Combo> all = combos();
      for (const Combo& combo : all) {
        if (combo.ci) emit_combo(combo);
      }
      if (std::any_of(all.begin(), all.end(), [](const Combo& c) { return !c.ci; })) {
        w_.directive("#ifndef JITBENCH_CI_ONLY");
        for (const Combo& combo : all) {
          if (!combo.ci) emit_combo(combo);
        }
        w_.directive("#endif");
      }
      w_.emit("return {$list$};\n", {{"list", wrap_list(nulls, w_.indentation() + 8, 8, 98)}});
    }
    w_.emit("}\n\n");
  }

  std::vector<std::string> traffic_list(const std::vector<TrafficTerm>& terms) const {
    std::vector<std::string> items;
    for (const TrafficTerm& term : terms) {
      // Traffic's constructor takes bytes as a double: an explicit conversion, not a narrowing one.
      items.push_back(
          "{" + cpp_string_literal(term.tensor) +
          (term.bytes ? ", static_cast<double>(" + to_cpp_integer(term.bytes->expr) + ")" : "") +
          "}");
    }
    return items;
  }

  void make_case() {
    std::set<std::string> used;
    for (const SpecExpr* e : expressions()) {
      for (const std::string& name : e->expr.names()) used.insert(name);
    }
    std::vector<std::string> values;
    for (const TypeAxis& axis : spec_.types) {
      values.push_back("std::string(jitbench::dtype_name(params." + axis.name + "))");
    }
    for (const Param& param : spec_.params) {
      values.push_back("std::to_string(params." + param.name + ")");
    }

    w_.emit(
        "// What the runtime needs to know about one case.\n"
        "jitbench::CaseSpec make_case(const Case& params) {\n");
    {
      auto indent = w_.indent();
      make_case_body(used, values);
    }
    w_.emit("}\n\n");
  }

  void make_case_body(const std::set<std::string>& used, const std::vector<std::string>& values) {
    for (const Param& param : spec_.params) {
      if (used.count(param.name)) {
        w_.emit("const std::int64_t $name$ = params.$name$;\n", {{"name", param.name}});
      }
    }
    w_.emit("jitbench::CaseSpec spec;\n");
    if (!values.empty()) {
      w_.emit("spec.param_values = {$values$};\n",
              {{"values", wrap_list(values, w_.indentation() + 21, 21, 98)}});
    }
    w_.emit(R"(
for (ImplPtr impl : select_impls(params)) {
  if (impl) {
    spec.impls.push_back([impl, params](jitbench::Launch& launch) { impl(params, launch); });
  } else {
    spec.impls.emplace_back();
  }
}
)");
    if (spec_.skip_if) {
      std::string reason = spec_.skip_if->expr.text;
      reason.erase(0, reason.find_first_not_of(" \t"));
      reason.erase(reason.find_last_not_of(" \t") + 1);
      w_.emit(R"(
if ($condition$) {
  spec.skip_reason = $reason$;
  return spec;
}
)",
              {{"condition", to_cpp_condition(spec_.skip_if->expr)},
               {"reason", cpp_string_literal("skip_if: " + reason)}});
    }
    w_.emit("spec.tensors = {\n");
    {
      auto indent_tensors = w_.indent();
      auto indent_more = w_.indent();
      for (const TensorDecl& tensor : spec_.tensors) {
        std::vector<std::string> dims;
        for (const SpecExpr& dim : tensor.shape) dims.push_back(to_cpp_integer(dim.expr));
        // TensorSpec's constructor defaults cold and init (random in [-1, 1)): say only what
        // differs.
        const bool default_init =
            tensor.init == InitKind::random && tensor.low == "-1" && tensor.high == "1";
        std::string rest;
        if (!tensor.cold || !default_init) rest += tensor.cold ? ", true" : ", false";
        if (!default_init) {
          const std::string range =
              tensor.randperm_range ? to_cpp_integer(tensor.randperm_range->expr) : "0";
          rest += ",\n {jitbench::TensorInit::Kind::" + std::string(init_kind(tensor.init)) + ", " +
                  tensor.low + ", " + tensor.high + ", " + range + "}";
        }
        w_.emit(
            "{$name$, $dtype$, {$shape$}$rest$},\n",
            {{"name", cpp_string_literal(tensor.name)},
             {"dtype", tensor.dtype_is_axis ? "params." + tensor.dtype : dtype_enum(tensor.dtype)},
             {"shape", join(dims, ", ")},
             {"rest", rest}});
      }
    }
    w_.emit("};\n");
    for (const auto& [field, terms] :
         {std::pair{"reads", &spec_.reads}, {"writes", &spec_.writes}}) {
      if (terms->empty()) continue;
      const int column = w_.indentation() + static_cast<int>(std::string(field).size()) + 9;
      w_.emit("spec.$field$ = {$list$};\n",
              {{"field", field},
               {"list", wrap_list(traffic_list(*terms), column, column - w_.indentation(), 98)}});
    }
    if (spec_.flops) {
      w_.emit("spec.flops = $flops$;\n", {{"flops", to_cpp_integer(spec_.flops->expr)}});
    }
    w_.emit("return spec;\n");
  }

  void make_cases() {
    if (spec_.params.empty() && spec_.types.empty()) {
      w_.emit(R"(
std::vector<jitbench::CaseSpec> make_cases(bool /*ci*/) { return {make_case(Case{})}; }

)");
      return;
    }
    struct Loop {
      std::string type, name;
      std::vector<std::string> full, ci;
    };
    std::vector<Loop> loops;
    for (const TypeAxis& axis : spec_.types) {
      Loop loop{"jitbench::DType", axis.name, {}, {}};
      for (const std::string& v : axis.values) loop.full.push_back(dtype_enum(v));
      for (const std::string& v : axis.ci) loop.ci.push_back(dtype_enum(v));
      loops.push_back(std::move(loop));
    }
    for (const Param& param : spec_.params) {
      Loop loop{"std::int64_t", param.name, {}, {}};
      for (std::int64_t v : param.values) loop.full.push_back(std::to_string(v));
      for (std::int64_t v : param.ci) loop.ci.push_back(std::to_string(v));
      loops.push_back(std::move(loop));
    }
    w_.emit("// The values of each axis.\nstruct Axes {\n");
    {
      auto indent = w_.indent();
      for (const Loop& loop : loops) {
        w_.emit("std::vector<$type$> $name$;\n", {{"type", loop.type}, {"name", loop.name}});
      }
    }
    w_.emit("};\n\n");
    for (const bool ci : {false, true}) {
      w_.emit("const Axes $name$ = {\n", {{"name", ci ? "ci_axes" : "full_axes"}});
      {
        auto indent = w_.indent();
        auto indent_more = w_.indent();
        for (const Loop& loop : loops) {
          w_.emit("{$values$},\n",
                  {{"values", wrap_list(ci ? loop.ci : loop.full, w_.indentation() + 1, 1, 97)}});
        }
      }
      w_.emit("};\n");
    }
    w_.emit(R"(
std::vector<jitbench::CaseSpec> make_cases(bool ci) {
  const Axes& axes = ci ? ci_axes : full_axes;
  std::vector<jitbench::CaseSpec> cases;
)");
    std::vector<std::string> names;
    for (const Loop& loop : loops) names.push_back(loop.name);
    {
      auto indent = w_.indent();
      loop_nest(loops, 0, join(names, ", "));
      w_.emit("return cases;\n");
    }
    w_.emit("}\n\n");
  }

  template <class Loop>
  void loop_nest(const std::vector<Loop>& loops, std::size_t depth, const std::string& names) {
    if (depth == loops.size()) {
      w_.emit("cases.push_back(make_case({$names$}));\n", {{"names", names}});
      return;
    }
    const Loop& loop = loops[depth];
    w_.emit("for ($type$ $name$ : axes.$name$) {\n", {{"type", loop.type}, {"name", loop.name}});
    {
      auto indent = w_.indent();
      loop_nest(loops, depth + 1, names);
    }
    w_.emit("}\n");
  }

  void make_desc() {
    std::vector<std::string> param_names, impl_names, tolerance, metrics;
    for (const TypeAxis& axis : spec_.types) param_names.push_back(cpp_string_literal(axis.name));
    for (const Param& param : spec_.params) param_names.push_back(cpp_string_literal(param.name));
    for (const Impl& impl : spec_.impls) impl_names.push_back(cpp_string_literal(impl.name));
    for (const Tolerance& t : spec_.tolerance) {
      tolerance.push_back("{" + dtype_enum(t.dtype) + ", " + t.value + "}");
    }
    for (const std::string& metric : spec_.metrics) metrics.push_back(cpp_string_literal(metric));

    w_.emit("jitbench::BenchmarkDesc make_desc() {\n");
    {
      auto indent = w_.indent();
      make_desc_body(param_names, impl_names, tolerance, metrics);
    }
    w_.emit("}\n");
  }

  void make_desc_body(const std::vector<std::string>& param_names,
                      const std::vector<std::string>& impl_names,
                      const std::vector<std::string>& tolerance,
                      const std::vector<std::string>& metrics) {
    w_.emit("jitbench::BenchmarkDesc desc;\ndesc.name = $name$;\n",
            {{"name", cpp_string_literal(spec_.benchmark)}});
    if (!spec_.doc.empty())
      w_.emit("desc.doc = $doc$;\n", {{"doc", cpp_string_literal(spec_.doc)}});
    const int column = w_.indentation();
    auto list = [&](const char* field, const std::vector<std::string>& items) {
      if (items.empty()) return;
      const int start = column + static_cast<int>(std::string(field).size()) + 9;  // desc.X = {
      w_.emit("desc.$field$ = {$items$};\n",
              {{"field", field}, {"items", wrap_list(items, start, start - column, 98)}});
    };
    list("param_names", param_names);
    list("impl_names", impl_names);
    if (!spec_.reference.empty()) {
      w_.emit("desc.reference = $name$;\n", {{"name", cpp_string_literal(spec_.reference)}});
    }
    list("tolerance", tolerance);
    list("metrics", metrics);
    w_.emit("desc.make_cases = make_cases;\nreturn desc;\n");
  }

  const Spec& spec_;
  const EmitOptions& options_;
  std::vector<Axis> dispatch_;
  CodeWriter w_;
};

}  // namespace

std::string emit_bench(const Spec& spec, const EmitOptions& options) {
  return Emitter(spec, options).run();
}

}  // namespace jitbench::gen
