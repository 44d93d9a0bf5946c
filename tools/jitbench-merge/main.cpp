// jitbench-merge -o ALL.json PART.json...: the results of one run made in parts (shards of
// `--shard i/n`, one a GPU or a Slurm array task) as one results file, which jitbench-report,
// jitbench-compare and --compare read like any other.

#include <jitbench/file_output.hpp>
#include <jitbench/format.hpp>
#include <jitbench/results_merge.hpp>

#include <cxxopts.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  cxxopts::Options options("jitbench-merge",
                           "The results files of one run made in parts, merged into one");
  options.add_options()("o,out", "Write the merged results to FILE", cxxopts::value<std::string>(),
                        "FILE")("h,help", "Print this help")(
      "parts", "Results files", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"parts"});
  options.positional_help("PART.json...");
  std::string out;
  std::vector<std::string> paths;
  try {
    const cxxopts::ParseResult r = options.parse(argc, argv);
    if (r.count("help")) {
      std::cout << options.help();
      return 0;
    }
    if (!r.count("out")) throw cxxopts::exceptions::exception("-o FILE is required");
    if (!r.count("parts")) throw cxxopts::exceptions::exception("no results files given");
    out = r["out"].as<std::string>();
    paths = r["parts"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "usage: jitbench-merge -o ALL.json PART.json...\njitbench-merge: " << e.what()
              << "\n";
    return 2;
  }
  try {
    std::vector<jitbench::ResultsFile> parts;
    for (const std::string& path : paths) {
      parts.push_back(jitbench::load_results(path));
      if (!parts.back().complete) {
        std::cerr << "jitbench-merge: warning: " << path
                  << " is the JSON lines of a run that did not finish; its finished cases are "
                     "merged\n";
      }
    }
    const jitbench::ResultsFile merged = jitbench::merge_results(parts);
    const std::string missing = jitbench::missing_shards(parts);
    if (!missing.empty()) {
      std::cerr << "jitbench-merge: warning: shards " << missing
                << " of the run are not among the parts; the merged file lacks their cases\n";
    }
    jitbench::write_atomically(out, [&](std::ostream& file) {
      file << jitbench::results_document(merged.context, merged.entries);
    });
    const auto count = [](std::size_t n, const char* noun) {
      return jitbench::count_of(static_cast<long long>(n), noun);
    };
    std::cout << "jitbench-merge: " << count(merged.entries.size(), "result") << " of "
              << count(merged.context.case_count, "case") << " from " << count(parts.size(), "file")
              << " into " << out << "\n";
  } catch (const std::exception& e) {
    std::cerr << "jitbench-merge: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
