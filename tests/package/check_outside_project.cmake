# Builds tests/package/outside against jitbench, configured exactly as the README shows it (no
# CMAKE_CUDA_ARCHITECTURES, no CMAKE_BUILD_TYPE), and checks that
#   - its CI benchmark is registered, and so is a hand-written one given jitbench's defaults
#     (jitbench_benchmark_defaults, as the README shows it);
#   - the benchmark is compiled for jitbench's architectures (those of jitbench's build, or, under
#     add_subdirectory, jitbench's default), not for CMake's default (sm_75 with nvcc 13), and
#     with the Release flags; under add_subdirectory the runtime too;
#   - run, it either skips for want of a GPU or times its cases without warning of missing SASS,
#     and records its architectures in the JSON context;
#   - under add_subdirectory, where CMake is told not to find nlohmann/json, jitbench builds with
#     its own copy (third_party/nlohmann_json); find_package uses the system's.
# Run by CTest (tests/package/CMakeLists.txt) as `cmake -P` with:
#   USE            find_package: install JITBENCH_BINARY_DIR into a prefix under WORK first
#                  add_subdirectory: the outside project adds JITBENCH_SOURCE_DIR itself
#   WORK           a scratch directory, emptied first
#   JITBENCH_SOURCE_DIR, JITBENCH_BINARY_DIR, GENERATOR, CUDA_COMPILER
#   JITBENCH_ARCHITECTURES   the CUDA architectures of the jitbench build, ','-separated

cmake_minimum_required(VERSION 3.25)

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${what} failed (${status}):\n${ARGN}\n${out}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
set(args -DJITBENCH_OUTSIDE_USE=${USE})
if(USE STREQUAL "find_package")
  run("install" ${CMAKE_COMMAND} --install ${JITBENCH_BINARY_DIR} --prefix ${WORK}/prefix)
  list(APPEND args -DCMAKE_PREFIX_PATH=${WORK}/prefix)
  if(NOT EXISTS ${WORK}/prefix/lib/cmake/JitBench/JitBenchConfig.cmake)
    message(FATAL_ERROR "the install has no lib/cmake/JitBench/JitBenchConfig.cmake")
  endif()
  string(REPLACE "," ";" expected_architectures "${JITBENCH_ARCHITECTURES}")
else()
  list(APPEND args -DJITBENCH_SOURCE_DIR=${JITBENCH_SOURCE_DIR}
       -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON)
  include(${JITBENCH_SOURCE_DIR}/cmake/JitBenchDefaults.cmake)
  jitbench_default_cuda_architectures(expected_architectures reason)
endif()

# As the README shows it; the compile commands are exported to be checked.
run("configure" ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/outside -B ${WORK}/build
    -G ${GENERATOR} -DCMAKE_CUDA_COMPILER=${CUDA_COMPILER} -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
    ${args})
if(USE STREQUAL "add_subdirectory" AND
   NOT run_output MATCHES "jitbench: nlohmann/json 3.11 not found; using third_party/nlohmann_json")
  message(FATAL_ERROR "without a system nlohmann/json, jitbench does not say it uses its own "
                      "copy:\n${run_output}")
endif()
string(REPLACE ";" " " shown "${expected_architectures}")
if(NOT run_output MATCHES "jitbench: jitbench_outside's benchmarks: CUDA architectures ${shown} ")
  message(FATAL_ERROR "the configure output does not say that the benchmarks are built for "
                      "${shown}:\n${run_output}")
endif()
run("build" ${CMAKE_COMMAND} --build ${WORK}/build)
run("ctest -N" ${CMAKE_CTEST_COMMAND} --test-dir ${WORK}/build -N -L bench-ci)
if(NOT run_output MATCHES "bench\\.outside_scale\\.ci" OR
   NOT run_output MATCHES "bench\\.hand_written\\.ci" OR NOT run_output MATCHES "Total Tests: 2\n")
  message(FATAL_ERROR "ctest -N -L bench-ci should list bench.outside_scale.ci and "
                      "bench.hand_written.ci:\n${run_output}")
endif()
run("bench_hand_written --list" ${WORK}/build/bench_hand_written --list)
if(NOT run_output STREQUAL "bytes=1MiB\n")
  message(FATAL_ERROR "bench_hand_written --list printed:\n${run_output}")
endif()

# The compile commands, from compile_commands.json: the benchmark's, and under add_subdirectory
# those of the runtime's CUDA sources.
file(READ ${WORK}/build/compile_commands.json commands)
string(JSON count LENGTH "${commands}")
math(EXPR last "${count} - 1")
set(checked "")
foreach(i RANGE ${last})
  string(JSON file GET "${commands}" ${i} file)
  string(JSON command GET "${commands}" ${i} command)
  if(NOT file MATCHES "(bench_outside_scale|hand_written)\\.cu$" AND
     NOT (USE STREQUAL "add_subdirectory" AND file MATCHES "runtime/src/.*\\.cu$"))
    continue()
  endif()
  list(APPEND checked "${file}")
  foreach(architecture IN LISTS expected_architectures)
    if(NOT command MATCHES "sm_${architecture}")
      message(FATAL_ERROR "${file} is not compiled for sm_${architecture}:\n${command}")
    endif()
  endforeach()
  if(command MATCHES "(compute|sm)_75" AND NOT "75" IN_LIST expected_architectures)
    message(FATAL_ERROR "${file} is compiled for CMake's default sm_75:\n${command}")
  endif()
  if(NOT command MATCHES " -O3 " OR NOT command MATCHES " -DNDEBUG ")
    message(FATAL_ERROR "${file} is not optimised (no -O3 -DNDEBUG):\n${command}")
  endif()
endforeach()
list(LENGTH checked checked_count)
if(NOT checked MATCHES "bench_outside_scale\\.cu" OR NOT checked MATCHES "hand_written\\.cu" OR
   (USE STREQUAL "add_subdirectory" AND checked_count LESS 2))
  message(FATAL_ERROR "compile_commands.json lacks the expected commands; it has:\n${commands}")
endif()

# Without a GPU the benchmark skips (77); with one it times the CI grid for its own architecture.
execute_process(COMMAND ${WORK}/build/bench_outside_scale --ci --format json
                RESULT_VARIABLE status OUTPUT_VARIABLE json ERROR_VARIABLE errors)
if(status EQUAL 0)
  if(errors MATCHES "holds no SASS")
    message(FATAL_ERROR "the benchmark warns of missing SASS:\n${errors}")
  endif()
  string(JSON architectures GET "${json}" context cuda_architectures)
  string(JSON build_type GET "${json}" context build_type)
  message(STATUS "${USE}: timed; built for ${architectures} (${build_type})")
elseif(status EQUAL 77)
  message(STATUS "${USE}: no GPU here, the benchmark skipped: ${errors}")
else()
  message(FATAL_ERROR "bench_outside_scale --ci exited ${status}:\n${json}\n${errors}")
endif()
message(STATUS "${USE}: built for ${shown}, optimised")
