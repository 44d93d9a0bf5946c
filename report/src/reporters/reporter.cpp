#include "reporters/reporters.hpp"
#include <jitbench/reporter.hpp>

#include <stdexcept>
#include <string>

namespace jitbench {

std::vector<std::string_view> reporter_formats() { return {"text", "md", "csv", "json"}; }

std::unique_ptr<Reporter> make_reporter(std::string_view format, std::ostream& out) {
  if (format == "text") return detail::make_text_reporter(out);
  if (format == "md") return detail::make_markdown_reporter(out);
  if (format == "csv") return detail::make_csv_reporter(out);
  if (format == "json") return detail::make_json_reporter(out);
  std::string known;
  for (std::string_view f : reporter_formats())
    known += (known.empty() ? "" : ", ") + std::string(f);
  throw std::invalid_argument("unknown format '" + std::string(format) + "' (known: " + known +
                              ")");
}

}  // namespace jitbench
