// The text and markdown reporters: one table of every case, written at the end when the column
// widths are known.
#include <jitbench/detail/build_check.hpp>
#include <jitbench/detail/figures.hpp>
#include <jitbench/detail/reporters.hpp>

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

struct Column {
  std::string header;
  bool right_aligned = true;
  int group = kParamGroup;  // the impl the column belongs to, or kParamGroup
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;

  std::size_t width() const {
    std::size_t total = 0;
    for (std::size_t c = 0; c < columns.size(); ++c) total += column_width(c) + (c ? 2 : 0);
    return total;
  }
  std::size_t column_width(std::size_t c) const {
    std::size_t w = columns[c].header.size();
    for (const auto& row : rows) w = std::max(w, row[c].size());
    return w;
  }
  // The table with only the columns `keep` selects, in order.
  Table project(const std::vector<std::size_t>& keep) const {
    Table t;
    for (std::size_t c : keep) t.columns.push_back(columns[c]);
    for (const auto& row : rows) {
      std::vector<std::string> cells;
      for (std::size_t c : keep) cells.push_back(row[c]);
      t.rows.push_back(std::move(cells));
    }
    return t;
  }
};

bool is_number(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// Cases as reported: the samples are dropped once the metrics are computed, so that a long run
// does not keep every sample of every case until the table is printed.
struct Row {
  CaseResult result;
  std::vector<std::vector<double>> metric_s;  // [impl in result.impls][metric]
};

const char* const kFlagLegend[][2] = {
    {"N", "noisy: still above the noise target when the case timed out"},
    {"S", "too few samples: quiet, but timed out before --min-samples/--min-time"},
    {"E", "eager launches behind a spin kernel, not a CUDA graph"},
    {"M", "memcpy/memset nodes in the graph; the eager time beside it [us]"},
    {"T", "samples discarded while the SM clock was throttled"},
    {"V", "CUPTI kernel time disagrees with the measured time"},
    {"L", "cold L2 not slower than warm on a working set smaller than L2: suspicious"},
};

class TableReporter final : public Reporter {
 public:
  TableReporter(std::ostream& out, bool markdown, std::size_t width)
      : out_(out), markdown_(markdown), width_(width) {}

  void begin(const RunInfo& info) override {
    info_ = info;
    if (info_.metrics.empty()) info_.metrics = {"median"};
    rows_.clear();
  }

  void report_case(const CaseResult& result) override {
    Row row{result, {}};
    for (ImplResult& impl : row.result.impls) {
      std::vector<double> values;
      for (const std::string& m : info_.metrics) values.push_back(impl_metric(impl, m));
      row.metric_s.push_back(std::move(values));
      impl.samples_s.clear();
      impl.samples_s.shrink_to_fit();
    }
    rows_.push_back(std::move(row));
  }

  void end() override {
    write_heading();
    Table table = build_table();
    if (rows_.empty()) {
      out_ << "(no cases)\n";
    } else if (markdown_) {
      write_markdown(table);
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

  const ImplResult* find_impl(const CaseResult& result, const std::string& name,
                              std::size_t* index) const {
    for (std::size_t i = 0; i < result.impls.size(); ++i) {
      if (result.impls[i].impl == name) {
        *index = i;
        return &result.impls[i];
      }
    }
    return nullptr;
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

  Table build_table() {
    notes_.clear();
    flags_used_.clear();
    any_timing_check_ = false;
    any_jit_ = false;
    Table t;
    for (std::size_t p = 0; p < info_.param_names.size(); ++p) {
      bool numeric = true;
      for (const Row& row : rows_) {
        numeric =
            numeric && p < row.result.param_values.size() && is_number(row.result.param_values[p]);
      }
      t.columns.push_back({info_.param_names[p], numeric, kParamGroup});
    }
    for (const Row& row : rows_) {
      std::vector<std::string> cells = row.result.param_values;
      cells.resize(info_.param_names.size());
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
        std::size_t i = 0;
        if (const ImplResult* impl = find_impl(row.result, name, &i)) {
          any_jit = any_jit || impl->jit_compile_s.has_value();
          any_tflops = any_tflops || (impl->status == ImplStatus::ok && impl->tflops);
          any_flags = any_flags || !impl_flags(*impl).empty();
          any_timing_check = any_timing_check || impl->timing_check.has_value();
        }
      }
      const int group = static_cast<int>(k);
      for (const std::string& m : info_.metrics) {
        t.columns.push_back(
            {name + (m == "median" ? "" : " " + m) + " [" + std::string(metric_unit(m)) + "]", true,
             group});
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
  void add_plan_column(Table& t) {
    plans_.clear();
    std::vector<std::string> row_plans;
    for (const Row& row : rows_) {
      const auto& impls = row.result.impls;
      const auto verified = std::find_if(impls.begin(), impls.end(), [](const ImplResult& impl) {
        return impl.status == ImplStatus::ok && impl.timing_check.has_value();
      });
      row_plans.push_back(verified == impls.end() ? "" : plan_text(*verified));
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
    std::size_t i = 0;
    const ImplResult* impl = find_impl(row.result, name, &i);
    const std::size_t count = info_.metrics.size() + 1 + set.tflops + set.speedup + set.jit +
                              3 * set.timing_check + set.flags;
    if (impl == nullptr || impl->status != ImplStatus::ok) {
      cells.push_back(impl == nullptr ? "-" : reason_cell(failure_text(*impl)));
      for (std::size_t c = 1; c < count; ++c) cells.push_back("-");
      return;
    }
    for (std::size_t m = 0; m < info_.metrics.size(); ++m) {
      cells.push_back(format_sig3(metric_in_unit(row.metric_s[i][m], info_.metrics[m])));
    }
    std::string bandwidth = format_sig3(impl->bandwidth_gbps);
    if (impl->peak_fraction > 0) {
      bandwidth += " (" + std::to_string(std::lround(impl->peak_fraction * 100)) + "%)";
    }
    cells.push_back(bandwidth);
    if (set.tflops) cells.push_back(impl->tflops ? format_sig3(*impl->tflops) : "-");
    if (set.speedup) {
      const auto x = speedup(row.result, info_.reference, *impl);
      cells.push_back(x ? format_sig3(*x) : "-");
    }
    if (set.jit) {
      const auto& s = impl->jit_compile_s;
      cells.push_back(!s ? "-" : format_sig3(*s) + (impl->jit_cache_hit ? " hit" : ""));
    }
    if (set.timing_check) {
      if (const auto& c = impl->timing_check) {
        cells.push_back(format_sig3(c->kernel_time_s * 1e6));
        cells.push_back(format_sig3(c->ratio));
        cells.push_back(format_sig3(c->gap_s * 1e6));
      } else {
        cells.insert(cells.end(), 3, "-");
      }
    }
    if (set.flags) {
      std::string flags = impl_flags(*impl);
      for (char f : flags) {
        if (flags_used_.find(f) == std::string::npos) flags_used_ += f;
      }
      if (impl->memcpy_in_graph && impl->eager_median_s) {
        flags += " " + format_sig3(*impl->eager_median_s * 1e6);
      }
      cells.push_back(flags);
    }
  }

  void write_text(const Table& t) {
    std::vector<std::size_t> widths;
    for (std::size_t c = 0; c < t.columns.size(); ++c) widths.push_back(t.column_width(c));
    auto write_row = [&](const std::vector<std::string>& cells) {
      std::string line;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (c > 0) line += "  ";
        const std::string pad(widths[c] - cells[c].size(), ' ');
        line += t.columns[c].right_aligned ? pad + cells[c] : cells[c] + pad;
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out_ << line << '\n';
    };
    std::vector<std::string> headers;
    for (const Column& c : t.columns) headers.push_back(c.header);
    write_row(headers);
    for (const auto& row : t.rows) write_row(row);
  }

  // Fits the table into width_ columns: params that never change move into a line above it,
  // then, if that is not enough, one table an impl.
  void write_fitted(const Table& full) {
    if (full.width() <= width_) return write_text(full);
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
    const Table table = full.project(varying);
    if (table.width() <= width_ || info_.impl_names.size() < 2) return write_text(table);
    for (std::size_t k = 0; k < info_.impl_names.size(); ++k) {
      std::vector<std::size_t> keep;
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].group == kParamGroup || table.columns[c].group == static_cast<int>(k))
          keep.push_back(c);
      }
      if (k > 0) out_ << '\n';
      write_text(table.project(keep));
    }
  }

  void write_markdown(const Table& t) {
    auto escape = [](const std::string& cell) {
      std::string text;
      for (char ch : cell) text += ch == '|' ? std::string("\\|") : std::string(1, ch);
      return text;
    };
    std::string header = "|";
    std::string rule = "|";
    for (const Column& c : t.columns) {
      header += " " + escape(c.header) + " |";
      rule += c.right_aligned ? "---:|" : ":---|";
    }
    out_ << header << '\n' << rule << '\n';
    for (const auto& row : t.rows) {
      std::string line = "|";
      for (const std::string& cell : row) line += " " + escape(cell) + " |";
      out_ << line << '\n';
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
