# cmake -P script: builds tests/cmake/jit_benchmark_project with the jitbench-gen under test and
# checks what DESIGN.md promises of add_jit_benchmark() and jitbench_add_specs():
#   - editing one spec regenerates and recompiles that benchmark only (ninja's output says which
#     commands ran);
#   - an error in a spec fails the build with the generator's file:line:col message, and so does a
#     header of `include:` that is in none of the benchmark's include directories (which
#     add_jit_benchmark passes to the generator: the specs' headers are found);
#   - a tensor passed to a pointer of another element type fails to compile, with the error at the
#     call's line in the spec;
#   - a new spec file becomes a benchmark at the next build, without a CMake edit;
#   - `ctest -N -L bench-ci` lists exactly the CI tests, and without a GPU they are skipped, also
#     under `ctest -j4`; every benchmark test claims a GPU from the resource spec the build wrote;
#   - SHARDS 2 registers each full grid as two tests, each running its --shard.
foreach(var JITBENCH_SOURCE_DIR JITBENCH_GEN JITBENCH_RESOURCES WORK_DIR CUDA_ARCHITECTURES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "pass -D${var}=...")
  endif()
endforeach()

set(src "${WORK_DIR}/src")
set(build "${WORK_DIR}/build")
file(REMOVE_RECURSE "${WORK_DIR}")
file(COPY "${CMAKE_CURRENT_LIST_DIR}/jit_benchmark_project/" DESTINATION "${src}")

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  set(output "${out}" PARENT_SCOPE)
  set(result "${rc}" PARENT_SCOPE)
  message(STATUS "${what}: exit ${rc}")
endfunction()

# check(<message> <condition>...): fails with the message and the last output unless true.
function(check message)
  if(NOT (${ARGN}))
    message(FATAL_ERROR "${message}\n--- output ---\n${output}")
  endif()
endfunction()

function(build_project)
  run("build" ${CMAKE_COMMAND} --build "${build}")
  set(output "${output}" PARENT_SCOPE)
  set(result "${result}" PARENT_SCOPE)
endfunction()

set(configure_args -S "${src}" -B "${build}" -G Ninja -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_CUDA_ARCHITECTURES=${CUDA_ARCHITECTURES}"
    "-DJITBENCH_SOURCE_DIR=${JITBENCH_SOURCE_DIR}" "-DJITBENCH_GEN=${JITBENCH_GEN}"
    "-DJITBENCH_RESOURCES=${JITBENCH_RESOURCES}")
if(CMAKE_CUDA_COMPILER)
  list(APPEND configure_args "-DCMAKE_CUDA_COMPILER=${CMAKE_CUDA_COMPILER}")
endif()
run("configure" ${CMAKE_COMMAND} ${configure_args})
check("configuring the project failed" result EQUAL 0)

build_project()
check("the first build failed" result EQUAL 0)
foreach(name alpha beta)
  string(FIND "${output}" "Generating benchmark ${name} from" at)
  check("the first build did not generate ${name}" NOT at EQUAL -1)
endforeach()

build_project()
check("the second build failed" result EQUAL 0)
# Nothing is generated, compiled or linked; only the GPUs are counted again (every build does).
string(REGEX MATCH "Generating|Building|Linking" work "${output}")
check("a build without changes did work: ${work}" NOT work)
string(FIND "${output}" "Counting the GPUs" at)
check("a build did not count the GPUs for CTest's resource spec" NOT at EQUAL -1)

# Edit one spec: only its benchmark is regenerated, recompiled and relinked.
file(READ "${src}/specs/alpha.yaml" alpha)
string(REPLACE "[1024, 4096]" "[1024, 8192]" alpha "${alpha}")
file(WRITE "${src}/specs/alpha.yaml" "${alpha}")
build_project()
check("the build after editing alpha.yaml failed" result EQUAL 0)
string(FIND "${output}" "Generating benchmark alpha from" at)
check("editing alpha.yaml did not regenerate alpha" NOT at EQUAL -1)
string(FIND "${output}" "bench_alpha.cu.o" at)
check("editing alpha.yaml did not recompile alpha" NOT at EQUAL -1)
string(FIND "${output}" "beta" at)
check("editing alpha.yaml rebuilt part of beta" at EQUAL -1)
string(FIND "${output}" "stub_runtime" at)
check("editing alpha.yaml rebuilt the runtime" at EQUAL -1)

# An error in a spec fails the build with the generator's message.
file(READ "${src}/specs/beta.yaml" beta)
string(REPLACE "values:" "valus:" broken "${beta}")
file(WRITE "${src}/specs/beta.yaml" "${broken}")
build_project()
check("a spec with an error built" NOT result EQUAL 0)
check("the build output lacks the generator's message"
      output MATCHES "beta\\.yaml:4:7: error: unknown key 'valus' \\(did you mean 'values'\\?\\)")
file(WRITE "${src}/specs/beta.yaml" "${beta}")

# A header that is not there is reported at its place in the spec, not by nvcc in generated code.
string(REPLACE "kernels/scale.cuh" "kernels/nope.cuh" broken "${beta}")
file(WRITE "${src}/specs/beta.yaml" "${broken}")
build_project()
check("a spec with a missing header built" NOT result EQUAL 0)
check("the build output lacks the generator's message for the missing header"
      output MATCHES "beta\\.yaml:2:11: error: header 'kernels/nope\\.cuh' not found in '")
file(WRITE "${src}/specs/beta.yaml" "${beta}")

# A tensor passed to a pointer of another element type does not compile, and nvcc reports it at
# the call's line in the spec: kernels::scale takes float*.
string(REPLACE "dtype: fp32" "dtype: bf16" broken "${beta}")
file(WRITE "${src}/specs/beta.yaml" "${broken}")
build_project()
check("a bf16 tensor passed to float* built" NOT result EQUAL 0)
check("the compiler's error is not at the call's line in the spec"
      output MATCHES "beta\\.yaml\\(9\\): error: no suitable conversion function from \"const \
jitbench::TensorView<[^\n]* to \"float \\*\" exists")
file(WRITE "${src}/specs/beta.yaml" "${beta}")

# A new spec is a new benchmark at the next build: the glob re-runs CMake by itself.
string(REPLACE "alpha" "gamma" gamma "${alpha}")
file(WRITE "${src}/specs/gamma.yaml" "${gamma}")
build_project()
check("the build after adding gamma.yaml failed" result EQUAL 0)
string(FIND "${output}" "Generating benchmark gamma from" at)
check("adding gamma.yaml did not add a benchmark" NOT at EQUAL -1)

run("ctest -N" ${CMAKE_CTEST_COMMAND} --test-dir "${build}" -N -L bench-ci)
check("ctest -N failed" result EQUAL 0)
string(REGEX MATCHALL "Test +#[0-9]+: [^\n]+" listed "${output}")
list(TRANSFORM listed REPLACE "Test +#[0-9]+: " "")
list(SORT listed)
set(expected bench.alpha.ci bench.beta.ci bench.gamma.ci)
check("ctest -N -L bench-ci listed '${listed}', not '${expected}'" listed STREQUAL expected)

# In parallel, as `ctest -j` on a machine without a GPU: every benchmark claims one, and the
# resource spec the build wrote has one slot, so they run one after the other and skip.
run("ctest -j4 -L bench-ci" ${CMAKE_CTEST_COMMAND} --test-dir "${build}" -j4 -L bench-ci)
check("ctest -j4 -L bench-ci failed instead of skipping" result EQUAL 0)
string(REGEX MATCHALL "\\(Skipped\\)" skipped "${output}")
list(LENGTH skipped skipped_count)
check("the CI tests were not reported as skipped" skipped_count EQUAL 3)

run("ctest -N -L bench-full" ${CMAKE_CTEST_COMMAND} --test-dir "${build}" -N -L bench-full)
string(REGEX MATCHALL "Test +#[0-9]+: [^\n]+" listed "${output}")
list(TRANSFORM listed REPLACE "Test +#[0-9]+: " "")
list(SORT listed)
set(expected bench.alpha.1of2 bench.alpha.2of2 bench.beta.1of2 bench.beta.2of2 bench.gamma.1of2
    bench.gamma.2of2)
check("ctest -N -L bench-full listed '${listed}', not '${expected}'" listed STREQUAL expected)
# Every benchmark test claims one GPU, from the resource spec the build wrote.
run("ctest --show-only=json-v1" ${CMAKE_CTEST_COMMAND} --test-dir "${build}" --show-only=json-v1)
check("ctest --show-only=json-v1 failed" result EQUAL 0)
string(JSON test_count LENGTH "${output}" tests)
check("ctest --show-only=json-v1 lists ${test_count} tests, not 9" test_count EQUAL 9)
math(EXPR last "${test_count} - 1")
foreach(i RANGE ${last})
  string(JSON test_name GET "${output}" tests ${i} name)
  string(JSON groups ERROR_VARIABLE no_groups GET "${output}" tests ${i} properties)
  string(FIND "${groups}" "\"gpus\"" at)
  check("${test_name} claims no GPU (no RESOURCE_GROUPS gpus:1): ${groups}" NOT at EQUAL -1)
  # SHARDS 2: each part of the full grid runs its --shard.
  if(test_name MATCHES "\\.([12])of2$")
    set(shard "${CMAKE_MATCH_1}/2")
    string(JSON flag GET "${output}" tests ${i} command 1)
    string(JSON value GET "${output}" tests ${i} command 2)
    check("${test_name} runs '${flag} ${value}', not '--shard ${shard}'"
          "${flag} ${value}" STREQUAL "--shard ${shard}")
  endif()
endforeach()
file(READ "${build}/jitbench_resources.json" resource_spec)
string(JSON gpu_id GET "${resource_spec}" local 0 gpus 0 id)
check("the resource spec the build wrote has no GPU slot: ${resource_spec}" gpu_id STREQUAL "0")
message(STATUS "add_jit_benchmark: all checks passed")
