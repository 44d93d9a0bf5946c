// The run-time check that a benchmark holds machine code for the GPU it runs on, and how a build
// is described in the results.

#include <jitbench/build_info.hpp>

#include <gtest/gtest.h>

namespace jitbench::detail {
namespace {

BuildInfo build(const std::string& cuda_architectures, std::vector<int> arch_list) {
  BuildInfo b;
  b.cuda_architectures = cuda_architectures;
  b.arch_list = std::move(arch_list);
  b.build_type = "Release";
  return b;
}

TEST(MissingSass, NoneWhenBuiltForTheDevice) {
  EXPECT_EQ(missing_sass_warning(build("90", {900}), 9, 0), std::nullopt);
  EXPECT_EQ(missing_sass_warning(build("80-real 90-real", {800, 900}), 9, 0), std::nullopt);
  EXPECT_EQ(missing_sass_warning(build("90a", {900}), 9, 0), std::nullopt);
}

TEST(MissingSass, NoneWhenSassOfTheSameMajorRuns) {
  // sm_80 machine code runs on an sm_86 device.
  EXPECT_EQ(missing_sass_warning(build("80", {800}), 8, 6), std::nullopt);
}

TEST(MissingSass, CMakesDefaultOnAnH200) {
  // CMake 3.25 with nvcc 13 and no CMAKE_CUDA_ARCHITECTURES: the issue that added this check.
  EXPECT_EQ(missing_sass_warning(build("75", {750}), 9, 0),
            "this benchmark holds no SASS for this GPU (sm_90): it was built for sm_75; the "
            "driver compiles its compute_75 PTX when it loads, and the code written for newer "
            "GPUs (such as __CUDA_ARCH__ >= 900) is compiled out. Build it with "
            "-DCMAKE_CUDA_ARCHITECTURES=90 (scripts/bench: JITBENCH_CUDA_ARCH=90)");
}

TEST(MissingSass, PtxOfTheDevicesOwnArchitecture) {
  const auto warning = missing_sass_warning(build("90-virtual", {900}), 9, 0);
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("built for compute_90 (PTX only); the driver compiles its compute_90 "
                          "PTX when it loads, which the timing does not include"),
            std::string::npos)
      << *warning;
}

TEST(MissingSass, NothingThatCanRun) {
  const auto warning = missing_sass_warning(build("90", {900}), 8, 0);
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("nor PTX that the driver can compile for it, so its kernels cannot run"),
            std::string::npos)
      << *warning;
  // sm_90a code runs on 9.0 alone.
  EXPECT_TRUE(missing_sass_warning(build("90a", {900}), 10, 0));
}

TEST(MissingSass, NativeAndUnknownBuildsUseNvccsList) {
  EXPECT_EQ(missing_sass_warning(build("native", {900}), 9, 0), std::nullopt);
  EXPECT_TRUE(missing_sass_warning(build("native", {750}), 9, 0));
  EXPECT_TRUE(missing_sass_warning(build("", {750}), 9, 0));
  EXPECT_EQ(missing_sass_warning(build("", {}), 9, 0), std::nullopt);  // not known: no warning
}

TEST(BuildText, ArchitecturesAndBuildType) {
  EXPECT_EQ(architectures_text(build("80-real 90", {800, 900})), "sm_80, sm_90");
  EXPECT_EQ(architectures_text(build("90-virtual", {900})), "compute_90 (PTX only)");
  EXPECT_EQ(architectures_text(build("", {750, 900})), "sm_75, sm_90");
  EXPECT_EQ(build_summary("sm_90", "Release"), "built for sm_90 (Release)");
  EXPECT_EQ(build_summary("sm_90", ""), "built for sm_90");
  EXPECT_EQ(build_summary("", "Debug"), "build type Debug");
  EXPECT_EQ(build_summary("", ""), "");
}

}  // namespace
}  // namespace jitbench::detail
