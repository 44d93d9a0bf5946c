#[=======================================================================[.rst:
JitBenchmark
------------

Builds GPU benchmarks from jitbench YAML specs and registers them with CTest.

A spec (see ``docs/spec.md``) becomes a CUDA translation unit at build time, through
``jitbench-gen``; the unit is compiled against ``jitbench::runtime`` into one executable a spec.
Editing a spec regenerates and recompiles that benchmark only. The calling project must enable
the CUDA language. In the jitbench tree the module is included by the top-level
``CMakeLists.txt``; an outside project gets it from ``find_package(JitBench)``, which provides
the imported targets ``jitbench::gen``, ``jitbench::runtime`` and ``jitbench::resources``
that it uses.

.. command:: add_jit_benchmark

  Generates, builds and registers one benchmark::

    add_jit_benchmark(<name> SPEC <file>
                      [SOURCES <file>...]
                      [LIBRARIES <library>...]
                      [LABELS <label>...]
                      [TIMEOUT <seconds>]
                      [SHARDS <n>]
                      [PROPERTIES <name> <value>...])

  The executable target is ``bench_<name>``; its generated source is
  ``${CMAKE_CURRENT_BINARY_DIR}/jitbench/bench_<name>.cu``. Two tests are registered:
  ``bench.<name>.ci``, labelled ``bench;bench-ci``, which runs the CI grid (``--ci``), and
  ``bench.<name>``, labelled ``bench;bench-full``, which runs the full grid. Both report a
  missing CUDA device (exit code 77) as skipped, and claims one GPU through CTest's resource
  allocation (``RESOURCE_GROUPS gpus:1``): ``ctest -j N`` runs at most one benchmark a GPU and
  spreads them over every GPU of the host, each benchmark on the GPU CTest hands it (its
  ``CTEST_RESOURCE_GROUP_0_GPUS``; ``--device`` given in ``PROPERTIES`` or by hand wins). The
  host's GPUs are counted by ``jitbench-resources`` at every build, into the resource spec
  ``CTEST_RESOURCE_SPEC_FILE`` (default ``${CMAKE_BINARY_DIR}/jitbench_resources.json``; a
  project that sets the variable keeps its own file). Without a GPU the spec holds one slot, so
  that the benchmarks still start and report themselves skipped. The target ``bench.all``
  builds every benchmark.

  ``SPEC <file>``
    The YAML spec, relative to the current source directory. Required. The generator runs
    when the spec or the generator changes; an error in the spec fails the build with the
    generator's ``file:line:col: error: ...`` messages. The spec's directory and the current
    source directory are on the include path, so that the spec's ``include: [kernels/x.cuh]``
    finds the project's headers. The generator is given every include directory of the
    target (those of ``LIBRARIES`` too) and the CUDA compiler's own, so that a header that is
    in none of them is reported at its line in the spec rather than as a compile error. The
    generated source names the spec by its path from ``CMAKE_SOURCE_DIR`` (``--spec-name``):
    a compile error in a call string is reported at ``specs/x.yaml(LINE)``, and the same spec
    generates the same bytes in every checkout.

  ``SOURCES <file>...``
    More sources compiled into the benchmark, such as ``.cu`` files that define the kernels a
    spec's header declares.

  ``LIBRARIES <library>...``
    Libraries the benchmark links besides ``jitbench::runtime`` (``PRIVATE``).

  ``LABELS <label>...``
    More CTest labels for both tests.

  ``TIMEOUT <seconds>``
    CTest timeout of both tests. Without it the CI test has 1500 s (what CTest's own default is
    where a project includes the CTest module; a project that only calls ``enable_testing()``
    has none, and a benchmark stuck on the host, where ``--hang-timeout`` does not reach, would
    hold ``ctest -L bench-ci`` forever), and the full grid CTest's default.

  ``SHARDS <n>``
    Registers the full grid as ``n`` tests, ``bench.<name>.<i>of<n>``, each running
    ``--shard i/n``: a deterministic part of the grid, balanced by the cases' bytes, every case
    in exactly one. With the resource allocation above, ``ctest -j`` spreads the parts of one
    large grid over the host's GPUs; their ``--out`` files merge into one run (the report and
    compare tools read several files). Default 1: one test, ``bench.<name>``.

  ``PROPERTIES <name> <value>...``
    Test properties set on both tests, after the ones above, as
    :command:`set_tests_properties` takes them.

  Defaults, when the calling project leaves them open (``cmake/JitBenchDefaults.cmake``): without
  a ``CMAKE_CUDA_ARCHITECTURES`` of the project's choice the benchmark is compiled for
  ``JITBENCH_CUDA_ARCHITECTURES``, the architectures of jitbench's own build (not for CMake's
  default, which with nvcc 13 is sm_75); without a ``CMAKE_BUILD_TYPE`` (single-configuration
  generators) it gets the Release flags. The configure output says what was chosen, the results'
  JSON ``context`` records it, and the benchmark warns at run time when it holds no SASS for the
  GPU it runs on.

  A spec's JIT impls (``docs/spec.md``) are compiled by NVRTC when the benchmark runs; the
  benchmark looks for their sources, and NVRTC for the headers those include, in the target's
  include directories (see ``jitbench_jit_include_path``). Only the benchmark's own code is
  compiled at build time, so a ``compile_time`` param that only JIT impls use need not be one.

  When ``JITBENCH_CI_ONLY`` is ``ON`` the benchmark is compiled with ``-DJITBENCH_CI_ONLY``:
  only the type and compile-time values of the CI grid are instantiated, which keeps build
  time low; the full grid then reports its other cases as not built. When the function
  ``jitbench_target_warnings()`` exists (jitbench's own build, and an installed jitbench's
  package), it is applied to the target.

.. command:: jitbench_jit_include_path

  Tells a benchmark built without ``add_jit_benchmark`` where its JIT impls' sources are::

    jitbench_jit_include_path(<target>)

  Defines ``JITBENCH_JIT_INCLUDE_PATH`` for ``<target>``: its include directories (those of the
  libraries it links included), ``:``-separated, which ``jitbench/jit.hpp`` hands to the
  runtime. ``add_jit_benchmark`` calls it.

.. command:: jitbench_add_specs

  Adds a benchmark for every spec in a directory::

    jitbench_add_specs(DIRECTORY <dir>
                       [LIBRARIES <library>...]
                       [LABELS <label>...]
                       [TIMEOUT <seconds>]
                       [SHARDS <n>]
                       [PROPERTIES <name> <value>...])

  Calls ``add_jit_benchmark(<stem> SPEC <dir>/<stem>.yaml ...)`` for each ``*.yaml`` file of
  ``<dir>`` (relative to the current source directory), in name order, passing the other
  arguments on. The directory is globbed with ``CONFIGURE_DEPENDS``: a new spec becomes a
  benchmark at the next build, without a CMake edit.

Example:

.. code-block:: cmake

  find_package(JitBench REQUIRED)
  add_jit_benchmark(qknorm SPEC specs/qknorm.yaml LABELS attention TIMEOUT 600)
  jitbench_add_specs(DIRECTORY more_specs LIBRARIES my_kernels)

  # ctest -L bench-ci      runs the CI grid of every benchmark
  # ctest -R bench.qknorm  runs qknorm's full grid too
#]=======================================================================]

include_guard(GLOBAL)
include(${CMAKE_CURRENT_LIST_DIR}/JitBenchDefaults.cmake)

# Every benchmark test claims one GPU (RESOURCE_GROUPS gpus:1), so that `ctest -j N` never runs
# two benchmarks on one GPU and spreads them over the host's GPUs. CTest learns the GPUs from
# the resource spec file CTEST_RESOURCE_SPEC_FILE, which jitbench-resources writes at every
# build (a changed GPU count is seen at the next build). A project that sets
# CTEST_RESOURCE_SPEC_FILE itself keeps its own file.
function(_jitbench_ctest_resources)
  if(TARGET jitbench_ctest_resources)
    return()
  endif()
  set(default_spec "${CMAKE_BINARY_DIR}/jitbench_resources.json")
  if(NOT CTEST_RESOURCE_SPEC_FILE)
    set(CTEST_RESOURCE_SPEC_FILE "${default_spec}" CACHE FILEPATH
        "CTest's resource spec: the GPUs that benchmark tests are spread over")
  endif()
  if(NOT CTEST_RESOURCE_SPEC_FILE STREQUAL default_spec)
    return()
  endif()
  # Until the first build counts them: one GPU, so that benchmarks run one at a time.
  if(NOT EXISTS "${default_spec}")
    file(WRITE "${default_spec}"
         "{\"version\": {\"major\": 1, \"minor\": 0}, \"local\": [{\"gpus\": [{\"id\": \"0\"}]}]}\n")
  endif()
  add_custom_target(jitbench_ctest_resources ALL
    COMMAND jitbench::resources --out "${default_spec}"
    COMMENT "Counting the GPUs that CTest spreads the benchmarks over"
    VERBATIM)
endfunction()

function(jitbench_jit_include_path target)
  target_compile_definitions(${target} PRIVATE
    "JITBENCH_JIT_INCLUDE_PATH=\"$<JOIN:$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>,:>\"")
endfunction()

function(add_jit_benchmark name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SPEC;TIMEOUT;SHARDS"
                        "SOURCES;LIBRARIES;LABELS;PROPERTIES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_jit_benchmark(${name}): unexpected arguments: "
                        "${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_SPEC)
    message(FATAL_ERROR "add_jit_benchmark(${name}): SPEC <file> is required")
  endif()
  # Without CUDA the benchmark's .cu is not compiled, and the link fails far from the cause.
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  if(NOT "CUDA" IN_LIST languages)
    message(FATAL_ERROR "add_jit_benchmark(${name}): CUDA is not enabled in this project; write "
                        "project(<name> LANGUAGES CXX CUDA), or call enable_language(CUDA) "
                        "before add_jit_benchmark")
  endif()
  if(NOT name MATCHES "^[A-Za-z0-9_.+-]+$")
    message(FATAL_ERROR "add_jit_benchmark(${name}): the name may hold letters, digits and "
                        "'_.+-' only")
  endif()
  if(NOT DEFINED arg_SHARDS)
    set(arg_SHARDS 1)
  endif()
  if(NOT arg_SHARDS MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "add_jit_benchmark(${name}): SHARDS must be a count of 1 or more, "
                        "got '${arg_SHARDS}'")
  endif()
  if(DEFINED arg_TIMEOUT AND NOT arg_TIMEOUT MATCHES "^[0-9]+(\\.[0-9]+)?$")
    message(FATAL_ERROR "add_jit_benchmark(${name}): TIMEOUT must be a number of seconds, "
                        "got '${arg_TIMEOUT}'")
  endif()
  foreach(required_target IN ITEMS jitbench::gen jitbench::runtime jitbench::resources)
    if(NOT TARGET ${required_target})
      message(FATAL_ERROR "add_jit_benchmark(${name}): target ${required_target} not found; "
                          "use find_package(JitBench) or add jitbench with add_subdirectory()")
    endif()
  endforeach()

  get_filename_component(spec "${arg_SPEC}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${spec}")
    message(FATAL_ERROR "add_jit_benchmark(${name}): spec '${arg_SPEC}' not found")
  endif()
  set(target bench_${name})
  set(generated "${CMAKE_CURRENT_BINARY_DIR}/jitbench/${target}.cu")
  file(RELATIVE_PATH spec_shown "${CMAKE_SOURCE_DIR}" "${spec}")
  get_filename_component(spec_dir "${spec}" DIRECTORY)

  # Where the compiler will look for the spec's headers: the target's include directories,
  # usage requirements of its libraries included, then the CUDA compiler's own.
  set(include_dirs "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>"
      ${CMAKE_CUDA_TOOLKIT_INCLUDE_DIRECTORIES} ${CMAKE_CUDA_IMPLICIT_INCLUDE_DIRECTORIES})
  add_custom_command(
    OUTPUT "${generated}"
    COMMAND jitbench::gen --spec "${spec}" --spec-name "${spec_shown}" --out "${generated}"
            "-I$<JOIN:${include_dirs},;-I>"
    DEPENDS jitbench::gen "${spec}"
    COMMENT "Generating benchmark ${name} from ${spec_shown}"
    COMMAND_EXPAND_LISTS
    VERBATIM)

  add_executable(${target} "${generated}" ${arg_SOURCES})
  target_include_directories(${target} PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}" "${spec_dir}")
  target_link_libraries(${target} PRIVATE jitbench::runtime ${arg_LIBRARIES})
  jitbench_jit_include_path(${target})
  jitbench_benchmark_defaults(${target})
  if(JITBENCH_CI_ONLY)
    target_compile_definitions(${target} PRIVATE JITBENCH_CI_ONLY)
  endif()
  if(COMMAND jitbench_target_warnings)
    jitbench_target_warnings(${target})
  endif()

  if(NOT TARGET bench.all)
    add_custom_target(bench.all)
  endif()
  add_dependencies(bench.all ${target})

  add_test(NAME bench.${name}.ci COMMAND ${target} --ci)
  set(full_tests "")
  if(arg_SHARDS EQUAL 1)
    add_test(NAME bench.${name} COMMAND ${target})
    list(APPEND full_tests bench.${name})
  else()
    foreach(shard RANGE 1 ${arg_SHARDS})
      add_test(NAME bench.${name}.${shard}of${arg_SHARDS}
               COMMAND ${target} --shard ${shard}/${arg_SHARDS})
      list(APPEND full_tests bench.${name}.${shard}of${arg_SHARDS})
    endforeach()
  endif()
  set(ci_labels bench bench-ci ${arg_LABELS})
  set(full_labels bench bench-full ${arg_LABELS})
  set_tests_properties(bench.${name}.ci PROPERTIES LABELS "${ci_labels}")
  set_tests_properties(${full_tests} PROPERTIES LABELS "${full_labels}")
  set_tests_properties(bench.${name}.ci ${full_tests} PROPERTIES SKIP_RETURN_CODE 77
                                                                  RESOURCE_GROUPS "gpus:1")
  _jitbench_ctest_resources()
  if(DEFINED arg_TIMEOUT)
    set_tests_properties(bench.${name}.ci ${full_tests} PROPERTIES TIMEOUT ${arg_TIMEOUT})
  else()
    set_tests_properties(bench.${name}.ci PROPERTIES TIMEOUT 1500)
  endif()
  if(arg_PROPERTIES)
    set_tests_properties(bench.${name}.ci ${full_tests} PROPERTIES ${arg_PROPERTIES})
  endif()
endfunction()

function(jitbench_add_specs)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "DIRECTORY;TIMEOUT;SHARDS"
                        "LIBRARIES;LABELS;PROPERTIES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "jitbench_add_specs: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_DIRECTORY)
    message(FATAL_ERROR "jitbench_add_specs: DIRECTORY <dir> is required")
  endif()
  get_filename_component(directory "${arg_DIRECTORY}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT IS_DIRECTORY "${directory}")
    message(FATAL_ERROR "jitbench_add_specs: '${arg_DIRECTORY}' is not a directory")
  endif()
  set(forwarded LIBRARIES ${arg_LIBRARIES} LABELS ${arg_LABELS})
  foreach(keyword IN ITEMS TIMEOUT SHARDS)
    if(DEFINED arg_${keyword})
      list(APPEND forwarded ${keyword} ${arg_${keyword}})
    endif()
  endforeach()
  if(arg_PROPERTIES)
    list(APPEND forwarded PROPERTIES ${arg_PROPERTIES})
  endif()
  file(GLOB specs CONFIGURE_DEPENDS "${directory}/*.yaml")
  list(SORT specs)
  foreach(spec IN LISTS specs)
    get_filename_component(name "${spec}" NAME_WLE)
    add_jit_benchmark(${name} SPEC "${spec}" ${forwarded})
  endforeach()
endfunction()
