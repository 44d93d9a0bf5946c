#pragma once

// jitbench: timing GPU kernels with CUDA graphs on a cold L2.
//
// A benchmark describes its grid and its impls; the runtime does the rest. By hand:
//
//   jitbench::BenchmarkDesc desc;
//   desc.name = "scale";
//   desc.param_names = {"n"};
//   desc.impl_names = {"mine"};
//   desc.make_cases = [](bool ci) {
//     std::vector<jitbench::CaseSpec> cases;
//     for (std::int64_t n : ci ? std::vector<std::int64_t>{1 << 20}
//                              : std::vector<std::int64_t>{1 << 10, 1 << 20, 1 << 28}) {
//       jitbench::CaseSpec c;
//       c.param_values = {std::to_string(n)};
//       c.tensors = {{"x", jitbench::DType::fp32, {n}}};
//       c.reads = {{"x"}};
//       c.writes = {{"x"}};
//       c.impls = {[n](jitbench::Launch& l) {
//         scale(l.tensor(0).data_as<float>(), n, l.stream());
//       }};
//       cases.push_back(std::move(c));
//     }
//     return cases;
//   };
//   int main(int argc, char** argv) { return jitbench::run_main(argc, argv, desc); }
//
// The generator (jitbench-gen) writes exactly this from a YAML spec.

#include <jitbench/benchmark.hpp>
#include <jitbench/cuda_check.hpp>
#include <jitbench/dtype.hpp>
#include <jitbench/launch_check.hpp>
#include <jitbench/tensor.hpp>
