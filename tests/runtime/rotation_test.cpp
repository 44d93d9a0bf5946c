#include <jitbench/rotation.hpp>

#include <gtest/gtest.h>

namespace jitbench {
namespace {

constexpr std::int64_t KiB = 1024;
constexpr std::int64_t MiB = 1024 * KiB;
constexpr std::int64_t GiB = 1024 * MiB;
const MemoryFacts h200{60 * MiB, 140 * GiB};

// Cold tensors that every call reads or writes whole.
ColdFootprint whole(std::int64_t bytes) { return {bytes, bytes}; }

TEST(Rotation, EnoughCopiesThatOtherDataCoversTwiceTheL2) {
  // 1 MiB a copy: 120 other copies move 120 MiB = 2 x L2 before a copy comes back.
  const RotationPlan plan = plan_rotation(h200, whole(1 * MiB), 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::rotate);
  EXPECT_EQ(plan.copies, 121);
  EXPECT_EQ(plan.flush_bytes, 120 * MiB);  // for impls too slow to go round in one replay
  EXPECT_GE((plan.copies - 1) * 1 * MiB, 2 * h200.l2_bytes);
  // A fixed rotation of 4 copies would not do: 3 x 1 MiB stays in a 60 MiB L2.
  EXPECT_GT(plan.copies, 4);
}

TEST(Rotation, AtLeastTwoCopiesForHugeFootprints) {
  const RotationPlan plan = plan_rotation(h200, whole(1 * GiB), 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::rotate);
  EXPECT_EQ(plan.copies, 2);
}

TEST(Rotation, TinyFootprintsCapCopiesAndFlushEachReplay) {
  const RotationPlan plan = plan_rotation(h200, whole(4 * KiB), 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::flush_replay);
  EXPECT_EQ(plan.copies, 1024);
  EXPECT_EQ(plan.flush_bytes, 120 * MiB);
}

TEST(Rotation, CopiesThatDoNotFitFallBackToAFlushBeforeEveryCall) {
  const MemoryFacts small{60 * MiB, 3 * GiB};
  const RotationPlan plan = plan_rotation(small, whole(2 * GiB), 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::flush_each_call);
  EXPECT_EQ(plan.copies, 1);
  EXPECT_EQ(plan.flush_bytes, 120 * MiB);
}

TEST(Rotation, NothingFitsMeansNoCopies) {
  const MemoryFacts small{60 * MiB, 1 * GiB};
  EXPECT_EQ(plan_rotation(small, whole(2 * GiB), 0, L2Mode::cold).copies, 0);
  EXPECT_EQ(plan_rotation(small, whole(2 * GiB), 0, L2Mode::warm).copies, 0);
}

TEST(Rotation, SharedTensorsCountOnceAgainstFreeMemory) {
  // Two copies of 1 GiB fit in 90% of 3 GiB, but not beside an 800 MiB shared tensor; one copy
  // and the flush buffer still do.
  const MemoryFacts facts{60 * MiB, 3 * GiB};
  EXPECT_EQ(plan_rotation(facts, whole(1 * GiB), 0, L2Mode::cold).kind, RotationPlan::Kind::rotate);
  EXPECT_EQ(plan_rotation(facts, whole(1 * GiB), 800 * MiB, L2Mode::cold).kind,
            RotationPlan::Kind::flush_each_call);
}

TEST(Rotation, CopiesAreCountedFromWhatACallTouches) {
  // A gather of 10 MiB of pages from a 1 GiB table: counted whole, 2 copies would do, and the
  // same 20 MiB of pages would be read every other call, out of L2.
  const ColdFootprint gather{10 * MiB, 1 * GiB};
  const RotationPlan plan = plan_rotation(h200, gather, 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::rotate);
  EXPECT_EQ(plan.copies, 13);  // 12 other calls touch 120 MiB = 2 x L2
  EXPECT_EQ(plan.cold.touched_bytes, 10 * MiB);
  EXPECT_EQ(plan.cold.copy_bytes, 1 * GiB);
}

TEST(Rotation, PartialTouchStillNeedsTheWholeCopiesInMemory) {
  // 13 copies of 1 GiB do not fit in 10 GiB, 8 do beside the flush buffer: each used once
  // between two flushes, so that 8 calls share the latency of the first one after a flush.
  const MemoryFacts facts{60 * MiB, 10 * GiB};
  const RotationPlan plan = plan_rotation(facts, {10 * MiB, 1 * GiB}, 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::flush_replay);
  EXPECT_EQ(plan.copies, 8);
  EXPECT_EQ(plan.flush_bytes, 120 * MiB);
}

TEST(Rotation, OneRowOfAHugeTableGetsTheCopiesThatFitBetweenFlushes) {
  // An embedding lookup of one 8 KiB row from a 2 GiB table: a rotation would need 15361
  // copies; 60 fit in 90% of 135 GiB beside the flush buffer.
  const MemoryFacts facts{60 * MiB, 135 * GiB};
  const RotationPlan plan = plan_rotation(facts, {8 * KiB, 2 * GiB}, 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::flush_replay);
  EXPECT_EQ(plan.copies, 60);
  // Beside a shared tensor that leaves room for one copy only: a flush before every call.
  EXPECT_EQ(plan_rotation(facts, {8 * KiB, 2 * GiB}, 118 * GiB, L2Mode::cold).kind,
            RotationPlan::Kind::flush_each_call);
}

TEST(Rotation, TinyTouchesOfALargeTableCapCopiesAndFlush) {
  const RotationPlan plan = plan_rotation(h200, {4 * KiB, 64 * MiB}, 0, L2Mode::cold);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::flush_replay);
  EXPECT_EQ(plan.copies, 1024);
}

TEST(Rotation, FlushModeFlushesBeforeEveryCallWithOneCopy) {
  const RotationPlan plan = plan_rotation(h200, whole(1 * MiB), 0, L2Mode::flush);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::flush_each_call);
  EXPECT_EQ(plan.copies, 1);
  EXPECT_EQ(plan.flush_bytes, 120 * MiB);
}

TEST(Rotation, WarmModeUsesOneCopy) {
  const RotationPlan plan = plan_rotation(h200, whole(1 * MiB), 0, L2Mode::warm);
  EXPECT_EQ(plan.kind, RotationPlan::Kind::warm);
  EXPECT_EQ(plan.copies, 1);
  EXPECT_EQ(plan.flush_bytes, 0);
}

TEST(Rotation, OnlySharedTensorsHaveNothingToRotate) {
  EXPECT_EQ(plan_rotation(h200, whole(0), 1 * MiB, L2Mode::cold).kind, RotationPlan::Kind::warm);
}

TEST(ReplayLayout, RotationUsesEveryCopyEquallyOften) {
  const RotationPlan plan = plan_rotation(h200, whole(1 * MiB), 0, L2Mode::cold);  // 121 copies
  const ReplayLayout layout = layout_replay(plan, 2e-6);  // 121 calls take 242 us
  EXPECT_EQ(layout.segments, 1);
  EXPECT_EQ(layout.calls_per_segment % plan.copies, 0);
  EXPECT_EQ(layout.calls_per_segment, 121 * 5);  // 5 rounds reach 1 ms
}

TEST(ReplayLayout, FlushedReplaysUseEachCopyOnceASegment) {
  const RotationPlan plan = plan_rotation(h200, whole(4 * KiB), 0, L2Mode::cold);
  const ReplayLayout fast = layout_replay(plan, 1e-6);  // 1024 calls ~ 1 ms
  EXPECT_EQ(fast.calls_per_segment, 1024);
  EXPECT_EQ(fast.segments, 1);
  const ReplayLayout slow_call = layout_replay(plan, 0.5e-6);
  EXPECT_EQ(slow_call.segments, 2);
}

TEST(ReplayLayout, ASlowImplTakesFewerCallsEachOnItsOwnCopyBehindAFlush) {
  // A 280 us reference beside fast impls on a tiny footprint: once round 1024 copies would be
  // 0.29 s a sample. Four calls reach 1 ms; a flush before them keeps them cold.
  const RotationPlan tiny = plan_rotation(h200, whole(4 * KiB), 0, L2Mode::cold);
  const ReplayLayout slow = layout_replay(tiny, 280e-6);
  EXPECT_EQ(slow.calls(), 4);
  EXPECT_LE(slow.calls_per_segment, tiny.copies);
  EXPECT_TRUE(slow.flush);
  // The same on a rotation: 121 copies of 1 MiB at 50 us a call would be 6 ms a sample.
  const RotationPlan rotate = plan_rotation(h200, whole(1 * MiB), 0, L2Mode::cold);
  const ReplayLayout slow_rotation = layout_replay(rotate, 50e-6);
  EXPECT_EQ(slow_rotation.calls(), 20);
  EXPECT_TRUE(slow_rotation.flush);
  // Fast impls of the same plans are unchanged: every copy once, no flush on a rotation.
  EXPECT_FALSE(layout_replay(rotate, 2e-6).flush);
  EXPECT_EQ(layout_replay(tiny, 1e-6).calls_per_segment, 1024);
}

TEST(ReplayLayout, FlushBeforeEveryCallTimesEachCallAlone) {
  const MemoryFacts small{60 * MiB, 3 * GiB};
  const RotationPlan plan = plan_rotation(small, whole(2 * GiB), 0, L2Mode::cold);
  const ReplayLayout layout = layout_replay(plan, 0.4e-3);
  EXPECT_EQ(layout.calls_per_segment, 1);
  EXPECT_EQ(layout.segments, 3);
}

TEST(ReplayLayout, EagerSamplesAreBoundedAndContinueTheRotation) {
  ReplayLimits eager;
  eager.max_calls = 256;
  eager.whole_rotations = false;
  const RotationPlan tiny = plan_rotation(h200, whole(4 * KiB), 0, L2Mode::cold);  // 1024 copies
  const ReplayLayout flushed = layout_replay(tiny, 1e-6, eager);
  EXPECT_EQ(flushed.calls_per_segment, 256);
  EXPECT_EQ(flushed.segments, 1);
  const RotationPlan rotate = plan_rotation(h200, whole(200 * KiB), 0, L2Mode::cold);  // 616 copies
  ASSERT_EQ(rotate.kind, RotationPlan::Kind::rotate);
  EXPECT_EQ(layout_replay(rotate, 1e-6, eager).calls(), 256);
  const RotationPlan huge = plan_rotation(h200, whole(1 * GiB), 0, L2Mode::cold);
  EXPECT_EQ(layout_replay(huge, 0.5e-3, eager).calls(), 2);  // under the bound: unchanged
}

TEST(ReplayLayout, WarmReplaysReachTheTargetTime) {
  const RotationPlan plan = plan_rotation(h200, whole(1 * MiB), 0, L2Mode::warm);
  EXPECT_EQ(layout_replay(plan, 1.0 / (1 << 20)).calls(), 1049);  // ceil(1048.576)
  EXPECT_EQ(layout_replay(plan, 5e-3).calls(), 1);
  EXPECT_EQ(layout_replay(plan, 1e-9).calls(), 8192);  // bounded graph size
}

}  // namespace
}  // namespace jitbench
