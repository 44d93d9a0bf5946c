#!/usr/bin/env python3
"""How docs/experiments/torch_compile_baseline.py cuts a CUPTI trace into calls (split_calls)
and back-to-back runs (back_to_back_runs): no torch or GPU needed."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs",
                                "experiments"))
import torch_compile_baseline as harness  # noqa: E402

FLUSH = {"flush_a", "flush_b"}
SPIN = {"spin"}


class SplitCallsTest(unittest.TestCase):
    def test_a_call_is_the_kernels_between_two_flushes(self):
        trace = [(0, 10, "flush_a"), (10, 20, "flush_b"), (22, 25, "op"), (25, 27, "op2"),
                 (30, 40, "flush_a"), (40, 50, "flush_b"), (51, 53, "op"), (60, 70, "flush_a")]
        calls, gaps = harness.split_calls(trace, FLUSH, SPIN)
        self.assertEqual(calls, [[(22, 25, "op"), (25, 27, "op2")], [(51, 53, "op")]])
        self.assertEqual(gaps, [2, 1])
        self.assertEqual([harness.covered(c) for c in calls], [5, 2])

    def test_a_pdl_kernel_counts_from_the_flush_end(self):
        # Launched with programmatic dependent launch, the op starts 0.13 us before the flush
        # ends and waits for it: that part is the flush's.
        trace = [(0, 10, "flush_a"), (9.87, 11.0, "op"), (20, 30, "flush_a")]
        calls, gaps = harness.split_calls(trace, FLUSH, SPIN)
        self.assertEqual(calls, [[(10, 11.0, "op")]])
        self.assertAlmostEqual(gaps[0], -0.13)
        self.assertAlmostEqual(harness.covered(calls[0]), 1.0)

    def test_the_spin_kernel_of_a_run_is_no_call(self):
        trace = [(0, 10, "flush_a"), (11, 12, "op"), (12, 500, "spin"), (500, 510, "flush_a"),
                 (511, 513, "op"), (520, 530, "flush_a")]
        calls, gaps = harness.split_calls(trace, FLUSH, SPIN)
        self.assertEqual(calls, [[(11, 12, "op")], [(511, 513, "op")]])
        self.assertEqual(gaps, [1, 1])

    def test_kernels_before_the_first_flush_are_left_out(self):
        trace = [(0, 5, "op"), (5, 10, "flush_a"), (11, 12, "op"), (20, 30, "flush_a")]
        calls, _ = harness.split_calls(trace, FLUSH, SPIN)
        self.assertEqual(calls, [[(11, 12, "op")]])

    def test_back_to_back_runs_count_overlaps_once_and_leave_gaps_out(self):
        # Two runs of two calls: a PDL kernel starting under the one before it, then a gap.
        trace = [(0, 4, "op"), (3, 8, "op"), (100, 104, "op"), (110, 114, "op")]
        times, spans = harness.back_to_back_runs(trace, 2, 2)
        self.assertEqual(times, [4, 4])
        self.assertEqual(spans, [4, 7])

    def test_back_to_back_runs_need_whole_calls(self):
        with self.assertRaisesRegex(ValueError, "3 kernels in the trace, not a multiple of 4"):
            harness.back_to_back_runs([(0, 1, "op")] * 3, 2, 2)

    def test_median(self):
        self.assertEqual(harness.median([3, 1, 2]), 2)
        self.assertEqual(harness.median([4, 1, 2, 3]), 2.5)


if __name__ == "__main__":
    unittest.main()
