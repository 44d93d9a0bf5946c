// The text and markdown reporters: one table of every case, written at the end when the column
// widths are known.
#include "model/figures.hpp"
#include "reporters/reporters.hpp"
#include "reporters/text_table.hpp"
#include <jitbench/build_info.hpp>
#include <jitbench/metrics.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>
#include <vector>

namespace jitbench::detail {

namespace {

constexpr int kParamGroup = -1;

bool is_number(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// One case as reported: an entry an impl, in the run's impl order.
using Row = std::vector<ResultEntry>;

const char* const kFlagLegend[][2] = {
    {"N", "noisy: still above the noise target when the case timed out"},
    {"S", "too few samples: quiet, but timed out before --min-samples/--min-time"},
    {"E", "eager launches behind a spin kernel, not a CUDA graph"},
    {"M", "memcpy/memset nodes in the graph; the eager time beside it [us]"},
    {"A",
     "a call allocates or frees device memory (cudaMallocAsync/cudaFreeAsync), and is timed "
     "with it"},
    {"T", "samples discarded while the SM clock was throttled"},
    {"V", "CUPTI kernel time disagrees with the measured time"},
    {"P", "CUPTI slowed the kernels it traced (its time above ours; our traced calls agree)"},
    {"L", "cold L2 not slower than warm on a working set smaller than L2: suspicious"},
    {"B",
     "GB/s above 1.2x the copy peak on a cold L2: memory: counts bytes a call does not move, or "
     "reads of tensors kept in L2 (cold: false)"},
};

class TableReporter final : public Reporter {
 public:
  TableReporter(std::ostream& out, bool markdown, std::size_t width)
      : out_(out), markdown_(markdown), width_(width) {}

  void begin(const RunInfo& info) override {
    info_ = info;
    if (info_.metrics.empty()) info_.metrics = {"median"};
    metrics_.clear();
    for (const std::string& name : info_.metrics) {
      metrics_.push_back(find_metric(name).value_or(Metric{name}));
    }
    rows_.clear();
  }

  void report_case(const std::vector<ResultEntry>& entries) override { rows_.push_back(entries); }

  void end() override {
    write_heading();
    TextTable table = build_table();
    if (rows_.empty()) {
      out_ << "(no cases)\n";
    } else if (markdown_) {
      write_markdown(out_, table);
    } else {
      write_fitted(table);
    }
    write_legend();
    out_.flush();
  }

 private:
  void write_heading() {
    if (markdown_) {
      out_ << "**" << info_.benchmark << "**" << (info_.doc.empty() ? "" : ": " + info_.doc)
           << "\n\n";
    } else {
      out_ << info_.benchmark << (info_.doc.empty() ? "" : ": " + info_.doc) << "\n";
    }
    std::string line;
    const DeviceInfo& d = info_.device;
    if (!d.name.empty()) {
      line = d.name + " (sm_" + std::to_string(d.cc_major) + std::to_string(d.cc_minor) + ", " +
             std::to_string(d.sm_count) + " SMs, L2 " +
             format_bytes(static_cast<double>(d.l2_bytes)) + "), ";
    }
    const std::string built =
        build_summary(architectures_text(info_.build), info_.build.build_type);
    if (!built.empty()) line += built + ", ";
    char noise[32];
    std::snprintf(noise, sizeof noise, "%g%%", info_.max_noise * 100);
    line += "L2 " + (info_.l2_mode.empty() ? std::string("cold") : info_.l2_mode) +
            ", noise target " + noise;
    out_ << line << "\n\n";
  }

  static const ResultEntry* find_impl(const Row& row, const std::string& name) {
    const auto it =
        std::find_if(row.begin(), row.end(), [&](const ResultEntry& e) { return e.impl == name; });
    return it == row.end() ? nullptr : &*it;
  }

  // A param's value in a row, in the run's param order.
  static std::string param_value(const Row& row, std::size_t p) {
    return row.empty() || p >= row[0].params.size() ? std::string() : row[0].params[p].second;
  }

  bool reference_selected() const {
    return std::find(info_.impl_names.begin(), info_.impl_names.end(), info_.reference) !=
           info_.impl_names.end();
  }

  std::string reason_cell(const std::string& text) {
    // Long reasons (a CUDA error string, a skip_if expression) would widen a column of numbers
    // for every row; they become numbered notes, each distinct text once.
    constexpr std::size_t kInlineReason = 20;
    if (markdown_ || text.size() <= kInlineReason) return text;
    auto it = std::find(notes_.begin(), notes_.end(), text);
    if (it == notes_.end()) it = notes_.insert(notes_.end(), text);
    const std::string label = text.substr(0, text.find(':'));
    return label + " [" + std::to_string(it - notes_.begin() + 1) + "]";
  }

  TextTable build_table() {
    notes_.clear();
    flags_used_.clear();
    any_timing_check_ = false;
    any_jit_ = false;
    TextTable t;
    for (std::size_t p = 0; p < info_.param_names.size(); ++p) {
      const bool numeric = std::all_of(rows_.begin(), rows_.end(), [&](const Row& row) {
        return is_number(param_value(row, p));
      });
      t.columns.push_back({info_.param_names[p], numeric, kParamGroup});
    }
    for (const Row& row : rows_) {
      std::vector<std::string> cells;
      for (std::size_t p = 0; p < info_.param_names.size(); ++p)
        cells.push_back(param_value(row, p));
      t.rows.push_back(std::move(cells));
    }
    add_plan_column(t);
    for (std::size_t k = 0; k < info_.impl_names.size(); ++k) {
      const std::string& name = info_.impl_names[k];
      bool any_tflops = false;
      bool any_flags = false;
      bool any_timing_check = false;
      bool any_jit = false;
      for (const Row& row : rows_) {
        if (const ResultEntry* entry = find_impl(row, name)) {
          any_jit = any_jit || entry->jit_compile_s.has_value();
          any_tflops = any_tflops || (entry->status == ImplStatus::ok && entry->tflops);
          any_flags = any_flags || !entry->flags.empty();
          any_timing_check = any_timing_check || entry->timing_check.has_value();
        }
      }
      const int group = static_cast<int>(k);
      for (const Metric& m : metrics_) {
        t.columns.push_back({name + (m.name == "median" ? "" : " " + m.name) + " [" +
                                 std::string(metric_table_unit(m)) + "]",
                             true, group});
      }
      t.columns.push_back({name + " GB/s", true, group});
      if (any_tflops) t.columns.push_back({name + " TFLOP/s", true, group});
      const bool with_speedup = reference_selected() && name != info_.reference;
      if (with_speedup) t.columns.push_back({name + " x", true, group});
      any_jit_ = any_jit_ || any_jit;
      if (any_jit) t.columns.push_back({name + " jit [s]", true, group});
      any_timing_check_ = any_timing_check_ || any_timing_check;
      if (any_timing_check) {
        for (const char* header : {" CUPTI", " ratio", " gap"}) {
          t.columns.push_back({name + header, true, group});
        }
      }
      if (any_flags) t.columns.push_back({name + " flags", false, group});
      const CellSet set{any_tflops, with_speedup, any_jit, any_timing_check, any_flags};
      for (std::size_t r = 0; r < rows_.size(); ++r) {
        append_impl_cells(rows_[r], name, set, t.rows[r]);
      }
    }
    return t;
  }

  // With --verify-timing, the cold-L2 plan of each case (its impls share it; the JSON has each
  // impl's own layout): one line under the table when every case has the same, else a column
  // of short labels (P1, P2, ...) beside the params, each spelled out under the table.
  void add_plan_column(TextTable& t) {
    plans_.clear();
    std::vector<std::string> row_plans;
    for (const Row& row : rows_) {
      const auto verified = std::find_if(row.begin(), row.end(), [](const ResultEntry& e) {
        return e.status == ImplStatus::ok && e.timing_check.has_value();
      });
      row_plans.push_back(verified == row.end() ? "" : plan_text(*verified));
      if (!row_plans.back().empty() &&
          std::find(plans_.begin(), plans_.end(), row_plans.back()) == plans_.end()) {
        plans_.push_back(row_plans.back());
      }
    }
    if (plans_.size() < 2) return;
    t.columns.push_back({"cold L2", false, kParamGroup});
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      const auto at = std::find(plans_.begin(), plans_.end(), row_plans[r]);
      t.rows[r].push_back(at == plans_.end() ? "-" : "P" + std::to_string(at - plans_.begin() + 1));
    }
  }

  // Which optional columns an impl's group has.
  struct CellSet {
    bool tflops;
    bool speedup;
    bool jit;           // a JIT impl: its compile time
    bool timing_check;  // --verify-timing: CUPTI kernel time, ratio, gap
    bool flags;
  };

  void append_impl_cells(const Row& row, const std::string& name, const CellSet& set,
                         std::vector<std::string>& cells) {
    const ResultEntry* entry = find_impl(row, name);
    const std::size_t count =
        metrics_.size() + 1 + set.tflops + set.speedup + set.jit + 3 * set.timing_check + set.flags;
    if (entry == nullptr || entry->status != ImplStatus::ok) {
      cells.push_back(entry == nullptr ? "-" : reason_cell(entry->error_message));
      for (std::size_t c = 1; c < count; ++c) cells.push_back("-");
      return;
    }
    for (const Metric& m : metrics_) {
      const std::optional<double> value = entry->metric(m.name);
      cells.push_back(value ? format_sig3(metric_in_table_unit(m, *value)) : "-");
    }
    std::string bandwidth = format_sig3(entry->bandwidth_gbps);
    if (entry->peak_fraction > 0) {
      bandwidth += " (" + std::to_string(std::lround(entry->peak_fraction * 100)) + "%)";
    }
    cells.push_back(bandwidth);
    if (set.tflops) cells.push_back(entry->tflops ? format_sig3(*entry->tflops) : "-");
    if (set.speedup) {
      const auto x = speedup(row, info_.reference, *entry);
      cells.push_back(x ? format_sig3(*x) : "-");
    }
    if (set.jit) {
      const auto& s = entry->jit_compile_s;
      cells.push_back(!s ? "-"
                         : format_sig3(*s) + (entry->jit_cache_hit.value_or(false) ? " hit" : ""));
    }
    if (set.timing_check) {
      if (const auto& c = entry->timing_check) {
        cells.push_back(format_sig3(c->kernel_time_us));
        cells.push_back(format_sig3(c->ratio));
        cells.push_back(format_sig3(c->gap_us));
      } else {
        cells.insert(cells.end(), 3, "-");
      }
    }
    if (set.flags) {
      std::string flags = entry->flags;
      for (char f : flags) {
        if (flags_used_.find(f) == std::string::npos) flags_used_ += f;
      }
      if (entry->memcpy_in_graph && entry->eager_median_us) {
        flags += " " + format_sig3(*entry->eager_median_us);
      }
      cells.push_back(flags);
    }
  }

  // Fits the table into width_ columns: params that never change move into a line above it,
  // then, if that is not enough, one table an impl.
  void write_fitted(const TextTable& full) {
    if (full.width() <= width_) return write_aligned(out_, full);
    std::vector<std::size_t> varying;
    std::string constant;
    for (std::size_t c = 0; c < full.columns.size(); ++c) {
      const bool same = full.columns[c].group == kParamGroup && full.rows.size() > 1 &&
                        std::all_of(full.rows.begin(), full.rows.end(),
                                    [&](const auto& row) { return row[c] == full.rows[0][c]; });
      if (same) {
        constant += (constant.empty() ? "" : " ") + full.columns[c].header + "=" + full.rows[0][c];
      } else {
        varying.push_back(c);
      }
    }
    if (!constant.empty()) out_ << "every row: " << constant << "\n\n";
    const TextTable table = full.project(varying);
    if (table.width() <= width_ || info_.impl_names.size() < 2) return write_aligned(out_, table);
    for (std::size_t k = 0; k < info_.impl_names.size(); ++k) {
      std::vector<std::size_t> keep;
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].group == kParamGroup || table.columns[c].group == static_cast<int>(k))
          keep.push_back(c);
      }
      if (k > 0) out_ << '\n';
      write_aligned(out_, table.project(keep));
    }
  }

  void write_legend() {
    std::vector<std::string> lines;
    for (const auto& [flag, meaning] : kFlagLegend) {
      if (flags_used_.find(flag[0]) == std::string::npos) continue;
      const char* lead = markdown_ ? "- " : lines.empty() ? "flags: " : "       ";
      lines.push_back(std::string(lead) + flag + (markdown_ ? ": " : "  ") + meaning);
    }
    if (any_timing_check_) {
      const std::string lead = markdown_ ? "- " : "";
      lines.push_back(lead + "CUPTI: kernel time a call as CUPTI recorded it [us]");
      lines.push_back(lead + "ratio: measured / CUPTI; gap: mean idle time between kernels [us]");
      if (plans_.size() == 1) lines.push_back(lead + "cold L2: " + plans_[0] + " (every case)");
      for (std::size_t p = 0; plans_.size() > 1 && p < plans_.size(); ++p) {
        lines.push_back(lead + "cold L2 P" + std::to_string(p + 1) + ": " + plans_[p]);
      }
    }
    if (any_jit_) {
      const std::string lead = markdown_ ? "- " : "";
      lines.push_back(lead +
                      "jit: seconds to compile a JIT impl's kernel (NVRTC) and load it, once a "
                      "process, never timed");
      lines.push_back(lead + "hit: the kernel was read from the JIT cache instead");
    }
    if (reference_selected() && info_.impl_names.size() > 1) {
      lines.push_back(std::string(markdown_ ? "- " : "") + "x: speedup over " + info_.reference +
                      " (" + info_.reference + " time / impl time; above 1 is faster)");
    }
    const DeviceInfo& d = info_.device;
    if (d.peak_copy_gbps > 0) {
      lines.push_back(std::string(markdown_ ? "- " : "") + "peak " + format_sig3(d.peak_copy_gbps) +
                      " GB/s: measured device-to-device cudaMemcpyAsync" +
                      (d.peak_copy_bytes > 0
                           ? " of " + format_bytes(static_cast<double>(d.peak_copy_bytes))
                           : std::string()) +
                      "; GB = 1e9 B");
    }
    for (std::size_t n = 0; n < notes_.size(); ++n) {
      lines.push_back((n == 0 ? "notes: [" : "       [") + std::to_string(n + 1) + "] " +
                      notes_[n]);
    }
    if (lines.empty()) return;
    out_ << '\n';
    for (const std::string& line : lines) out_ << line << '\n';
  }

  std::ostream& out_;
  const bool markdown_;
  const std::size_t width_;
  RunInfo info_;
  std::vector<Metric> metrics_;  // the latency columns
  std::vector<Row> rows_;
  std::vector<std::string> notes_;
  std::string flags_used_;
  bool any_timing_check_ = false;   // some impl was measured with --verify-timing
  bool any_jit_ = false;            // some impl is a JIT impl
  std::vector<std::string> plans_;  // the distinct cold-L2 plans, in order of first use
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(std::ostream& out, std::size_t width) {
  return std::make_unique<TableReporter>(out, false, width);
}

std::unique_ptr<Reporter> make_markdown_reporter(std::ostream& out) {
  return std::make_unique<TableReporter>(out, true, 0);
}

}  // namespace jitbench::detail
