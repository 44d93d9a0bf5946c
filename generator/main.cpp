// jitbench-gen: checks a benchmark spec and writes its translation unit. Flags and file I/O
// only; everything else is jitbench_gen_lib.

#include "emit_bench.hpp"
#include "grid.hpp"
#include "include_check.hpp"
#include "spec_loader.hpp"

#include <cxxopts.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;
using jitbench::gen::Diagnostic;

constexpr int exit_ok = 0;
constexpr int exit_spec_error = 1;
constexpr int exit_usage = 2;

// Reads the spec, refusing one larger than the loader accepts without reading it (a 10 GB file
// or /dev/zero must not hang the build).
bool read_spec(const std::string& path, std::string& text) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!ec && size > jitbench::gen::max_spec_bytes) {
    std::cerr << jitbench::gen::spec_too_large(path, size).str() << "\n";
    return false;
  }
  if (fs::is_directory(path, ec)) {
    std::cerr << Diagnostic{path, {}, "cannot open the spec: it is a directory"}.str() << "\n";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const Diagnostic d{path, {}, std::string("cannot open the spec: ") + std::strerror(errno)};
    std::cerr << d.str() << "\n";
    return false;
  }
  text.resize(jitbench::gen::max_spec_bytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    std::cerr << Diagnostic{path, {}, "cannot read the spec"}.str() << "\n";
    return false;
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > jitbench::gen::max_spec_bytes) {  // not a regular file: no size known
    const std::string limit = std::to_string(jitbench::gen::max_spec_bytes);
    std::cerr << Diagnostic{path,
                            {},
                            "the file is more than " + limit + " bytes; a spec may be at most " +
                                limit}
                     .str()
              << "\n";
    return false;
  }
  return true;
}

// Prints the errors of a spec and their count, as a compiler does.
void report(const std::vector<Diagnostic>& diagnostics, const std::string& spec_path) {
  for (const Diagnostic& d : diagnostics) std::cerr << d.str() << "\n";
  std::cerr << diagnostics.size() << (diagnostics.size() == 1 ? " error" : " errors") << " in "
            << spec_path << "\n";
}

// Writes through a temporary file and a rename, so that an interrupted build never leaves a
// half-written translation unit behind.
bool write_file(const fs::path& path, const std::string& text) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << path.string() << ": error: cannot write: " << std::strerror(errno) << "\n";
      return false;
    }
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    std::cerr << path.string() << ": error: cannot write: " << ec.message() << "\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  cxxopts::Options options("jitbench-gen",
                           "Checks a jitbench benchmark spec (YAML) and writes the benchmark's "
                           "CUDA translation unit.");
  // clang-format off
  options.add_options()
    ("spec", "The spec to read", cxxopts::value<std::string>(), "FILE")
    ("spec-name", "The spec's name in the generated file (its header and #line directives), such as its path from the source root (default: --spec)", cxxopts::value<std::string>(), "NAME")
    ("out", "Write the translation unit here", cxxopts::value<std::string>(), "FILE")
    ("check", "Validate the spec only; write nothing")
    ("list", "Print the expanded grid (with --ci: the CI grid); write nothing")
    ("ci", "With --list: the CI grid")
    ("I,include-dir", "Also look for the spec's include: headers in DIR (repeatable; the spec's directory is searched first)", cxxopts::value<std::string>(), "DIR")
    ("h,help", "Print this help");
  // clang-format on
  options.positional_help("").custom_help(
      "--spec FILE [--spec-name NAME] [-I DIR]... (--out FILE | --check | --list [--ci])");

  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "jitbench-gen: " << e.what() << "\n" << options.help();
    return exit_usage;
  }
  if (args.count("help")) {
    std::cout << options.help();
    return exit_ok;
  }
  const int modes = static_cast<int>(args.count("out") + args.count("check") + args.count("list"));
  std::string problem;
  if (!args.count("spec")) {
    problem = "--spec is required";
  } else if (modes != 1) {
    problem = "give exactly one of --out, --check and --list";
  } else if (args.count("ci") && !args.count("list")) {
    problem = "--ci goes with --list";
  } else if (!args.unmatched().empty()) {
    problem = "unexpected argument '" + args.unmatched().front() + "'";
  }
  if (!problem.empty()) {
    std::cerr << "jitbench-gen: " << problem << "\n" << options.help();
    return exit_usage;
  }

  const std::string spec_path = args["spec"].as<std::string>();
  std::string text;
  if (!read_spec(spec_path, text)) return exit_spec_error;
  const jitbench::gen::LoadResult loaded = jitbench::gen::load_spec(text, spec_path);
  for (const Diagnostic& warning : loaded.warnings) std::cerr << warning.str() << "\n";
  if (!loaded.spec) {
    report(loaded.diagnostics, spec_path);
    return exit_spec_error;
  }
  const jitbench::gen::Spec& spec = *loaded.spec;

  if (args.count("list")) {
    const bool ci = args.count("ci") > 0;
    std::cout << jitbench::gen::format_grid(spec, jitbench::gen::expand_grid(spec, ci), ci);
    return exit_ok;
  }
  // Listing the grid needs no header; checking and generating do.
  std::vector<std::string> include_dirs;
  for (const cxxopts::KeyValue& arg : args.arguments()) {
    if (arg.key() == "include-dir") include_dirs.push_back(arg.value());
  }
  const std::vector<Diagnostic> missing = jitbench::gen::check_includes(
      spec, jitbench::gen::include_search_path(spec_path, include_dirs));
  if (!missing.empty()) {
    report(missing, spec_path);
    return exit_spec_error;
  }
  if (args.count("check")) return exit_ok;
  const fs::path out = args["out"].as<std::string>();
  jitbench::gen::EmitOptions emit_options;
  emit_options.output_name = out.filename().string();
  if (args.count("spec-name")) emit_options.spec_name = args["spec-name"].as<std::string>();
  return write_file(out, jitbench::gen::emit_bench(spec, emit_options)) ? exit_ok : exit_spec_error;
}
