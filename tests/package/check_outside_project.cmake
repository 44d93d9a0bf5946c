# Builds tests/package/outside against jitbench and checks that its CI benchmark is registered.
# Run by CTest (tests/package/CMakeLists.txt) as `cmake -P` with:
#   USE            find_package: install JITBENCH_BINARY_DIR into a prefix under WORK first
#                  add_subdirectory: the outside project adds JITBENCH_SOURCE_DIR itself
#   WORK           a scratch directory, emptied first
#   JITBENCH_SOURCE_DIR, JITBENCH_BINARY_DIR, GENERATOR, CUDA_COMPILER, CUDA_ARCHITECTURES

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
else()
  list(APPEND args -DJITBENCH_SOURCE_DIR=${JITBENCH_SOURCE_DIR})
endif()

run("configure" ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/outside -B ${WORK}/build
    -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_COMPILER=${CUDA_COMPILER}
    -DCMAKE_CUDA_ARCHITECTURES=${CUDA_ARCHITECTURES} ${args})
run("build" ${CMAKE_COMMAND} --build ${WORK}/build)
run("ctest -N" ${CMAKE_CTEST_COMMAND} --test-dir ${WORK}/build -N -L bench-ci)
if(NOT run_output MATCHES "bench\\.outside_scale\\.ci" OR NOT run_output MATCHES "Total Tests: 1\n")
  message(FATAL_ERROR "ctest -N -L bench-ci should list bench.outside_scale.ci alone:\n"
                      "${run_output}")
endif()
message(STATUS "${USE}: ${run_output}")
