#pragma once

#include <jitbench/reporter.hpp>
#include <jitbench/results.hpp>

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace jitbench::detail {

// The reporters behind make_reporter(), with the knobs tests need.
//
// text: an aligned table of every case at the end. A table wider than `width` columns first
// moves params that are the same in every row into a line above it, then splits into one
// table an impl. Reasons longer than a cell go into numbered notes under the table.
std::unique_ptr<Reporter> make_text_reporter(std::ostream& out, std::size_t width = 100);
// md: the same table as GitHub markdown, never split.
std::unique_ptr<Reporter> make_markdown_reporter(std::ostream& out);
// csv: a header row, then one row a case and impl, written as each case finishes.
std::unique_ptr<Reporter> make_csv_reporter(std::ostream& out);
// json: Google Benchmark's schema (results.hpp), benchmarks written as each case finishes.
// Without `host`, the context describes this machine.
std::unique_ptr<Reporter> make_json_reporter(std::ostream& out,
                                             std::optional<HostInfo> host = std::nullopt);

}  // namespace jitbench::detail
