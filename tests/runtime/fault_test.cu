// Faults become rows with a reason; the run goes on. A sticky error stops the run with the
// finished cases reported.

#include "gpu_test_support.cuh"
#include <jitbench/launch_check.hpp>

#include <cstdio>
#include <stdexcept>

namespace jitbench {
namespace {

using testing::copy_case;
using testing::copy_impl;
using testing::desc_for;
using testing::run_case;

__global__ void off_by_one(const float* src, float* dst, std::int64_t n, std::int64_t wrong) {
  for (std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x; i < n;
       i += std::int64_t{gridDim.x} * blockDim.x) {
    dst[i] = i == wrong ? src[i] + 1.0f : src[i];
  }
}

TEST(Faults, ThrowingImplIsAnErrorRowAndOthersStillRun) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  const ImplFunction throws = [](Launch&) { throw std::runtime_error("boom"); };
  const CaseResult r = run_case(desc_for({"bad", "good"}), copy_case(n, {throws, copy_impl(n)}));
  EXPECT_EQ(r.impls[0].status, ImplStatus::error);
  EXPECT_EQ(r.impls[0].reason, "timing setup: boom");
  EXPECT_EQ(r.impls[1].status, ImplStatus::ok) << r.impls[1].reason;
}

__global__ void noop_kernel() {}

// What the driver says of a block of 4096 threads (cudaErrorInvalidValue with CUDA 13,
// cudaErrorInvalidConfiguration before): "<name> (<description>)".
std::string oversized_block_error() {
  noop_kernel<<<1, 4096>>>();
  const cudaError_t status = cudaGetLastError();
  return std::string(cudaGetErrorName(status)) + " (" + cudaGetErrorString(status) + ")";
}

TEST(Faults, AnErrorReturnedByALauncherIsTheImplsErrorRow) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  // As generated code calls a launcher that returns its status: 4096 threads a block is an
  // invalid configuration.
  const ImplFunction bad = [](Launch& l) {
    check_launch("bad", [&] {
      noop_kernel<<<1, 4096, 0, l.stream()>>>();
      return cudaGetLastError();
    });
  };
  const CaseResult r = run_case(desc_for({"bad", "ref"}, "ref"), copy_case(n, {bad, copy_impl(n)}));
  EXPECT_EQ(r.impls[0].status, ImplStatus::error);
  EXPECT_EQ(r.impls[0].reason, "reference check: impl 'bad' returned " + oversized_block_error());
  EXPECT_EQ(r.impls[1].status, ImplStatus::ok) << r.impls[1].reason;
}

// Every impl is checked before it is timed: when the reference fails, no other impl can be, and
// none is timed.
TEST(Faults, AFailedReferenceLeavesTheOthersUntimedWithTheReason) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  const ImplFunction throws = [](Launch&) { throw std::runtime_error("boom"); };
  const CaseResult r =
      run_case(desc_for({"fast", "ref"}, "ref"), copy_case(n, {copy_impl(n), throws}));
  EXPECT_EQ(r.impls[1].status, ImplStatus::error);
  EXPECT_EQ(r.impls[1].reason, "reference check: boom");
  EXPECT_EQ(r.impls[0].status, ImplStatus::skipped);
  EXPECT_EQ(r.impls[0].reason,
            "not checked, so not timed: the reference 'ref' failed (--no-check times it "
            "unchecked)");
  EXPECT_TRUE(r.impls[0].samples_s.empty());
}

TEST(Faults, AFailedLaunchTheRuntimeFindsNamesThePhase) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  const ImplFunction bad = [](Launch& l) { noop_kernel<<<1, 4096, 0, l.stream()>>>(); };
  const CaseResult r = run_case(desc_for({"bad"}), copy_case(n, {bad}));
  EXPECT_EQ(r.impls[0].status, ImplStatus::error);
  EXPECT_EQ(r.impls[0].reason,
            "timing setup: the launch of a call failed: " + oversized_block_error());
}

TEST(Faults, ACallThatSynchronisesInEagerModeIsAnErrorNotLaunchCost) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  // Waiting for its own stream, a call waits for the spin kernel that holds the sample's
  // launches back, until the kernel gives up: the sample would time launches, not calls.
  const ImplFunction syncs = [n](Launch& l) {
    testing::launch_copy(l.tensor(0).data_as<float>(), l.tensor(1).data_as<float>(), n, l.stream());
    JITBENCH_CUDA(cudaStreamSynchronize(l.stream()));
  };
  MeasureSettings settings = testing::quick_settings();
  settings.timer.use_graph = false;
  const CaseResult r = run_case(desc_for({"syncs"}), copy_case(n, {syncs}), settings);
  EXPECT_EQ(r.impls[0].status, ImplStatus::error);
  EXPECT_NE(r.impls[0].reason.find("the spin kernel that holds eager launches back gave up"),
            std::string::npos)
      << r.impls[0].reason;
}

TEST(Faults, WorkOnAnotherStreamIsAnErrorNotZero) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  cudaStream_t other = nullptr;
  ASSERT_EQ(cudaStreamCreateWithFlags(&other, cudaStreamNonBlocking), cudaSuccess);
  const ImplFunction elsewhere = [n, other](Launch& l) {
    testing::launch_copy(l.tensor(0).data_as<float>(), l.tensor(1).data_as<float>(), n, other);
  };
  const CaseResult r = run_case(desc_for({"elsewhere"}), copy_case(n, {elsewhere}));
  cudaStreamSynchronize(other);
  cudaStreamDestroy(other);
  EXPECT_EQ(r.impls[0].status, ImplStatus::error);
  EXPECT_NE(r.impls[0].reason.find("captured no work"), std::string::npos) << r.impls[0].reason;
}

TEST(Faults, CaseTooLargeForTheDeviceIsAnOomRow) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = std::int64_t{1} << 42;  // 16 TiB of floats
  const CaseResult r = run_case(desc_for({"copy"}), copy_case(n, {copy_impl(n)}));
  EXPECT_EQ(r.impls[0].status, ImplStatus::oom);
  EXPECT_NE(r.impls[0].reason.find("the case needs"), std::string::npos) << r.impls[0].reason;
}

TEST(Faults, WrongOutputIsAMismatchRowWithTheWorstElement) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  const ImplFunction wrong = [n](Launch& l) {
    off_by_one<<<16, 256, 0, l.stream()>>>(l.tensor(0).data_as<float>(),
                                           l.tensor(1).data_as<float>(), n, 777);
  };
  const CaseResult r =
      run_case(desc_for({"wrong", "ref"}, "ref"), copy_case(n, {wrong, copy_impl(n)}));
  EXPECT_EQ(r.impls[0].status, ImplStatus::mismatch);
  EXPECT_EQ(r.impls[0].check.index, 777);
  EXPECT_EQ(r.impls[0].check.tensor, "dst");
  EXPECT_EQ(r.impls[0].check.mismatches, 1);
  EXPECT_GT(r.impls[0].check.max_error, 0.3);
  EXPECT_NE(r.impls[0].reason.find("dst[777]"), std::string::npos) << r.impls[0].reason;
  EXPECT_EQ(r.impls[1].status, ImplStatus::ok) << r.impls[1].reason;
}

__global__ void add_one(float* data, std::int64_t index) { data[index] += 1.0f; }

// A call that copies src to dst and then adds 1 to `data[index]`.
ImplFunction copy_and_add_one(std::int64_t n, std::size_t tensor, std::int64_t index) {
  return [=](Launch& l) {
    testing::launch_copy(l.tensor(0).data_as<float>(), l.tensor(1).data_as<float>(), n, l.stream());
    add_one<<<1, 1, 0, l.stream()>>>(l.tensor(tensor).data_as<float>(), index);
  };
}

TEST(Faults, ACallThatChangesAnInputIsAnErrorNamingIt) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  // One element of src, which memory.read lists and memory.write does not: dst is still right.
  const ImplFunction writes_src = copy_and_add_one(n, 0, n - 1);
  const std::string reason =
      "reference check: changed its input 'src': memory.read lists 'src' and memory.write does "
      "not, yet after the call it no longer holds what it was filled with (a call that writes it "
      "on purpose lists it under memory.write too)";

  const CaseResult r =
      run_case(desc_for({"writes_src", "ref"}, "ref"), copy_case(n, {writes_src, copy_impl(n)}));
  EXPECT_EQ(r.impls[0].status, ImplStatus::error);
  EXPECT_EQ(r.impls[0].reason, reason);
  EXPECT_TRUE(r.impls[0].samples_s.empty());
  EXPECT_EQ(r.impls[1].status, ImplStatus::ok) << r.impls[1].reason;

  // The reference is held to it too; then nothing else can be checked.
  const CaseResult by_reference =
      run_case(desc_for({"copy", "ref"}, "ref"), copy_case(n, {copy_impl(n), writes_src}));
  EXPECT_EQ(by_reference.impls[1].status, ImplStatus::error);
  EXPECT_EQ(by_reference.impls[1].reason, reason);
  EXPECT_EQ(by_reference.impls[0].status, ImplStatus::skipped);
}

TEST(Faults, AWriteOutsideATensorIsAnErrorNamingIt) {
  JITBENCH_REQUIRE_GPU();
  // 4095 floats: dst[4095] lands in the alignment padding, which no other check would see.
  const std::int64_t n = 4095;
  const CaseResult past_end = run_case(desc_for({"past_end", "ref"}, "ref"),
                                       copy_case(n, {copy_and_add_one(n, 1, n), copy_impl(n)}));
  EXPECT_EQ(past_end.impls[0].status, ImplStatus::error);
  EXPECT_EQ(past_end.impls[0].reason,
            "reference check: wrote past the end of 'dst': byte 0 after its last element (in "
            "dst[4095], of 4095 elements) changed; run it under compute-sanitizer to find the "
            "write");
  EXPECT_TRUE(past_end.impls[0].samples_s.empty());
  EXPECT_EQ(past_end.impls[1].status, ImplStatus::ok) << past_end.impls[1].reason;

  const CaseResult before_start =
      run_case(desc_for({"before_start", "ref"}, "ref"),
               copy_case(n, {copy_and_add_one(n, 1, -1), copy_impl(n)}));
  EXPECT_EQ(before_start.impls[0].status, ImplStatus::error);
  EXPECT_EQ(before_start.impls[0].reason,
            "reference check: wrote before the start of 'dst': byte 4 before its first element "
            "(dst[-1]) changed; run it under compute-sanitizer to find the write");
}

TEST(Faults, ScratchAndOutputsMayBeWritten) {
  JITBENCH_REQUIRE_GPU();
  const std::int64_t n = 4096;
  // `scratch` is in neither list, `counter` in both (in place): writing them is no error.
  CaseSpec spec = copy_case(n, {copy_and_add_one(n, 2, 0), copy_and_add_one(n, 3, 7)});
  spec.tensors.push_back({"scratch", DType::fp32, {n}});
  spec.tensors.push_back({"counter", DType::fp32, {n}});
  spec.reads.push_back({"counter"});
  spec.writes.push_back({"counter"});
  const CaseResult r = run_case(desc_for({"scratch", "counter"}, "scratch"), spec);
  EXPECT_EQ(r.impls[0].status, ImplStatus::ok) << r.impls[0].reason;
  // Its counter differs from the reference's at element 7 only: a mismatch, not an input error.
  EXPECT_EQ(r.impls[1].status, ImplStatus::mismatch) << r.impls[1].reason;
  EXPECT_EQ(r.impls[1].check.tensor, "counter");
  EXPECT_EQ(r.impls[1].check.index, 7);
}

TEST(Faults, SkippedCaseKeepsItsReason) {
  JITBENCH_REQUIRE_GPU();
  CaseSpec spec = copy_case(4096, {copy_impl(4096)});
  spec.skip_reason = "head_dim == 64 && batch_size > 4096";
  const CaseResult r = run_case(desc_for({"copy"}), spec);
  EXPECT_EQ(r.impls[0].status, ImplStatus::skipped);
  EXPECT_EQ(r.impls[0].reason, "head_dim == 64 && batch_size > 4096");
}

}  // namespace
}  // namespace jitbench
