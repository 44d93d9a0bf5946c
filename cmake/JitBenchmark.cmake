# add_jit_benchmark() and jitbench_add_specs(). (Being written; see issue 4.)
function(jitbench_add_specs)
endfunction()
