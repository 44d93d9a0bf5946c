#!/usr/bin/env python3
"""Does a CUPTI trace change how fast a kernel runs? Times 20 back-to-back calls with CUDA events,
with no profiler attached, then while torch.profiler (CUPTI) traces them, then again without,
and prints those event times beside the kernel durations CUPTI recorded.

  python3 docs/experiments/cupti_trace_slowdown/probe.py LIB

LIB is a build of kernels.cu (see there). Two input sets alternate, of 16384 tokens each
(192 MiB and more: no call finds the last one's data in L2).
"""
import ctypes
import json
import os
import sys
import tempfile

import torch
from torch.profiler import ProfilerActivity, profile

CALLS = 20
lib = ctypes.CDLL(sys.argv[1])
for fn in (lib.naive_silu, lib.vectorized_silu):
    fn.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long, ctypes.c_long, ctypes.c_void_p]


def run(fn, tokens, d, xs, outs):
    stream = ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)
    for i in range(CALLS):
        if fn(outs[i % 2].data_ptr(), xs[i % 2].data_ptr(), tokens, d, stream) != 0:
            raise RuntimeError("launch failed")


def per_call_us(fn, tokens, d, xs, outs):
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    run(fn, tokens, d, xs, outs)
    stop.record()
    stop.synchronize()
    return start.elapsed_time(stop) * 1000 / CALLS


print(f"# {torch.cuda.get_device_name(0)}, torch {torch.__version__}; best of 3 x {CALLS} calls")
for name, fn in (("naive", lib.naive_silu), ("vectorized", lib.vectorized_silu)):
    for d in (2048, 14336):
        tokens = 16384
        xs = [torch.randn(tokens, 2 * d, dtype=torch.bfloat16, device="cuda") for _ in range(2)]
        outs = [torch.empty(tokens, d, dtype=torch.bfloat16, device="cuda") for _ in range(2)]
        run(fn, tokens, d, xs, outs)
        torch.cuda.synchronize()
        before = min(per_call_us(fn, tokens, d, xs, outs) for _ in range(3))
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            traced = min(per_call_us(fn, tokens, d, xs, outs) for _ in range(3))
        after = min(per_call_us(fn, tokens, d, xs, outs) for _ in range(3))
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
            path = tmp.name
        prof.export_chrome_trace(path)
        with open(path) as f:
            durations = sorted(e["dur"] for e in json.load(f)["traceEvents"]
                               if e.get("cat") == "kernel")
        os.unlink(path)
        print(f"{name:10s} d={d:5d} x {tokens} tokens: events {before:7.1f} us a call untraced, "
              f"{traced:7.1f} traced, {after:7.1f} after; CUPTI kernel duration median "
              f"{durations[len(durations) // 2]:7.1f} us ({len(durations)} kernels)", flush=True)
