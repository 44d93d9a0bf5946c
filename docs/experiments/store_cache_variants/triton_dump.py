"""Compiles a few store_cache cases with torch.compile so that Inductor's generated code (stderr,
TORCH_LOGS=output_code) and Triton's PTX/cubin land in $TRITON_CACHE_DIR / $TORCHINDUCTOR_CACHE_DIR;
prints each compiled kernel's launch (grid, block, registers) from one profiled call."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import torch_compile_baseline as tcb  # noqa: E402

torch = tcb.setup_torch()
from torch.profiler import ProfilerActivity, profile  # noqa: E402

for row, tokens in ((128, 64), (128, 1024), (1024, 1024), (4096, 16384), (576, 64)):
    c = {"op": "store_cache", "T": "bf16", "row": row, "tokens": tokens}
    fn = tcb.compiled(c, 0)
    inputs = tcb.make_inputs(c, 1, torch.device("cuda"))
    fn(*inputs[0])
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        fn(*inputs[0])
        torch.cuda.synchronize()
    tcb.trace_kernels(prof)
    print(json.dumps({"case": c, "launch": tcb.LAST_LAUNCH}), flush=True)
