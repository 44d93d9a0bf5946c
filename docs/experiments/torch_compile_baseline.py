#!/usr/bin/env python3
"""The kernels that torch.compile(fullgraph=True) generates for the shipped ops, timed as
jitbench's --verify-timing times ours: CUPTI kernel time of one call, on a cold L2.

  python3 docs/experiments/torch_compile_baseline.py --out DIR [--workers 8] [--compiles 2]
                                                    [--only store_cache|qknorm|activation]
                                                    [--ours [NAME=]LIB ...] [--no-pdl-too NAMES]
                                                    [--flush KIND[,KIND]] [--filter REGEX]
                                                    [--torch-pdl] [--launch-gaps] [--events]

Ops and shapes:
  store_cache  k_cache[indices] = k; v_cache[indices] = v, over the full grid of
               specs/store_cache.yaml (row x tokens x {bf16, fp16}, 65536 cache rows, distinct
               random slots);
  qknorm       in-place RMSNorm of q and k (fp32 sum of squares and scaling), bf16, head_dim 64,
               128 and 256, (q, kv) heads (32, 8), (64, 8) and (8, 1) of specs/qknorm.yaml, batch
               1, 16, 256, 2048 and 8192;
  activation   silu(x[:, :d]) * x[:, d:] and gelu_tanh(x[:, :d]) * x[:, d:], bf16 and fp16,
               d of specs/activation.yaml (gelu_tanh at 4096 and 14336), every other token
               count of its grid (1, 4, ..., 16384).

Each case is compiled on its own (dynamic=False: a kernel specialised to the shape, as a model
with fixed shapes gets it), --compiles times (2 by default) with the inductor caches disabled, so
that each compilation autotunes afresh (its choice moves the time by up to 10-17%). A call is
timed as: a flush of the 60 MiB L2 through a 128 MiB buffer (more than 2 x L2), then the compiled
function. torch.profiler (CUPTI) records the kernels; the time of a call is the time covered by
the kernels between two flushes (overlapping kernels counted once, as jitbench counts them), from
the flush's end on: a kernel launched with programmatic dependent launch (PDL) starts while the
flush drains and waits for it, and that part is the flush's time. Each compilation: 3 runs of 50
calls. The median of every run is kept, and the best of them is the figure to compare against.
With --torch-pdl, each case is also compiled --compiles times with inductor's triton.enable_pdl
(off by default in torch 2.11), whose kernels are launched with PDL as jitbench's are; the
best is then the best of both kinds ("compile_pdl" in the output says which compilation is which).

Each run of 50 calls is queued behind a spin kernel (torch.cuda._sleep, 20 ms), so that the GPU
never waits for Python: every call starts as soon as its flush ends, as in jitbench's graph
replays. Without it (--launch-gaps, the only way before 2026-12-01 midday), a compiled call,
10-100 us of CPU time, started 14-55 us after its flush on an idle GPU while a ctypes call
started at once: the two were not timed from the same state (docs/results.md, session of
2026-12-01 midday). "gap_us" in the output is the median gap from a flush's end to its call's
first kernel (negative under PDL).

With --workers N, N processes compile their share of the cases in parallel (compilation is
CPU-bound), then take turns on the GPU, one process timing at a time.

With --ours LIB (a build of docs/experiments/jitbench_kernels_ctypes.cu), jitbench's fused
kernels are checked against the eager op and timed in the same harness too, with programmatic
dependent launch and without: the same flush, inputs and profiler, so that the comparison does
not depend on how jitbench times (graph replays of rotated copies). --ours may be given several
times as NAME=LIB (builds of variants exporting the same functions): each is timed with
programmatic dependent launch (also without it when NAME is in --no-pdl-too), its keys in the
output named after it, the libraries taken in a rotating order from case to case; NAME@OP[,OP]
times it on those ops' cases only. A plain LIB is named "ours" and timed both ways, as before.
Each --ours kernel is timed once after each compilation of the op (as many runs as the compiled
op, interleaved with its runs), so that the best of its runs is taken over as many samples.

Flushes (--flush, a comma-separated list; each case is timed behind each, evict-all first by
default):
  evict-all  jitbench's flush (runtime/src/l2_flush.cuh through l2_flush_ctypes.cu, built here
             with nvcc): the buffer written with evict-last stores, its lines discarded, and
             written again with ordinary stores: evicts every line, evict-last ones too, and
             leaves the L2 full of dirty lines (before 2026-11-30 evening the harness's
             evict-all stopped after the discard and left the L2 empty, which let a call's
             writes stay in L2: up to 20% faster);
  write      torch's fill_ of the buffer, ordinary stores: this harness's flush until
             2026-11-30. Lines that Triton's kernels load with an evict-last policy (the slot
             mapping of store_cache, the rows of 128-element rows) survive it
             (docs/experiments/l2_evict_last_probe.cu), so it times those kernels on a partly
             warm L2.
  back-to-back  no flush: jitbench's default regime. Each run's 50 calls follow one another on
             rotated input sets, each set with its own tensors (the written ones too), as many
             sets as make 120 MiB (2 x L2) of the bytes a call touches, 2 at least. A call's time
             is the run's kernel time (overlaps counted once) over its calls; "span_us" adds
             the gaps between the kernels (from the first one's start to the last one's end).
             What a kernel leaves in the L2 (dirty lines, evict-last lines) is met by the next
             call, as in a model's sequence of kernels and in jitbench's graph replays. A
             call's output is held until its set comes round again, so that each set has its
             own (a compiled op's output freed at once would be the next call's buffer, warm).

--events also times every kernel of the comparison with CUDA events and no profiler (as many runs
of as many calls, each event pair around one call behind the flush): a figure that CUPTI's
tracing cannot have slowed, launch gaps on the GPU included. Its medians are under
events_medians_us and NAME_events_medians_us.

--filter REGEX keeps the cases whose name (as printed, e.g. store_cache/T=bf16/row=128/tokens=64)
it matches (re.search); none matching is an error.

Writes DIR/torch_compile_baseline.jsonl (one line a case, with each kernel's launch: grid,
block, registers; "launches" has one a compilation, in the order of the runs) and prints a
table.
"""

import argparse
import json
import os
import re
import sys
import tempfile
import time

os.environ.setdefault("TORCHINDUCTOR_FORCE_DISABLE_CACHES", "1")
# One kernel a graph: a pool of compile processes would only add its start-up.
os.environ.setdefault("TORCHINDUCTOR_COMPILE_THREADS", "1")

# Names of --ours libraries timed without programmatic dependent launch too (spawned workers
# read it from the environment).
NO_PDL_TOO = {x for x in os.environ.get("TCB_NO_PDL_TOO", "").split(",") if x}
# --launch-gaps (spawned workers read it from the environment).
LAUNCH_GAPS = os.environ.get("TCB_LAUNCH_GAPS") == "1"
# --torch-pdl.
TORCH_PDL = os.environ.get("TCB_TORCH_PDL") == "1"
SPIN_NAMES = None
CACHE_ROWS = 65536
EPS = 1e-6
FLUSH_BYTES = 128 << 20
FLUSH_KINDS = ("evict-all", "write", "back-to-back")
# back-to-back: enough input sets that a set's lines have left the L2 before it comes round
# again (2 x its 60 MiB, as jitbench's rotation sizes its copies), within this much memory.
ROTATION_BYTES = 120 << 20
ROTATION_MEMORY_CAP = 24 << 30
OPS = ("store_cache", "qknorm", "activation")
HERE = os.path.dirname(os.path.abspath(__file__))
CALLS = 50
RUNS = 3
# The spin before each run (CUPTI's unless --launch-gaps, and the events'): 20 ms at 2 GHz, the
# CPU time of queueing 50 calls with room to spare.
HEADSTART_CYCLES = 40_000_000


def cases(only):
    out = []
    if only in (None, "store_cache"):
        for dtype in ("bf16", "fp16"):
            for row in (128, 576, 1024, 4096):
                for p in range(15):
                    out.append({"op": "store_cache", "T": dtype, "row": row, "tokens": 1 << p})
    if only in (None, "qknorm"):
        for head_dim in (64, 128, 256):
            for gqa, kv in ((4, 8), (8, 8), (8, 1)):
                for batch in (1, 16, 256, 2048, 8192):
                    out.append({"op": "qknorm", "T": "bf16", "head_dim": head_dim, "gqa": gqa,
                                "num_kv_heads": kv, "batch": batch})
    if only in (None, "activation"):
        for dtype in ("bf16", "fp16"):
            for act, d in ((0, 2048), (0, 4096), (0, 11008), (0, 14336), (1, 4096), (1, 14336)):
                for tokens in (1, 4, 16, 64, 256, 1024, 4096, 16384):
                    out.append({"op": "activation", "T": dtype, "act": act, "d": d,
                                "tokens": tokens})
    return out


def case_name(c):
    keys = [k for k in c if k != "op"]
    return c["op"] + "/" + "/".join(f"{k}={c[k]}" for k in keys)


# The ops, written as a model would write them.
def store_cache(k, v, k_cache, v_cache, indices):
    k_cache[indices] = k
    v_cache[indices] = v


def qknorm(q, k, q_weight, k_weight):
    import torch

    def rms(x, w):
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + EPS) * w.float()).to(x.dtype)

    q.copy_(rms(q, q_weight))
    k.copy_(rms(k, k_weight))


def silu_and_mul(x):
    import torch.nn.functional as F

    d = x.shape[-1] // 2
    return F.silu(x[:, :d]) * x[:, d:]


def gelu_tanh_and_mul(x):
    import torch.nn.functional as F

    d = x.shape[-1] // 2
    return F.gelu(x[:, :d], approximate="tanh") * x[:, d:]


def touched_bytes(c):
    """The bytes one call reads and writes."""
    size = 2  # bf16, fp16
    if c["op"] == "store_cache":
        return 4 * c["tokens"] * c["row"] * size + 8 * c["tokens"]
    if c["op"] == "qknorm":
        return 2 * c["batch"] * (c["gqa"] + 1) * c["num_kv_heads"] * c["head_dim"] * size
    return 3 * c["tokens"] * c["d"] * size


def allocated_bytes(c):
    """The bytes of one input set, written tensors included."""
    if c["op"] == "store_cache":
        return 2 * CACHE_ROWS * c["row"] * 2 + touched_bytes(c)
    return touched_bytes(c)


def rotated_inputs(c, device):
    """The input sets of a back-to-back run: see --flush back-to-back."""
    sets = max(2, -(-ROTATION_BYTES // touched_bytes(c)))
    if sets * allocated_bytes(c) > ROTATION_MEMORY_CAP:
        raise RuntimeError(f"{case_name(c)}: back-to-back needs {sets} input sets of "
                           f"{allocated_bytes(c) >> 20} MiB, more than "
                           f"{ROTATION_MEMORY_CAP >> 30} GiB")
    return make_inputs(c, sets, device, own_writes=True)


def make_inputs(c, sets, device, own_writes=False):
    """`sets` independent input sets of the case (the tensors a call writes are shared, unless
    `own_writes`)."""
    import torch

    dt = {"bf16": torch.bfloat16, "fp16": torch.float16}[c["T"]]
    gen = torch.Generator(device=device)
    gen.manual_seed(1234)
    if c["op"] == "store_cache":
        row, tokens = c["row"], c["tokens"]
        k_cache = torch.zeros(CACHE_ROWS, row, dtype=dt, device=device)
        v_cache = torch.zeros(CACHE_ROWS, row, dtype=dt, device=device)
        out = []
        for i in range(sets):
            if own_writes and i > 0:
                k_cache = torch.zeros_like(k_cache)
                v_cache = torch.zeros_like(v_cache)
            k = torch.randn(tokens, row, dtype=dt, device=device, generator=gen)
            v = torch.randn(tokens, row, dtype=dt, device=device, generator=gen)
            idx = torch.randperm(CACHE_ROWS, device=device, generator=gen)[:tokens].contiguous()
            out.append((k, v, k_cache, v_cache, idx))
        return out
    if c["op"] == "qknorm":
        b, hd, kv = c["batch"], c["head_dim"], c["num_kv_heads"]
        qw = torch.rand(hd, dtype=dt, device=device, generator=gen) + 0.5
        kw = torch.rand(hd, dtype=dt, device=device, generator=gen) + 0.5
        return [(torch.randn(b, c["gqa"] * kv, hd, dtype=dt, device=device, generator=gen),
                 torch.randn(b, kv, hd, dtype=dt, device=device, generator=gen), qw, kw)
                for _ in range(sets)]
    x_shape = (c["tokens"], 2 * c["d"])
    return [(torch.empty(x_shape, dtype=dt, device=device).uniform_(-4, 4, generator=gen),)
            for _ in range(sets)]


def op_of(c):
    if c["op"] == "store_cache":
        return store_cache
    if c["op"] == "qknorm":
        return qknorm
    return silu_and_mul if c["act"] == 0 else gelu_tanh_and_mul


def check(c, fn, inputs):
    """The compiled op computes what the eager one does (bit for bit for the scatter)."""
    import torch

    args = [t.clone() for t in inputs]
    want = [t.clone() for t in inputs]
    got_out = fn(*args)
    want_out = op_of(c)(*want)
    if c["op"] == "store_cache":
        ok = torch.equal(args[2], want[2]) and torch.equal(args[3], want[3])
    elif c["op"] == "qknorm":
        ok = all(torch.allclose(a.float(), b.float(), rtol=2e-2, atol=1e-2)
                 for a, b in ((args[0], want[0]), (args[1], want[1])))
    else:
        ok = torch.allclose(got_out.float(), want_out.float(), rtol=2e-2, atol=1e-2)
    if not ok:
        raise RuntimeError(f"{case_name(c)}: compiled result differs from eager")


def ours(c, lib, pdl):
    """The shipped fused kernel for the case (docs/experiments/jitbench_kernels_ctypes.cu), with
    the op's signature, so that it is checked and timed exactly as the compiled op is."""
    import ctypes

    import torch

    def stream():
        return ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)

    def ok(rc):
        if rc != 0:
            raise RuntimeError(f"{case_name(c)}: the kernel's launch returned {rc}")

    p = ctypes.c_void_p
    i64 = ctypes.c_int64
    if c["op"] == "store_cache":
        lib.jb_store_cache_fused.argtypes = [ctypes.c_int, p, p, p, p, p, i64, i64, i64, p,
                                             ctypes.c_int]
        dtype = {"bf16": 0, "fp16": 1}[c["T"]]

        def run(k, v, k_cache, v_cache, indices):
            ok(lib.jb_store_cache_fused(dtype, k.data_ptr(), v.data_ptr(), k_cache.data_ptr(),
                                        v_cache.data_ptr(), indices.data_ptr(), c["tokens"],
                                        c["row"], CACHE_ROWS, stream(), int(pdl)))
        return run
    if c["op"] == "qknorm":
        lib.jb_qknorm_fused.argtypes = [ctypes.c_int, p, p, p, p, i64, i64, i64, p, ctypes.c_int]

        def run(q, k, q_weight, k_weight):
            ok(lib.jb_qknorm_fused(c["head_dim"], q.data_ptr(), k.data_ptr(),
                                   q_weight.data_ptr(), k_weight.data_ptr(), c["batch"],
                                   c["gqa"] * c["num_kv_heads"], c["num_kv_heads"], stream(),
                                   int(pdl)))
        return run
    lib.jb_act_and_mul_vectorized.argtypes = [ctypes.c_int, ctypes.c_int, p, p, i64, i64, p,
                                              ctypes.c_int]
    dtype = {"bf16": 0, "fp16": 1}[c["T"]]
    outs = {}

    def run(x):
        out = outs.get(x.data_ptr())
        if out is None:  # one output a input set, made once: no allocation while timed
            out = outs[x.data_ptr()] = torch.empty(x.shape[0], x.shape[1] // 2, dtype=x.dtype,
                                                   device=x.device)
        ok(lib.jb_act_and_mul_vectorized(dtype, c["act"], out.data_ptr(), x.data_ptr(), c["tokens"],
                                         c["d"], stream(), int(pdl)))
        return out
    return run


def compiled(c, j):
    """Compilation j of the case's op: a copy of the function under its own name, so that dynamo
    compiles it afresh instead of reusing the code object's cache (and inductor autotunes it
    again, its caches being off)."""
    import types

    import torch

    fn = op_of(c)
    copy = types.FunctionType(fn.__code__.replace(co_name=f"{fn.__name__}_{j}"), fn.__globals__,
                              f"{fn.__name__}_{j}", fn.__defaults__, fn.__closure__)
    return torch.compile(copy, fullgraph=True, dynamic=False)


def inductor_pdl(on):
    """The inductor configuration under which a compilation launches its Triton kernels with
    programmatic dependent launch (on), or its default (off: inductor's default is off)."""
    import contextlib

    import torch._inductor.config as cfg

    if not on:
        return contextlib.nullcontext()
    if not hasattr(cfg.triton, "enable_pdl"):
        raise RuntimeError("--torch-pdl: this torch has no torch._inductor.config.triton.enable_pdl")
    return cfg.patch({"triton.enable_pdl": True})


# The launch of each kernel of the last trace read: name -> grid, block, registers.
LAST_LAUNCH = {}


def kernel_intervals(trace_path):
    global LAST_LAUNCH
    with open(trace_path) as f:
        events = json.load(f)["traceEvents"]
    ks = [e for e in events if e.get("cat") == "kernel" and e.get("ph") == "X"]
    ks.sort(key=lambda e: float(e["ts"]))
    LAST_LAUNCH = {}
    for e in ks:
        a = e.get("args", {})
        LAST_LAUNCH.setdefault(e["name"], {k: a.get(k) for k in ("grid", "block",
                                                                 "registers per thread")})
    return [(float(e["ts"]), float(e["ts"]) + float(e["dur"]), e["name"]) for e in ks]


def call_launches(flush):
    """The launches of the last trace read, but for the flush's kernels."""
    return {k: v for k, v in LAST_LAUNCH.items()
            if k not in flush.names and k not in (SPIN_NAMES or ())}


def covered(intervals):
    total, end = 0.0, None
    for s, e, _ in sorted(intervals):
        if end is None or s >= end:
            total += e - s
            end = e
        elif e > end:
            total += e - end
            end = e
    return total


class Flush:
    """The flush before each timed call (see --flush), and the names of its kernels, by which the
    trace is cut into calls."""

    def __init__(self, kind, device, lib_path):
        import torch
        from torch.profiler import ProfilerActivity, profile

        self.kind = kind
        self.lib = None
        if kind == "back-to-back":
            self.buffer = None
            self.names = set()
            return
        self.buffer = torch.empty(FLUSH_BYTES, dtype=torch.uint8, device=device)
        if kind == "evict-all":
            import ctypes

            self.lib = ctypes.CDLL(lib_path)
            self.lib.jb_l2_flush_evict_all.argtypes = [ctypes.c_void_p, ctypes.c_int64,
                                                       ctypes.c_uint, ctypes.c_void_p]
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            self.run(6)
            torch.cuda.synchronize()
        self.names = {iv[2] for iv in trace_kernels(prof)}
        if not self.names:
            raise RuntimeError(f"the {kind} flush ran no kernel")

    def run(self, i):
        import torch

        if self.kind == "back-to-back":
            return
        value = 1 + i % 250  # never 0: a zero fill could become a memset
        if self.lib is None:
            self.buffer.fill_(value)
            return
        rc = self.lib.jb_l2_flush_evict_all(self.buffer.data_ptr(), FLUSH_BYTES, value,
                                            torch.cuda.current_stream().cuda_stream)
        if rc != 0:
            raise RuntimeError(f"the evict-all flush's launch returned {rc}")


def build_flush_library(out_dir):
    """Builds l2_flush_ctypes.cu into out_dir with nvcc (CUDA_HOME's, else the one on PATH)."""
    import shutil
    import subprocess

    nvcc = os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc")
    if not os.path.exists(nvcc):
        nvcc = shutil.which("nvcc") or "nvcc"
    lib = os.path.join(out_dir, "libl2_flush.so")
    subprocess.run([nvcc, "-std=c++17", "-O3", "-arch=native", "-shared",
                    "-Xcompiler", "-fPIC", "-I", os.path.join(HERE, "..", ".."), "-o", lib,
                    os.path.join(HERE, "l2_flush_ctypes.cu")], check=True)
    return lib


def measure(c, fn, inputs, flush):
    """Medians (us) of RUNS runs of CALLS calls, each behind a flush; the kernel names of a call,
    the number of kernels a call and the median gap (us) from the end of a call's flush to the
    start of its first kernel (split_calls). Unless LAUNCH_GAPS, each run waits behind a spin
    kernel, so that every call is queued before the GPU reaches it and starts as soon as its
    flush ends."""
    import torch
    from torch.profiler import ProfilerActivity, profile

    if flush.kind == "back-to-back":
        return measure_back_to_back(c, fn, inputs)
    for i in range(5):
        flush.run(i)
        fn(*inputs[i % len(inputs)])
    torch.cuda.synchronize()
    # Before the profile: a second profiler session would clear this one's events.
    spin = set() if LAUNCH_GAPS else spin_kernel_names()
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        for i in range(RUNS * CALLS):
            if not LAUNCH_GAPS and i % CALLS == 0:
                torch.cuda._sleep(HEADSTART_CYCLES)
            flush.run(i)
            fn(*inputs[i % len(inputs)])
        flush.run(0)
        torch.cuda.synchronize()
    calls, gaps = split_calls(trace_kernels(prof), flush.names, spin)
    if len(calls) != RUNS * CALLS:
        raise RuntimeError(f"{case_name(c)}: {len(calls)} calls found in the trace, "
                           f"expected {RUNS * CALLS}")
    if any(covered(call) <= 0 for call in calls):
        raise RuntimeError(f"{case_name(c)}: a call of no time after its flush in the trace")
    medians = []
    for run in range(RUNS):
        medians.append(median([covered(call) for call in calls[run * CALLS:(run + 1) * CALLS]]))
    names = sorted({iv[2] for iv in calls[0]})
    return medians, names, sum(len(call) for call in calls) / len(calls), median(gaps)


def measure_back_to_back(c, fn, inputs):
    """measure() without flushes: each run's calls back to back on the rotated input sets, queued
    behind a spin kernel. A call's time is the run's covered kernel time over its calls; the
    span of each run over its calls is kept in SPANS."""
    import torch
    from torch.profiler import ProfilerActivity, profile

    # What a call returns is held until its input set comes round again: a compiled op's output
    # freed at once would be the next call's, one buffer whose lines the calls keep in L2 for
    # each other (warm writes), where jitbench's impls and --ours kernels write one a set.
    held = [None] * len(inputs)
    for i in range(len(inputs)):
        held[i] = fn(*inputs[i])
    torch.cuda.synchronize()
    spin = spin_kernel_names()
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        for i in range(RUNS * CALLS):
            if i % CALLS == 0:
                torch.cuda._sleep(HEADSTART_CYCLES)
            held[i % len(inputs)] = fn(*inputs[i % len(inputs)])
        torch.cuda.synchronize()
    kernels = [iv for iv in trace_kernels(prof) if iv[2] not in spin]
    try:
        medians, SPANS[:] = back_to_back_runs(kernels, RUNS, CALLS)
    except ValueError as e:
        raise RuntimeError(f"{case_name(c)}: {e}") from None
    names = sorted({iv[2] for iv in kernels})
    return medians, names, len(kernels) / (RUNS * CALLS), 0.0


# The spans (us a call) of the runs of the last measure_back_to_back().
SPANS = []


def back_to_back_runs(kernels, runs, calls):
    """A back-to-back trace ((start, end, name) by start, spin kernels left out) cut into its
    runs of `calls` calls, each call the same number of kernels: each run's covered kernel time
    over its calls (an overlap, such as a PDL kernel's start under the previous one, counted
    once; the gaps between kernels left out), and its span over its calls (the gaps counted)."""
    if not kernels or len(kernels) % (runs * calls) != 0:
        raise ValueError(f"{len(kernels)} kernels in the trace, not a multiple of "
                         f"{runs * calls} calls")
    per_run = len(kernels) // runs
    times, spans = [], []
    for run in range(runs):
        ks = kernels[run * per_run:(run + 1) * per_run]
        times.append(covered(ks) / calls)
        spans.append((max(e for _, e, _ in ks) - ks[0][0]) / calls)
    return times, spans


def split_calls(kernels, flush_names, spin_names):
    """The calls of a trace ((start, end, name) by start): the kernels between two flushes, the
    spin kernels left out, each cut to its part after its flush's end; and for each call the gap
    from its flush's end to the start of its first kernel. A kernel launched with programmatic
    dependent launch starts while the flush drains and waits for it (griddepcontrol.wait): that
    part of it, a negative gap, is the flush's time, not the call's."""
    calls, gaps, cur, flush_end = [], [], None, None
    for iv in kernels:
        if iv[2] in spin_names:
            continue
        if iv[2] in flush_names:
            if cur:
                calls.append([(max(s, flush_end), max(e, flush_end), n) for s, e, n in cur])
                gaps.append(cur[0][0] - flush_end)
            cur = []
            flush_end = iv[1]
        elif cur is not None:
            cur.append(iv)
    return calls, gaps


def median(xs):
    xs = sorted(xs)
    return 0.5 * (xs[(len(xs) - 1) // 2] + xs[len(xs) // 2])


def spin_kernel_names():
    """The names of the kernels of torch.cuda._sleep (the head start of a run)."""
    import torch
    from torch.profiler import ProfilerActivity, profile

    global SPIN_NAMES
    if SPIN_NAMES is None:
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            torch.cuda._sleep(1000)
            torch.cuda.synchronize()
        SPIN_NAMES = {iv[2] for iv in trace_kernels(prof)}
    return SPIN_NAMES


def measure_events(fn, inputs, flush):
    """Medians (us) of RUNS runs of CALLS calls, each behind a flush and timed by a pair of CUDA
    events around the call, with no profiler. Each run is queued behind a spin kernel, so that
    the GPU never waits for Python to launch the next call (a compiled call costs 10-100 us of
    CPU time, more than the flush before it takes on the GPU)."""
    import torch

    n = RUNS * CALLS
    starts = [torch.cuda.Event(enable_timing=True) for _ in range(n)]
    ends = [torch.cuda.Event(enable_timing=True) for _ in range(n)]
    for i in range(5):
        flush.run(i)
        fn(*inputs[i % len(inputs)])
    for i in range(n):
        if i % CALLS == 0:
            torch.cuda._sleep(HEADSTART_CYCLES)
        flush.run(i)
        starts[i].record()
        fn(*inputs[i % len(inputs)])
        ends[i].record()
    torch.cuda.synchronize()
    times = [1000.0 * s.elapsed_time(e) for s, e in zip(starts, ends)]
    return [median(times[run * CALLS:(run + 1) * CALLS]) for run in range(RUNS)]


def trace_kernels(prof):
    """(start, end, name) of every kernel in the profile, in us, by start."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        path = tmp.name
    try:
        prof.export_chrome_trace(path)
        return kernel_intervals(path)
    finally:
        os.unlink(path)


def setup_torch():
    import torch
    import torch._dynamo

    cfg = torch._dynamo.config
    for name in ("recompile_limit", "cache_size_limit"):
        if hasattr(cfg, name):
            setattr(cfg, name, 100000)
    for name in ("accumulated_recompile_limit", "accumulated_cache_size_limit"):
        if hasattr(cfg, name):
            setattr(cfg, name, 100000)
    return torch


def measure_case(c, fns, libs, inputs, flush, turn, events):
    """The compiled op's and each --ours kernel's figures behind one flush. Each --ours kernel is
    timed after each compilation, as many runs as the compiled op and interleaved with it, so
    that the best of its runs is taken over as many samples and the same stretch of time. With
    `events`, every kernel is timed by CUDA events too, right after its CUPTI runs."""
    out = {}
    medians = []
    event_medians = []
    launches = []
    gaps = []
    mine = {}
    spans = []
    for fn in fns:
        m, names, kernels_a_call, gap = measure(c, fn, inputs, flush)
        medians += m
        spans += SPANS if flush.kind == "back-to-back" else []
        gaps.append(gap)
        launch = call_launches(flush)
        launches.append(launch)
        if events:
            event_medians += measure_events(fn, inputs, flush)
        for lname, lib in libs[turn:] + libs[:turn]:
            if c["op"] not in ours_ops(lname):
                continue
            name = lname.partition("@")[0]
            for pdl in (True, False) if name in NO_PDL_TOO else (True,):
                key = name if pdl else name + "_no_pdl"
                run = ours(c, lib, pdl)
                if key not in mine:
                    check(c, run, inputs[0])
                    mine[key] = {"medians": [], "events": [], "gaps": []}
                m, _, _, gap = measure(c, run, inputs, flush)
                mine[key]["medians"] += m
                mine[key].setdefault("spans", []).extend(
                    SPANS if flush.kind == "back-to-back" else [])
                mine[key]["gaps"].append(gap)
                mine[key]["launch"] = call_launches(flush)
                if events:
                    mine[key]["events"] += measure_events(run, inputs, flush)
    out.update({"medians_us": [round(m, 4) for m in medians], "best_us": round(min(medians), 4),
                "kernels": names, "kernels_a_call": kernels_a_call, "launch": launch,
                "launches": launches, "gap_us": round(median(gaps), 4),
                "gaps_us": [round(g, 4) for g in gaps]})
    if spans:
        out["span_us"] = [round(x, 4) for x in spans]
    if events:
        out["events_medians_us"] = [round(m, 4) for m in event_medians]
        out["events_best_us"] = round(min(event_medians), 4)
    for key, fig in mine.items():
        out[key + "_medians_us"] = [round(x, 4) for x in fig["medians"]]
        out[key + "_best_us"] = round(min(fig["medians"]), 4)
        out[key + "_launch"] = fig["launch"]
        out[key + "_gap_us"] = round(median(fig["gaps"]), 4)
        if fig.get("spans"):
            out[key + "_span_us"] = [round(x, 4) for x in fig["spans"]]
        if events:
            out[key + "_events_medians_us"] = [round(x, 4) for x in fig["events"]]
            out[key + "_events_best_us"] = round(min(fig["events"]), 4)
    return out


def ours_ops(lname):
    """The ops whose cases the --ours library named lname (NAME, or NAME@OP,OP) is timed on."""
    _, sep, ops = lname.partition("@")
    return ops.split(",") if sep else list(OPS)


def worker(rank, my_cases, compiles, ours_libs, flush_kinds, flush_lib, events, gpu_lock,
           barrier, result_queue):
    torch = setup_torch()
    libs = []
    if ours_libs:
        import ctypes

        for name, path in ours_libs:
            libs.append((name, ctypes.CDLL(path)))
    device = torch.device("cuda")
    torch.cuda.set_device(0)
    fns = {}
    errors = {}
    compile_pdl = [False] * compiles + ([True] * compiles if TORCH_PDL else [])
    t0 = time.time()
    # Compile (and autotune) every case of this worker, `compiles` times.
    for c in my_cases:
        name = case_name(c)
        try:
            inputs = make_inputs(c, 1, device)
            fns[name] = []
            for j, pdl in enumerate(compile_pdl):
                fn = compiled(c, j)
                with inductor_pdl(pdl):  # inductor compiles at the first call
                    if j == 0 or j == compiles:
                        check(c, fn, inputs[0])
                    fn(*inputs[0])
                fns[name].append(fn)
            torch.cuda.synchronize()
            del inputs
        except Exception as e:  # a case that fails is reported, the others go on
            errors[name] = f"{type(e).__name__}: {e}"
    compile_s = time.time() - t0
    if barrier is not None:
        barrier.wait(timeout=1800)
    if gpu_lock is not None:
        gpu_lock.acquire()
    try:
        flushes = [Flush(kind, device, flush_lib) for kind in flush_kinds]
        lines = []
        for c in my_cases:
            name = case_name(c)
            rec = {"name": name, "case": c, "compile_pdl": compile_pdl}
            if name in errors:
                rec["error"] = errors[name]
            else:
                try:
                    turn = my_cases.index(c) % max(1, len(libs))
                    # The first flush's figures at the top level, every flush's under "flushes".
                    rec["flush"] = flushes[0].kind
                    rec["flushes"] = {}
                    for flush in flushes:
                        if flush.kind == "back-to-back":
                            inputs = rotated_inputs(c, device)
                        else:
                            inputs = make_inputs(c, 4, device)
                        rec["flushes"][flush.kind] = measure_case(c, fns[name], libs, inputs,
                                                                  flush, turn, events)
                        del inputs
                        torch.cuda.empty_cache()
                    rec.update(rec["flushes"][flushes[0].kind])
                except Exception as e:
                    rec["error"] = f"{type(e).__name__}: {e}"
            lines.append(rec)
            print(json.dumps(rec), flush=True)
        torch.cuda.synchronize()
    finally:
        if gpu_lock is not None:
            gpu_lock.release()
    result_queue.put((rank, compile_s, lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="folder for torch_compile_baseline.jsonl")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--only", choices=OPS)
    ap.add_argument("--compiles", type=int, default=2,
                    help="independent compilations (autotunings) of each case")
    ap.add_argument("--ours", metavar="[NAME=]LIB", action="append",
                    help="also time jitbench's fused kernels, from this build of "
                         "docs/experiments/jitbench_kernels_ctypes.cu, in the same harness "
                         "(repeatable, NAME=LIB or NAME@OP,OP=LIB)")
    ap.add_argument("--no-pdl-too", default="", metavar="NAMES",
                    help="comma-separated --ours names also timed without PDL")
    ap.add_argument("--flush", default="evict-all", metavar="KIND[,KIND]",
                    help="flushes to time each case behind: evict-all, write, back-to-back "
                         "(see above)")
    ap.add_argument("--filter", metavar="REGEX",
                    help="only the cases whose name matches (re.search)")
    ap.add_argument("--launch-gaps", action="store_true",
                    help="time each call as Python launches it, without the spin kernel's head "
                         "start: the GPU may idle between a flush and the call")
    ap.add_argument("--torch-pdl", action="store_true",
                    help="also compile each case --compiles times with inductor's "
                         "triton.enable_pdl (programmatic dependent launch)")
    ap.add_argument("--events", action="store_true",
                    help="also time every kernel with CUDA events, without the profiler")
    args = ap.parse_args()
    flush_kinds = [k for k in args.flush.split(",") if k]
    bad = [k for k in flush_kinds if k not in FLUSH_KINDS]
    if bad or not flush_kinds:
        ap.error(f"--flush: {','.join(bad) or 'empty'}: not one of {', '.join(FLUSH_KINDS)}")
    ours_libs = []
    for spec in args.ours or []:
        name, sep, path = spec.partition("=")
        if not sep:
            name, path = "ours", spec
            NO_PDL_TOO.add("ours")
        unknown = [op for op in ours_ops(name) if op not in OPS]
        if unknown:
            ap.error(f"--ours {spec}: {','.join(unknown) or 'empty'}: not one of {', '.join(OPS)}")
        ours_libs.append((name, path))
    NO_PDL_TOO.update(x for x in args.no_pdl_too.split(",") if x)
    os.environ["TCB_NO_PDL_TOO"] = ",".join(sorted(NO_PDL_TOO))
    global LAUNCH_GAPS
    LAUNCH_GAPS = args.launch_gaps
    os.environ["TCB_LAUNCH_GAPS"] = "1" if LAUNCH_GAPS else "0"
    global TORCH_PDL
    TORCH_PDL = args.torch_pdl
    os.environ["TCB_TORCH_PDL"] = "1" if TORCH_PDL else "0"
    all_cases = cases(args.only)
    if args.filter:
        try:
            pattern = re.compile(args.filter)
        except re.error as e:
            ap.error(f"--filter {args.filter}: {e}")
        all_cases = [c for c in all_cases if pattern.search(case_name(c))]
        if not all_cases:
            ap.error(f"--filter {args.filter}: matches no case" +
                     (f" of {args.only}" if args.only else ""))
    os.makedirs(args.out, exist_ok=True)
    flush_lib = build_flush_library(args.out) if "evict-all" in flush_kinds else None
    t0 = time.time()

    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    n = max(1, min(args.workers, len(all_cases)))
    shares = [all_cases[r::n] for r in range(n)]
    results = []
    if n == 1:
        import queue

        q = queue.Queue()
        worker(0, shares[0], args.compiles, ours_libs, flush_kinds, flush_lib, args.events, None,
               None, q)
        results.append(q.get())
    else:
        lock, barrier, q = ctx.Lock(), ctx.Barrier(n), ctx.Queue()
        procs = [ctx.Process(target=worker,
                             args=(r, shares[r], args.compiles, ours_libs, flush_kinds,
                                   flush_lib, args.events, lock, barrier, q))
                 for r in range(n)]
        for p in procs:
            p.start()
        for _ in procs:
            results.append(q.get(timeout=3600))
        for p in procs:
            p.join()

    import torch

    by_name = {}
    compile_s = []
    for _, secs, lines in results:
        compile_s.append(secs)
        for rec in lines:
            by_name[rec["name"]] = rec
    ordered = [by_name[case_name(c)] for c in all_cases if case_name(c) in by_name]
    path = os.path.join(args.out, "torch_compile_baseline.jsonl")
    with open(path, "w") as f:
        for rec in ordered:
            f.write(json.dumps(rec) + "\n")
    print(f"# torch {torch.__version__}, {torch.cuda.get_device_name(0)}, "
          f"{n} worker(s), compile {max(compile_s):.0f} s, total {time.time() - t0:.0f} s")
    print(f"# {'case':62s} {'flush':>9s} {'compiled':>9s}  ours: NAME=best [us]  "
          "kernels a call  compiled runs [us]")
    for rec in ordered:
        if "error" in rec:
            print(f"  {rec['name']:62s} error: {rec['error']}")
            continue
        for kind, fig in rec["flushes"].items():
            runs = " ".join(f"{m:.3f}" for m in fig["medians_us"])
            mine = "".join(f" {k[:-len('_best_us')]}={fig[k]:.3f}" for k in fig
                           if k.endswith("_best_us") and not k.endswith("events_best_us")
                           and k != "best_us")
            timed_by_events = ""
            if "events_best_us" in fig:
                best = [("compiled", fig["events_best_us"])]
                best += [(k[:-len("_events_best_us")], fig[k]) for k in fig
                         if k.endswith("_events_best_us")]
                timed_by_events = "  events: " + " ".join(f"{n}={v:.3f}" for n, v in best)
            gaps = f"  gap: compiled={fig['gap_us']:.2f}" + "".join(
                f" {k[:-len('_gap_us')]}={fig[k]:.2f}" for k in fig
                if k.endswith("_gap_us") and k != "gap_us")
            print(f"  {rec['name']:62s} {kind:>9s} {fig['best_us']:9.3f}{mine}  "
                  f"{fig['kernels_a_call']:g}  {runs}{timed_by_events}{gaps}")
    return 1 if any("error" in rec for rec in ordered) else 0


if __name__ == "__main__":
    sys.exit(main())
