// CUPTI is loaded with dlopen when --verify-timing needs it; when it cannot be, the error names
// every place that was searched.

#include "cupti_library.hpp"

#include "kernel_trace.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace jitbench::detail {
namespace {

TEST(CuptiLibrary, MissingLibraryNamesEveryPlaceSearched) {
  try {
    open_first_library({"libcupti.so.999", "/nowhere/lib64/libcupti.so.999"},
                       "--verify-timing needs CUPTI");
    FAIL() << "loaded a library that does not exist";
  } catch (const std::runtime_error& e) {
    const std::string text = e.what();
    EXPECT_EQ(text.rfind("--verify-timing needs CUPTI (libcupti.so.999), which could not be "
                         "loaded; tried:\n  libcupti.so.999 (LD_LIBRARY_PATH=",
                         0),
              0u)
        << text;
    EXPECT_NE(text.find("\n  /nowhere/lib64/libcupti.so.999: "), std::string::npos) << text;
    EXPECT_NE(text.find("add the folder that holds libcupti.so.999 to LD_LIBRARY_PATH"),
              std::string::npos)
        << text;
  }
}

TEST(CuptiLibrary, LoadsFromTheToolkitItWasBuiltWith) {
  // CI has the CUDA Toolkit, CUPTI included, where the build found it; no GPU is needed to load.
  EXPECT_NO_THROW(load_cupti());
}

}  // namespace
}  // namespace jitbench::detail
