# Included before find_package(CUDAToolkit), by jitbench and by its package configuration.
#
# CMake 3.25.1 (Debian 12's) FindCUDAToolkit sets a property on CUDA::nvToolsExt without checking
# that the target exists, when the project requires CMake >= 3.25; CUDA 12.9 and later ship no
# libnvToolsExt, so configuring stops there. Newer CMake checks first. An empty stand-in keeps it
# going; nothing links it.
if(CMAKE_VERSION VERSION_LESS 3.26 AND NOT TARGET CUDA::nvToolsExt)
  add_library(CUDA::nvToolsExt INTERFACE IMPORTED)
endif()
