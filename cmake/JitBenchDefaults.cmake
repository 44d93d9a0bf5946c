# The defaults that keep a benchmark from silently measuring the wrong code when the project that
# builds it does not choose: the CUDA architectures and optimised code. Included by jitbench's
# CMakeLists.txt (before project(), for its functions) and by its package configuration.
#
# Without them CMake 3.25 with nvcc 13 compiles for compute_75/sm_75 and an empty build type
# (-O0 host code): on an H200 the benchmark then runs JIT-compiled sm_75 PTX, with every
# __CUDA_ARCH__ >= 900 path compiled out.

include_guard(GLOBAL)

# jitbench_detect_cuda_architectures(<out>)
#
# The compute capabilities of the GPUs that nvidia-smi lists, as CMake architectures ("90" for
# 9.0), or an empty list when it lists none (no GPU, no driver or no nvidia-smi). Explicit
# numbers rather than "native": they can be recorded, exported and compared at run time.
function(jitbench_detect_cuda_architectures out)
  set(architectures "")
  find_program(nvidia_smi nvidia-smi NO_CACHE)
  if(nvidia_smi)
    execute_process(COMMAND "${nvidia_smi}" --query-gpu=compute_cap --format=csv,noheader
                    RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_QUIET TIMEOUT 30)
    if(status EQUAL 0)
      string(REGEX MATCHALL "[0-9]+\\.[0-9]+" capabilities "${output}")
      foreach(capability IN LISTS capabilities)
        string(REPLACE "." "" architecture "${capability}")
        list(APPEND architectures ${architecture})
      endforeach()
      list(REMOVE_DUPLICATES architectures)
    endif()
  endif()
  set(${out} "${architectures}" PARENT_SCOPE)
endfunction()

# jitbench_default_cuda_architectures(<out> <reason_out>)
#
# What jitbench builds for when nobody chose: the GPUs of this machine, else Hopper (90). The
# reason says which, for the configure output.
function(jitbench_default_cuda_architectures out reason_out)
  jitbench_detect_cuda_architectures(detected)
  if(detected)
    set(${out} "${detected}" PARENT_SCOPE)
    set(${reason_out} "the GPUs of this machine, as nvidia-smi lists them" PARENT_SCOPE)
  else()
    set(${out} 90 PARENT_SCOPE)
    set(${reason_out} "no GPU seen by nvidia-smi: Hopper by default" PARENT_SCOPE)
  endif()
endfunction()

# jitbench_cuda_architectures_chosen(<out>)
#
# TRUE when the current project chose CMAKE_CUDA_ARCHITECTURES (on the command line, through
# CUDAARCHS or in its CMakeLists), FALSE when it holds the value CMake takes from nvcc when
# nobody did. CMake marks that value only by its cache help text and by being nvcc's default.
function(jitbench_cuda_architectures_chosen out)
  set(chosen TRUE)
  get_property(help CACHE CMAKE_CUDA_ARCHITECTURES PROPERTY HELPSTRING)
  if("$ENV{CUDAARCHS}" STREQUAL "" AND help STREQUAL "CUDA architectures"
     AND "${CMAKE_CUDA_ARCHITECTURES}" STREQUAL "$CACHE{CMAKE_CUDA_ARCHITECTURES}"
     AND CMAKE_CUDA_COMPILER_ID STREQUAL "NVIDIA")
    if(DEFINED CMAKE_CUDA_ARCHITECTURES_DEFAULT)
      set(compiler_default "${CMAKE_CUDA_ARCHITECTURES_DEFAULT}")
    else()
      # CMake 3.25 keeps no record of it: ask nvcc which architecture it compiles for unasked.
      execute_process(COMMAND "${CMAKE_CUDA_COMPILER}" --dryrun -c -x cu /dev/null -o /dev/null
                      OUTPUT_VARIABLE dryrun ERROR_VARIABLE dryrun RESULT_VARIABLE status)
      string(REGEX MATCHALL "-arch[= ]compute_([0-9]+)" found "${dryrun}")
      set(compiler_default "")
      foreach(flag IN LISTS found)
        string(REGEX REPLACE ".*compute_" "" architecture "${flag}")
        list(APPEND compiler_default ${architecture})
      endforeach()
      list(REMOVE_DUPLICATES compiler_default)
    endif()
    if("${CMAKE_CUDA_ARCHITECTURES}" STREQUAL "${compiler_default}")
      set(chosen FALSE)
    endif()
  endif()
  set(${out} ${chosen} PARENT_SCOPE)
endfunction()

# jitbench_release_options(<out>)
#
# With a single-configuration generator and no CMAKE_BUILD_TYPE, the compile options of the
# Release flags (CMAKE_<LANG>_FLAGS_RELEASE, e.g. -O3 -DNDEBUG), one generator expression a flag;
# otherwise none. A benchmark of -O0 host code measures overhead that nobody ships.
function(jitbench_release_options out)
  set(options "")
  if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    foreach(language CXX CUDA)
      separate_arguments(flags NATIVE_COMMAND "${CMAKE_${language}_FLAGS_RELEASE}")
      foreach(flag IN LISTS flags)
        list(APPEND options "$<$<COMPILE_LANGUAGE:${language}>:${flag}>")
      endforeach()
    endforeach()
  endif()
  set(${out} "${options}" PARENT_SCOPE)
endfunction()

# jitbench_build_type_shown(<out>)
#
# The build type a target made here gets, as the configure output and the results show it.
function(jitbench_build_type_shown out)
  if(CMAKE_CONFIGURATION_TYPES)
    set(${out} "$<CONFIG>" PARENT_SCOPE)
  elseif(CMAKE_BUILD_TYPE)
    set(${out} "${CMAKE_BUILD_TYPE}" PARENT_SCOPE)
  else()
    set(${out} "Release flags (no CMAKE_BUILD_TYPE)" PARENT_SCOPE)
  endif()
endfunction()

# jitbench_target_build_info(<target>)
#
# Compiles into <target> what the results' context records and the run-time check reads: the
# target's CUDA_ARCHITECTURES and build type (jitbench/benchmark.hpp turns them into a
# jitbench::BuildInfo, beside nvcc's own __CUDA_ARCH_LIST__).
function(jitbench_target_build_info target)
  jitbench_build_type_shown(build_type)
  target_compile_definitions(${target} PRIVATE
    "JITBENCH_BUILD_CUDA_ARCHITECTURES=\"$<JOIN:$<TARGET_PROPERTY:CUDA_ARCHITECTURES>, >\""
    "JITBENCH_BUILD_TYPE=\"${build_type}\"")
endfunction()

# jitbench_benchmark_defaults(<target>)
#
# What add_jit_benchmark() applies to a benchmark: jitbench's own CUDA architectures (the global
# property JITBENCH_CUDA_ARCHITECTURES) when the project did not choose CMAKE_CUDA_ARCHITECTURES,
# the Release flags when it has no build type, and the build info. Says once a project what was
# chosen.
function(jitbench_benchmark_defaults target)
  jitbench_cuda_architectures_chosen(chosen)
  get_property(jitbench_architectures GLOBAL PROPERTY JITBENCH_CUDA_ARCHITECTURES)
  if(chosen OR NOT jitbench_architectures)
    set(architectures "${CMAKE_CUDA_ARCHITECTURES}")
    set(reason "CMAKE_CUDA_ARCHITECTURES")
  else()
    set(architectures "${jitbench_architectures}")
    set(reason "those of jitbench's build; CMAKE_CUDA_ARCHITECTURES was not set, and CMake's \
default ${CMAKE_CUDA_ARCHITECTURES} would leave out newer GPUs' code")
    set_target_properties(${target} PROPERTIES CUDA_ARCHITECTURES "${architectures}")
  endif()
  jitbench_release_options(options)
  target_compile_options(${target} PRIVATE ${options})
  jitbench_target_build_info(${target})

  get_property(announced GLOBAL PROPERTY JITBENCH_BENCHMARK_DEFAULTS_SHOWN_${PROJECT_NAME})
  if(NOT announced)
    set_property(GLOBAL PROPERTY JITBENCH_BENCHMARK_DEFAULTS_SHOWN_${PROJECT_NAME} TRUE)
    jitbench_build_type_shown(build_type)
    string(REPLACE ";" " " architectures "${architectures}")
    message(STATUS "jitbench: ${PROJECT_NAME}'s benchmarks: CUDA architectures "
                   "${architectures} (${reason}); build type: ${build_type}")
  endif()
endfunction()
