#pragma once

#include <jitbench/settings.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench {

// Bad command line: the message says what was wrong; the program prints it with the usage
// line and exits 2.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct CommandLine {
  Settings settings;
  bool help = false;
  bool device_given = false;  // --device was on the command line: it wins over CTest's GPU
  std::string out_dir;        // --out-dir: the folder of the --out file that out_dir_file names
};

// Parses the flags every benchmark takes; `environment_ci` (JITBENCH_CI) true means --ci.
// --filter, --impl and --metrics may be given more than once: filters intersect (a case must
// pass every one), lists join. A switch may be repeated; any other flag given twice is an error.
CommandLine parse_command_line(int argc, const char* const* argv, bool environment_ci);

// The value of JITBENCH_CI (null when unset): 1, true, yes, on mean the CI grid; 0, false, no,
// off, empty or unset do not; any case. Anything else is a UsageError.
bool parse_ci_environment(const char* value);

// The words of JITBENCH_ARGS (null when unset), split at whitespace: flags that every benchmark
// run takes before its own command line, for runs that ctest starts.
std::vector<std::string> environment_arguments(const char* value);

// The --out file that --out-dir DIR means: DIR/<benchmark>.json; DIR/<benchmark>.ci.json for
// the CI grid, so that `ctest -L bench` keeps both grids' files; .<i>of<n> before .json for a
// shard.
std::string out_dir_file(const std::string& dir, const std::string& benchmark,
                         const SelectionSettings& selection);

std::string usage_line(std::string_view program);
std::string help_text(std::string_view program);

// "i/n" of --shard, 1 <= i <= n.
Shard parse_shard(std::string_view text);

// "k=v[,k=v]" where a value may be a list "k=1|2".
std::vector<FilterTerm> parse_filter(std::string_view text);

}  // namespace jitbench
