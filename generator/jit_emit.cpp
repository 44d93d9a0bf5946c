#include "jit_emit.hpp"

#include "jit_impl_loader.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace jitbench::gen {

namespace {

bool is_type_axis(const Spec& spec, const std::string& name) {
  return std::any_of(spec.types.begin(), spec.types.end(),
                     [&](const TypeAxis& axis) { return axis.name == name; });
}

const Param* find_param(const Spec& spec, const std::string& name) {
  const auto it = std::find_if(spec.params.begin(), spec.params.end(),
                               [&](const Param& p) { return p.name == name; });
  return it == spec.params.end() ? nullptr : &*it;
}

// The C++ std::string expression of a text with $names: literals and the case's values, to be
// joined with +. A name-valued param puts in its name, or the C++ expression the name stands for.
std::vector<std::string> text_parts(const Spec& spec, const JitText& text) {
  std::vector<std::string> parts;
  bool first_is_string = false;  // a std::string already, that the others can be added to
  for (const JitText::Piece& piece : text.pieces) {
    const Param* param = piece.is_name ? find_param(spec, piece.text) : nullptr;
    if (!piece.is_name) {
      parts.push_back(cpp_string_literal(piece.text));
    } else if (is_type_axis(spec, piece.text)) {
      parts.push_back("jitbench::jit_type_name(params." + piece.text + ")");
    } else if (param->kind == ParamKind::mapped) {
      parts.push_back(param->name);  // emit_jit_function binds it to the expression's text
    } else {
      first_is_string = first_is_string || parts.empty();
      parts.push_back((param->is_integer() ? "std::to_string(params." : "std::string(params.") +
                      piece.text + ")");
    }
  }
  if (parts.size() == 1 && !text.pieces[0].is_name) return parts;
  if (!first_is_string) parts[0] = "std::string(" + parts[0] + ")";
  return parts;
}

std::string text_expression(const Spec& spec, const JitText& text) {
  std::string out;
  for (const std::string& part : text_parts(spec, text)) out += (out.empty() ? "" : " + ") + part;
  return out;
}

// The kernel's name expression and the options: the texts that may name type axes and params.
std::vector<const JitText*> texts(const JitImpl& jit) {
  std::vector<const JitText*> out = {&jit.kernel};
  for (const JitText& option : jit.options) out.push_back(&option);
  return out;
}

bool named_in_texts(const JitImpl& jit, const std::string& name) {
  for (const JitText* text : texts(jit)) {
    for (const JitText::Piece& piece : text->pieces) {
      if (piece.is_name && piece.text == name) return true;
    }
  }
  return false;
}

std::string dims(const std::vector<SpecExpr>& exprs) {
  std::vector<std::string> items;
  for (const SpecExpr& e : exprs) items.push_back(to_cpp_integer(e.expr));
  while (items.size() < 3) items.push_back("1");
  return "{" + items[0] + ", " + items[1] + ", " + items[2] + "}";
}

std::string argument(const Spec& spec, const JitArgument& arg) {
  if (!arg.tensor.empty()) {
    const auto at = std::find_if(spec.tensors.begin(), spec.tensors.end(),
                                 [&](const TensorDecl& t) { return t.name == arg.tensor; });
    return "jitbench::JitArg::tensor(" + std::to_string(at - spec.tensors.begin()) + ")";
  }
  const JitScalarType* type = find_jit_scalar_type(arg.type);
  const std::string value = arg.value ? to_cpp_integer(arg.value->expr) : arg.literal;
  return "jitbench::JitArg::of(static_cast<" + std::string(type->cpp) + ">(" + value + "))";
}

}  // namespace

void emit_mapped_value(CodeWriter& w, const Param& param, bool as_text) {
  const auto cpp = [&](const ParamName& name) {
    return as_text ? cpp_string_literal(name.cpp) : name.cpp;
  };
  std::vector<std::string> choices;  // `params.act == "silu" ? X`, ..., the last value
  for (std::size_t i = 0; i + 1 < param.names.size(); ++i) {
    choices.push_back("params." + param.name + " == " + cpp_string_literal(param.names[i].name) +
                      " ? " + cpp(param.names[i]));
  }
  choices.push_back(cpp(param.names.back()));
  const std::string start =
      std::string(as_text ? "const char* const " : "const auto ") + param.name + " = ";
  // On one line when it fits, else one choice a line, each under the first.
  std::string one_line;
  for (const std::string& choice : choices) one_line += (one_line.empty() ? "" : " : ") + choice;
  const std::size_t width =
      static_cast<std::size_t>(w.indentation()) + start.size() + one_line.size() + 1;  // the ';'
  std::string value;
  for (const std::string& choice : choices) {
    value += (value.empty() ? "" : " :\n" + std::string(start.size(), ' ')) + choice;
  }
  w.emit("$start$$value$;\n", {{"start", start}, {"value", width <= 98 ? one_line : value}});
}

bool has_jit_impls(const Spec& spec) {
  return std::any_of(spec.impls.begin(), spec.impls.end(),
                     [](const Impl& impl) { return impl.jit.has_value(); });
}

bool jit_uses_min_max(const Spec& spec) {
  for (const Impl& impl : spec.impls) {
    if (!impl.jit) continue;
    for (const SpecExpr* e : impl.jit->expressions()) {
      if (uses_min_max(e->expr)) return true;
    }
  }
  return false;
}

void emit_jit_function(CodeWriter& w, const Spec& spec, const Impl& impl) {
  const JitImpl& jit = *impl.jit;
  std::set<std::string> used;
  for (const SpecExpr* e : jit.expressions()) {
    for (const std::string& name : e->expr.names()) used.insert(name);
  }
  std::string kernel_text;
  for (const JitText::Piece& piece : jit.kernel.pieces) {
    kernel_text += piece.is_name ? "$" + piece.text : piece.text;
  }
  bool names_case = false;  // the function reads `params`
  for (const JitText* text : texts(jit)) {
    for (const JitText::Piece& piece : text->pieces) {
      // A mapped param of one name is that name's expression, whatever the case.
      const Param* param = piece.is_name ? find_param(spec, piece.text) : nullptr;
      names_case = names_case || (piece.is_name && !(param && param->kind == ParamKind::mapped &&
                                                     param->names.size() == 1));
    }
  }
  for (const Param& param : spec.params) names_case = names_case || used.count(param.name) > 0;
  w.emit(R"(// The JIT impl $name$, compiled with NVRTC when the benchmark runs: the kernel
// $kernel$ from $source$.
jitbench::JitCall jit_$name$(const Case&$params$) {
)",
         {{"name", impl.name},
          {"kernel", kernel_text},
          {"source", jit.source},
          {"params", names_case ? " params" : ""}});
  {
    auto indent = w.indent();
    for (const Param& param : spec.params) {
      if (param.kind == ParamKind::mapped && named_in_texts(jit, param.name)) {
        emit_mapped_value(w, param, true);
      }
    }
    w.emit(
        "jitbench::JitCall call;\ncall.source = $source$;\ncall.kernel = $kernel$;\n",
        {{"source", cpp_string_literal(jit.source)},
         {"kernel", wrap_list(text_parts(spec, jit.kernel), w.indentation() + 14, 4, 98, " +")}});
    if (!jit.options.empty()) {
      std::vector<std::string> options;
      for (const JitText& option : jit.options) options.push_back(text_expression(spec, option));
      w.emit("call.options = {$options$};\n",
             {{"options", wrap_list(options, w.indentation() + 16, 16, 98)}});
    }
    if (jit.arch_specific) w.emit("call.arch_specific = true;\n");
    if (jit.pdl) w.emit("call.pdl = true;\n");
    std::vector<std::string> bound;
    for (const Param& param : spec.params) {
      if (used.count(param.name)) bound.push_back(param.name);
    }
    w.emit("call.launch = [$capture$](std::int64_t$sm_count$) {\n",
           {{"capture", bound.empty() ? "" : "params"},
            {"sm_count", used.count("sm_count") ? " sm_count" : " /*sm_count*/"}});
    {
      auto indent_launch = w.indent();
      for (const std::string& name : bound) {
        w.emit("const std::int64_t $name$ = params.$name$;\n", {{"name", name}});
      }
      for (const JitLet& let : jit.lets) {
        w.emit("const std::int64_t $name$ = $value$;\n",
               {{"name", let.name}, {"value", to_cpp_integer(let.value.expr)}});
      }
      w.emit("jitbench::JitLaunch launch;\nlaunch.grid = $grid$;\nlaunch.block = $block$;\n",
             {{"grid", dims(jit.grid)}, {"block", dims(jit.block)}});
      if (jit.shared_mem) {
        w.emit("launch.shared_bytes = $bytes$;\n",
               {{"bytes", to_cpp_integer(jit.shared_mem->expr)}});
      }
      if (!jit.args.empty()) {
        std::vector<std::string> args;
        for (const JitArgument& arg : jit.args) args.push_back(argument(spec, arg));
        w.emit("launch.args = {$args$};\n",
               {{"args", wrap_list(args, w.indentation() + 15, 15, 98)}});
      }
      w.emit("return launch;\n");
    }
    w.emit("};\nreturn call;\n");
  }
  w.emit("}\n\n");
}

void emit_add_jit_impls(CodeWriter& w, const Spec& spec) {
  for (std::size_t i = 0; i < spec.impls.size(); ++i) {
    if (!spec.impls[i].jit) continue;
    w.emit("jitbench::add_jit_impl(spec, $index$, jit_$name$(params));\n",
           {{"index", std::to_string(i)}, {"name", spec.impls[i].name}});
  }
}

}  // namespace jitbench::gen
