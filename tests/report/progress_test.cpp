#include "output/progress.hpp"

#include "result_fixture.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace jitbench::detail {
namespace {

class FakeClock final : public Clock {
 public:
  double now_s() override { return now; }
  double now = 100;
};

TEST(Progress, PlainLogIsOneLineACase) {
  std::ostringstream err;
  FakeClock clock;
  Progress progress(err, false, clock);
  const auto cases = testing::fixture_cases();
  progress.begin(2);
  progress.case_started(0, "head_dim=128 gqa=4 T=bf16");
  progress.impl_started("fused");
  clock.now += 0.84;
  progress.case_done(make_entries(testing::fixture_info(), cases[0]));
  progress.case_started(1, "head_dim=256 gqa=8 T=fp16");
  clock.now += 2;
  progress.case_done(make_entries(testing::fixture_info(), cases[3]));
  progress.end();
  EXPECT_EQ(
      "[1/2] head_dim=128 gqa=4 T=bf16  fused 0.512 us  separate 0.987 us  naive 1.73 us  "
      "(0.840 s)\n"
      "[2/2] head_dim=256 gqa=8 T=fp16  fused mismatch: max error 0.31 > 0.002 in q[1234]  "
      "separate error: cudaErrorIllegalAddress: an illegal memory access was encountered  naive "
      "2503 us  (2.00 s)\n",
      err.str());
}

TEST(Progress, TerminalLineIsRewrittenWithAnEta) {
  std::ostringstream err;
  FakeClock clock;
  Progress progress(err, true, clock);
  const auto cases = testing::fixture_cases();
  progress.begin(3);
  progress.case_started(0, "n=1");
  progress.impl_started("fused");
  clock.now += 10;
  progress.case_done(make_entries(testing::fixture_info(), cases[0]));
  progress.case_started(1, "n=2");
  progress.impl_started("naive");
  progress.end();
  EXPECT_EQ(
      "\r\x1b[K[1/3] n=1"
      "\r\x1b[K[1/3] n=1  fused"
      "\r\x1b[K[1/3] n=1  fused  ETA 0:20"
      "\r\x1b[K[2/3] n=2  ETA 0:20"
      "\r\x1b[K[2/3] n=2  naive  ETA 0:20"
      "\r\x1b[K",
      err.str());
}

TEST(Progress, EtaFormat) {
  EXPECT_EQ("0:00", Progress::format_eta(0));
  EXPECT_EQ("0:42", Progress::format_eta(41.6));
  EXPECT_EQ("12:05", Progress::format_eta(725));
  EXPECT_EQ("1:02:03", Progress::format_eta(3723));
}

}  // namespace
}  // namespace jitbench::detail
