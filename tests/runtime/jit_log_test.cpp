// NVRTC's log, as the row of a JIT impl that did not compile shows it: the first error at the
// source's file:line:column.

#include "jit/jit_log.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jitbench::detail {
namespace {

// As NVRTC 13 writes it for a program named by its path.
const char* const two_errors = R"(/src/kernels/k.cuh(3): error: identifier "nope" is undefined
      if (threadIdx.x < n) x[threadIdx.x] = twice(x[0]) + nope;
                                                          ^

/src/kernels/inc/h.cuh(3): error: identifier "undefined_thing" is undefined
    return x * undefined_thing;
               ^
          detected during instantiation of "void k(T *, long long) [with T=float]"

2 errors detected in the compilation of "/src/kernels/k.cuh".
)";

TEST(JitLog, TheFirstErrorIsAtItsFileLineAndColumn) {
  const auto e = first_log_error(two_errors);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file, "/src/kernels/k.cuh");
  EXPECT_EQ(e->line, 3);
  EXPECT_EQ(e->column, 57);  // of "nope" in the line as written, four spaces of indent
  EXPECT_EQ(e->message, "identifier \"nope\" is undefined");
  EXPECT_EQ(compile_error_summary(two_errors, "k<float>"),
            "/src/kernels/k.cuh:3:57: error: identifier \"nope\" is undefined (2 errors)");
}

TEST(JitLog, AnErrorInTheNameExpressionSaysSo) {
  const char* const log = R"(__nv_name_map(2): error: identifier "flot" is undefined
  #pragma nv_mangled_name k<flot, 1>
                            ^

__nv_name_map(2): error: Error in parsing name expression for lowered name lookup. Input name expression was: " k < flot, 1 >"
  #pragma nv_mangled_name k<flot, 1>
                          ^

2 errors detected in the compilation of "/src/k.cu".
)";
  EXPECT_EQ(compile_error_summary(log, "k<flot, 1>"),
            "the kernel name expression 'k<flot, 1>': identifier \"flot\" is undefined (2 errors)");
}

TEST(JitLog, ACatastrophicErrorHasNoCaretColumnWhenThereIsNone) {
  const char* const log = R"(/src/k.cu(1): catastrophic error: cannot open source file "nope.cuh"
  #include "nope.cuh"
                     ^

1 catastrophic error detected in the compilation of "/src/k.cu".
Compilation terminated.
)";
  EXPECT_EQ(compile_error_summary(log, "k"),
            "/src/k.cu:1:20: error: cannot open source file \"nope.cuh\"");
}

TEST(JitLog, AnOptionErrorHasNoFile) {
  EXPECT_EQ(compile_error_summary("nvrtc: error: unrecognized option -bogus found", "k"),
            "error: unrecognized option -bogus found");
}

TEST(JitLog, WithoutAnErrorTheFirstLineIsShown) {
  EXPECT_FALSE(first_log_error("\nsomething odd\n"));
  EXPECT_EQ(compile_error_summary("\nsomething odd\n", "k"), "something odd");
  EXPECT_EQ(compile_error_summary("", "k"), "NVRTC failed without a log");
}

}  // namespace
}  // namespace jitbench::detail
