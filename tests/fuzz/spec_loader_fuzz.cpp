// Feeds arbitrary bytes to the spec loader as a YAML file. Whatever the input, load_spec must
// return (diagnostics or a spec) without crashing, hanging or touching memory it does not own;
// a spec it accepts must expand and emit, as jitbench-gen would.

#include "emit_bench.hpp"
#include "grid.hpp"
#include "spec_loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const jitbench::gen::LoadResult loaded = jitbench::gen::load_spec(text, "fuzz.yaml");
  if (!loaded.spec) {
    for (const jitbench::gen::Diagnostic& d : loaded.diagnostics) (void)d.str();
    return 0;
  }
  const jitbench::gen::Grid ci_grid = jitbench::gen::expand_grid(*loaded.spec, true);
  (void)jitbench::gen::format_grid(*loaded.spec, ci_grid, true);
  (void)jitbench::gen::emit_bench(*loaded.spec, jitbench::gen::EmitOptions{});
  return 0;
}
