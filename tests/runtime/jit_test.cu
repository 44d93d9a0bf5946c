// JIT impls on the GPU: compiled with NVRTC before their first launch, launched in the graph
// like any other call, checked against the reference, and their failures are their own rows.

#include "gpu_test_support.cuh"
#include <jitbench/jit.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace jitbench {
namespace {

using testing::copy_case;
using testing::copy_impl;
using testing::desc_for;
using testing::run_case;

// Kernels come from this test's folder; the cache is the test's own, under the build's temp dir.
const char* const test_dir = JITBENCH_TEST_DIR;

void use_test_cache() {
  static const bool set = [] {
    const auto dir = std::filesystem::temp_directory_path() / "jitbench_jit_test_cache";
    return setenv("JITBENCH_JIT_CACHE", dir.c_str(), 0) == 0;
  }();
  ASSERT_TRUE(set);
}

JitCall copy_call(std::int64_t n, std::int64_t threads = 256) {
  JitCall call;
  call.source = "jit_kernels.cuh";
  call.kernel = "jit_test::copy_kernel<float>";
  call.launch = [n, threads](std::int64_t sm_count) {
    JitLaunch launch;
    launch.grid = {2 * sm_count, 1, 1};
    launch.block = {threads, 1, 1};
    launch.args = {JitArg::tensor(0), JitArg::tensor(1), JitArg::of(n)};
    return launch;
  };
  return call;
}

// copy_case's tensors, with a JIT impl at `index`.
CaseSpec with_jit(CaseSpec spec, std::size_t index, JitCall call) {
  add_jit_impl(spec, index, std::move(call), test_dir);
  return spec;
}

TEST(Jit, AJitImplInTheGraphPassesTheReferenceCheck) {
  JITBENCH_REQUIRE_GPU();
  use_test_cache();
  const std::int64_t n = 1 << 20;
  const CaseResult r = run_case(desc_for({"aot", "jit"}, "aot"),
                                with_jit(copy_case(n, {copy_impl(n), {}}), 1, copy_call(n)));
  const ImplResult& jit = r.impls[1];
  ASSERT_EQ(jit.status, ImplStatus::ok) << jit.reason;
  EXPECT_TRUE(jit.check.checked);
  EXPECT_TRUE(jit.check.passed);
  EXPECT_EQ(jit.mode, RunMode::graph) << jit.mode_reason;
  ASSERT_TRUE(jit.jit_compile_s);
  EXPECT_GT(*jit.jit_compile_s, 0);
  EXPECT_FALSE(r.impls[0].jit_compile_s) << "an AOT impl has no compile time";
  EXPECT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;

  // A second case of the same instantiation compiles nothing again: it shows the same cost.
  const CaseResult again = run_case(desc_for({"aot", "jit"}, "aot"),
                                    with_jit(copy_case(n, {copy_impl(n), {}}), 1, copy_call(n)));
  ASSERT_TRUE(again.impls[1].jit_compile_s);
  EXPECT_EQ(*again.impls[1].jit_compile_s, *jit.jit_compile_s);
  EXPECT_EQ(again.impls[1].jit_cache_hit, jit.jit_cache_hit);
}

TEST(Jit, AJitImplCanBeTheReference) {
  JITBENCH_REQUIRE_GPU();
  use_test_cache();
  const std::int64_t n = 4096;
  const CaseResult r = run_case(desc_for({"jit", "aot"}, "jit"),
                                with_jit(copy_case(n, {{}, copy_impl(n)}), 0, copy_call(n)));
  EXPECT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  ASSERT_EQ(r.impls[1].status, ImplStatus::ok) << r.impls[1].reason;
  EXPECT_TRUE(r.impls[1].check.passed);
}

TEST(Jit, ABrokenSourceIsAnErrorRowAtItsLineWhileTheOthersAreTimed) {
  JITBENCH_REQUIRE_GPU();
  use_test_cache();
  const std::int64_t n = 4096;
  JitCall broken = copy_call(n);
  broken.source = "jit_broken.cuh";
  broken.kernel = "jit_test::broken_kernel";
  const CaseResult r = run_case(desc_for({"aot", "broken"}, "aot"),
                                with_jit(copy_case(n, {copy_impl(n), {}}), 1, broken));
  EXPECT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_GT(r.impls[0].summary.samples, 0u);
  EXPECT_EQ(r.impls[1].status, ImplStatus::error);
  const std::string where = std::string(test_dir) + "/jit_broken.cuh:11:21: error: identifier " +
                            "\"not_declared\" is undefined; full log: ";
  EXPECT_EQ(r.impls[1].reason.rfind("jit setup: " + where, 0), 0u) << r.impls[1].reason;
}

TEST(Jit, ArgumentsThatDoNotFitTheKernelAreAnErrorRow) {
  JITBENCH_REQUIRE_GPU();
  use_test_cache();
  const std::int64_t n = 4096;
  JitCall call = copy_call(n);
  call.launch = [](std::int64_t) {
    JitLaunch launch;
    launch.block = {256, 1, 1};
    launch.args = {JitArg::tensor(0), JitArg::tensor(1), JitArg::of(std::int32_t{4096})};
    return launch;
  };
  const CaseResult r = run_case(desc_for({"aot", "jit"}, "aot"),
                                with_jit(copy_case(n, {copy_impl(n), {}}), 1, call));
  EXPECT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  EXPECT_EQ(r.impls[1].status, ImplStatus::error);
  EXPECT_EQ(r.impls[1].reason,
            "jit setup: the arguments do not fit: argument 3 is a 4-byte signed integer, but "
            "parameter 3 of void jit_test::copy_kernel<float>(float const*, float*, long long) is "
            "long long (8 bytes)");
}

TEST(Jit, ABlockLargerThanTheKernelTakesIsAnErrorRow) {
  JITBENCH_REQUIRE_GPU();
  use_test_cache();
  const std::int64_t n = 4096;
  const CaseResult r = run_case(desc_for({"aot", "jit"}, "aot"),
                                with_jit(copy_case(n, {copy_impl(n), {}}), 1, copy_call(n, 512)));
  EXPECT_EQ(r.impls[1].status, ImplStatus::error);
  EXPECT_EQ(r.impls[1].reason,
            "jit setup: block (512, 1, 1) has 512 threads; this kernel can have 256 a block (its "
            "registers and __launch_bounds__)");
}

}  // namespace
}  // namespace jitbench
