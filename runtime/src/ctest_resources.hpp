#pragma once

// CTest's resource allocation ("Resource Allocation" in the ctest manual): every benchmark test
// claims one GPU (RESOURCE_GROUPS gpus:1), so that `ctest -j N` never runs two benchmarks on
// one GPU and spreads them over all of a host's GPUs. CTest learns the GPUs from a resource spec
// file, and tells a test which one it got through environment variables.

#include <optional>
#include <string>

namespace jitbench::detail {

// The resource spec of a host with `gpus` GPUs, ids "0" .. "gpus-1", one slot each. A host
// with none gets one slot all the same: a benchmark then starts, finds no device and exits 77
// (skipped), where with no slot CTest would not run it and fail ("insufficient resources").
std::string resource_spec_json(int gpus);

// The device ordinal CTest handed the test: from CTEST_RESOURCE_GROUP_COUNT and
// CTEST_RESOURCE_GROUP_0_GPUS ("id:1,slots:1"); nothing when the test was not given a GPU
// (either is unset). A value that is not of that form is a UsageError naming the variable.
std::optional<int> ctest_gpu(const char* group_count, const char* group_0_gpus);

}  // namespace jitbench::detail
