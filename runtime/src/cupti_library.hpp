#pragma once

#include "dynamic_library.hpp"

#include <cupti.h>

#include <string>
#include <vector>

namespace jitbench::detail {

// The CUPTI functions KernelTrace calls, from libcupti loaded with dlopen the first time
// --verify-timing needs it: a benchmark does not link CUPTI, so it starts where no libcupti.so
// is installed or on the library path.
struct CuptiLibrary {
  decltype(&cuptiGetResultString) get_result_string = nullptr;
  decltype(&cuptiActivityRegisterCallbacks) activity_register_callbacks = nullptr;
  decltype(&cuptiActivityEnable) activity_enable = nullptr;
  decltype(&cuptiActivityDisable) activity_disable = nullptr;
  decltype(&cuptiActivityFlushAll) activity_flush_all = nullptr;
  decltype(&cuptiActivityGetNextRecord) activity_get_next_record = nullptr;
  decltype(&cuptiFinalize) finalize = nullptr;
};

// CUPTI, loaded once a process. Throws std::runtime_error that names every place searched when it
// cannot be loaded.
const CuptiLibrary& cupti();

}  // namespace jitbench::detail
