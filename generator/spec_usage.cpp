// Which params and type axes a spec's calls see: one that nothing uses multiplies the grid with
// cases that time the same calls.
#include "call_string.hpp"
#include "spec_sections.hpp"

#include <algorithm>
#include <set>

namespace jitbench::gen {

namespace {

void add_names(const SpecExpr& e, std::set<std::string>& used) {
  for (const std::string& name : e.expr.names()) used.insert(name);
}

void add_names(const JitText& text, std::set<std::string>& used) {
  for (const JitText::Piece& piece : text.pieces) {
    if (piece.is_name) used.insert(piece.text);
  }
}

// The names of params and type axes that the spec's tensors, expressions and impls use.
std::set<std::string> used_names(const Spec& spec) {
  std::set<std::string> used;
  for (const TensorDecl& tensor : spec.tensors) {
    for (const SpecExpr& dim : tensor.shape) add_names(dim, used);
    if (tensor.randperm_range) add_names(*tensor.randperm_range, used);
    if (tensor.dtype_is_axis) used.insert(tensor.dtype);
  }
  for (const auto* terms : {&spec.reads, &spec.writes}) {
    for (const TrafficTerm& term : *terms) {
      if (term.bytes) add_names(*term.bytes, used);
    }
  }
  if (spec.flops) add_names(*spec.flops, used);
  for (const Impl& impl : spec.impls) {
    if (!impl.jit) {
      const std::set<std::string> call = free_identifiers(impl.call);
      used.insert(call.begin(), call.end());
      continue;
    }
    for (const SpecExpr* e : impl.jit->expressions()) add_names(*e, used);
    add_names(impl.jit->kernel, used);
    for (const JitText& option : impl.jit->options) add_names(option, used);
  }
  return used;
}

}  // namespace

void Loader::warn_unused_axes() {
  const std::set<std::string> used = used_names(spec_);
  const auto warn_of = [&](const std::string& kind, const std::string& name, SourceLoc loc,
                           std::size_t values) {
    if (values < 2 || used.count(name)) return;
    diag_.warn(loc, kind + " '" + name +
                        "' reaches no call: no tensor, byte count or impl uses it, " + "so its " +
                        std::to_string(values) + " values time the same calls " +
                        std::to_string(values) + " times");
  };
  for (std::size_t p = 0; p < spec_.params.size(); ++p) {
    const Param& param = spec_.params[p];
    // A zipped param advances with the others of its zip: its values add no cases unless no
    // param of the zip is used.
    const auto zip = std::find_if(spec_.zips.begin(), spec_.zips.end(), [&](const Zip& z) {
      return std::find(z.params.begin(), z.params.end(), p) != z.params.end();
    });
    if (zip != spec_.zips.end() &&
        std::any_of(zip->params.begin(), zip->params.end(),
                    [&](std::size_t q) { return used.count(spec_.params[q].name) > 0; })) {
      continue;
    }
    warn_of("param", param.name, param.loc, param.size());
  }
  for (const TypeAxis& axis : spec_.types) {
    warn_of("type axis", axis.name, axis.loc, axis.values.size());
  }
}

void Loader::warn_streamless_calls() {
  for (const Impl& impl : spec_.impls) {
    if (impl.jit || free_identifiers(impl.call).count("stream")) continue;
    diag_.warn(impl.loc, "impl '" + impl.name +
                             "' never names 'stream': its work runs on another stream than the "
                             "one the check waits for and the timing captures (a mismatch or "
                             "an error row); pass 'stream' to its launches");
  }
}

}  // namespace jitbench::gen
