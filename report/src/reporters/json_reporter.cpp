// The JSON reporter: the results document (results.hpp), each case's entries written as the case
// finishes, so that a long run's entries are not all held in memory.
#include "reporters/reporters.hpp"
#include "schema/json_fields.hpp"

#include <ostream>

namespace jitbench::detail {

namespace {

// `json` indented as it stands `level` levels deep in a document indented by two.
std::string nested(const nlohmann::ordered_json& json, int level) {
  std::string text = dump(json, 2);
  const std::string indent(2 * static_cast<std::size_t>(level), ' ');
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
    text.insert(at + 1, indent);
  }
  return text;
}

class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::ostream& out, std::optional<HostInfo> host)
      : out_(out), host_(std::move(host)) {}

  void begin(const RunInfo& info) override {
    entries_ = 0;
    const ResultsContext context =
        make_context(info, host_ ? *host_ : current_host(info.command_line));
    out_ << "{\n  \"context\": " << nested(context, 1) << ",\n  \"benchmarks\": [";
    out_.flush();
  }

  void report_case(const std::vector<ResultEntry>& entries) override {
    for (const ResultEntry& entry : entries) {
      out_ << (entries_++ ? ",\n    " : "\n    ") << nested(entry, 2);
    }
    out_.flush();
  }

  void end() override {
    out_ << (entries_ ? "\n  ]\n}\n" : "]\n}\n");
    out_.flush();
  }

 private:
  std::ostream& out_;
  std::optional<HostInfo> host_;
  std::size_t entries_ = 0;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(std::ostream& out, std::optional<HostInfo> host) {
  return std::make_unique<JsonReporter>(out, std::move(host));
}

}  // namespace jitbench::detail
