#include <jitbench/benchmark.hpp>

#include <algorithm>
#include <stdexcept>

namespace jitbench {

namespace {

// The tensors the terms name, by index into spec.tensors, in order and without repeats.
std::vector<std::size_t> named_tensors(const CaseSpec& spec, const std::vector<Traffic>& terms) {
  std::vector<std::size_t> named;
  for (const Traffic& term : terms) {
    if (term.tensor.empty()) continue;
    const std::size_t index = tensor_index(spec, term.tensor);
    if (std::find(named.begin(), named.end(), index) == named.end()) named.push_back(index);
  }
  return named;
}

double traffic_bytes(const CaseSpec& spec, const std::vector<Traffic>& terms) {
  double total = 0;
  for (const Traffic& term : terms) {
    if (term.bytes) {
      total += *term.bytes;
    } else {
      total += static_cast<double>(spec.tensors[tensor_index(spec, term.tensor)].size_bytes());
    }
  }
  return total;
}

}  // namespace

double BenchmarkDesc::tolerance_for(DType dtype) const {
  for (const auto& [d, tol] : tolerance) {
    if (d == dtype) return tol;
  }
  return default_tolerance(dtype);
}

double bytes_read(const CaseSpec& spec) { return traffic_bytes(spec, spec.reads); }
double bytes_written(const CaseSpec& spec) { return traffic_bytes(spec, spec.writes); }

std::vector<std::size_t> output_tensors(const CaseSpec& spec) {
  return named_tensors(spec, spec.writes);
}

std::vector<std::size_t> input_tensors(const CaseSpec& spec) {
  const std::vector<std::size_t> outputs = output_tensors(spec);
  std::vector<std::size_t> inputs;
  for (std::size_t index : named_tensors(spec, spec.reads)) {
    if (std::find(outputs.begin(), outputs.end(), index) == outputs.end()) inputs.push_back(index);
  }
  return inputs;
}

std::size_t tensor_index(const CaseSpec& spec, std::string_view name) {
  for (std::size_t i = 0; i < spec.tensors.size(); ++i) {
    if (spec.tensors[i].name == name) return i;
  }
  throw std::invalid_argument("jitbench: no tensor named '" + std::string(name) + "' in this case");
}

}  // namespace jitbench
