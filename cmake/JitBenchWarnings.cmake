# jitbench_target_warnings(<target>)
#
# Turns on -Wall -Wextra for the target's C++ and CUDA sources (host code through
# nvcc -Xcompiler), and makes warnings errors when JITBENCH_WERROR is ON. Used on jitbench's
# own targets and on the benchmarks generated from its specs.
function(jitbench_target_warnings target)
  set(cxx_flags -Wall -Wextra)
  set(cuda_flags -Xcompiler=-Wall,-Wextra)
  if(JITBENCH_WERROR)
    list(APPEND cxx_flags -Werror)
    list(APPEND cuda_flags -Xcompiler=-Werror --Werror=all-warnings)
  endif()
  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:CXX>:${cxx_flags}>"
    "$<$<COMPILE_LANGUAGE:CUDA>:${cuda_flags}>")
endfunction()

# jitbench_target_sanitizers(<target>)
#
# Adds JITBENCH_SANITIZE (e.g. "address;undefined") to a host-only target's compile and link
# flags. CUDA targets are left alone: the sanitizers do not work with the CUDA runtime.
function(jitbench_target_sanitizers target)
  if(NOT JITBENCH_SANITIZE)
    return()
  endif()
  list(JOIN JITBENCH_SANITIZE "," sanitizers)
  target_compile_options(${target} PRIVATE -fsanitize=${sanitizers} -fno-omit-frame-pointer
                                           -fno-sanitize-recover=all)
  target_link_options(${target} PRIVATE -fsanitize=${sanitizers})
endfunction()
