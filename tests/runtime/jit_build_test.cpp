// JIT kernels compiled with NVRTC and cached on disk: what needs no GPU. NVRTC is in the CUDA
// Toolkit, where CI has it.

#include "jit/jit_build.hpp"

#include "jit/jit_params.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace jitbench::detail {
namespace {

namespace fs = std::filesystem;

const char* const scale_source = R"(#pragma once
#include <cstdint>
#include "scale_factor.cuh"

template <class T, int N>
__global__ void scale_kernel(T* y, const T* x, std::int64_t n) {
  const std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x;
  if (i < n) y[i] = x[i] * factor<T>() * T(N);
}
)";
const char* const factor_header = R"(#pragma once
template <class T> __device__ T factor() { return T(2); }
)";

class JitBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("jitbench_jit_build_test_" + std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "src");
    write("src/scale.cuh", scale_source);
    write("src/scale_factor.cuh", factor_header);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& text) const {
    std::ofstream(root_ / relative, std::ios::binary | std::ios::trunc) << text;
  }
  std::string path(const std::string& relative) const { return (root_ / relative).string(); }

  JitBuildRequest request(const std::string& kernel = "scale_kernel<float, 3>") const {
    JitBuildRequest r;
    r.source = "scale.cuh";
    r.include_dirs = {path("src")};
    r.toolkit_dirs = toolkit_include_dirs();
    r.name_expression = kernel;
    r.arch = "sm_90";
    return r;
  }
  JitCache cache() const { return JitCache(path("cache")); }

  fs::path root_;
};

TEST_F(JitBuildTest, CompilesToAnSm90CubinThenReadsItFromTheCache) {
  const JitBuild first = build_jit_kernel(request(), cache());
  EXPECT_FALSE(first.cache_hit);
  EXPECT_EQ(first.cubin.compare(0, 4,
                                "\x7f"
                                "ELF"),
            0)
      << "a CUBIN is an ELF file";
  EXPECT_EQ(first.lowered_name, "_Z12scale_kernelIfLi3EEvPT_PKS0_x");
  EXPECT_TRUE(first.cache_problem.empty()) << first.cache_problem;
  EXPECT_TRUE(fs::is_regular_file(path("cache/" + first.key + ".cubin")));

  const JitBuild second = build_jit_kernel(request(), cache());
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.key, first.key);
  EXPECT_EQ(second.cubin, first.cubin);
  EXPECT_EQ(second.lowered_name, first.lowered_name);
  EXPECT_LT(second.seconds, first.seconds);
}

TEST_F(JitBuildTest, TheKeyChangesWithTheSourceAHeaderAnOptionTheArchAndTheKernel) {
  const std::string key = build_jit_kernel(request(), cache()).key;
  const auto key_of = [&](const JitBuildRequest& r) { return build_jit_kernel(r, cache()).key; };
  EXPECT_EQ(key_of(request()), key);

  JitBuildRequest with_option = request();
  with_option.options = {"-DUNUSED=1"};
  EXPECT_NE(key_of(with_option), key);

  JitBuildRequest sm90a = request();
  sm90a.arch = "sm_90a";
  EXPECT_NE(key_of(sm90a), key);

  EXPECT_NE(key_of(request("scale_kernel<float, 4>")), key);

  write("src/scale_factor.cuh", std::string(factor_header) + "// edited\n");
  const std::string after_header = key_of(request());
  EXPECT_NE(after_header, key);

  write("src/scale.cuh", std::string(scale_source) + "// edited\n");
  EXPECT_NE(key_of(request()), after_header);
}

TEST_F(JitBuildTest, AHitNeedsTheWholeFile) {
  const JitBuild first = build_jit_kernel(request(), cache());
  const std::string file = path("cache/" + first.key + ".cubin");
  const auto size = fs::file_size(file);
  fs::resize_file(file, size - 10);  // as a full disk would leave it
  EXPECT_FALSE(cache().read(first.key));
  const JitBuild again = build_jit_kernel(request(), cache());
  EXPECT_FALSE(again.cache_hit);
  EXPECT_EQ(fs::file_size(file), size);
  EXPECT_TRUE(build_jit_kernel(request(), cache()).cache_hit);
}

TEST_F(JitBuildTest, ConcurrentWritersLeaveOneWholeFile) {
  const JitCache c = cache();
  const std::string key(64, 'a');
  std::vector<CachedKernel> kernels;
  for (int w = 0; w < 8; ++w) {
    kernels.push_back({"_Z1kv", std::string(200000 + w * 1000, static_cast<char>('A' + w))});
  }
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    while (!done) {
      if (const std::optional<CachedKernel> k = c.read(key)) {
        const bool whole = std::any_of(kernels.begin(), kernels.end(), [&](const CachedKernel& w) {
          return w.cubin == k->cubin && w.lowered_name == k->lowered_name;
        });
        if (!whole) ++torn;
      }
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 20; ++i) EXPECT_EQ(c.write(key, kernels[w]), "");
    });
  }
  for (std::thread& t : writers) t.join();
  done = true;
  reader.join();
  EXPECT_EQ(torn, 0);
  ASSERT_TRUE(c.read(key));
  for (const auto& entry : fs::directory_iterator(path("cache"))) {
    EXPECT_EQ(entry.path().extension(), ".cubin") << "left behind: " << entry.path();
  }
}

TEST_F(JitBuildTest, AHalfOrBfloat16NeedsNoIncludeInTheSource) {
  // As $T names them; the source includes neither cuda_fp16.h nor cuda_bf16.h.
  EXPECT_FALSE(build_jit_kernel(request("scale_kernel<__half, 2>"), cache()).cubin.empty());
  EXPECT_FALSE(build_jit_kernel(request("scale_kernel<__nv_bfloat16, 2>"), cache()).cubin.empty());
}

TEST_F(JitBuildTest, ABrokenSourceIsItsFirstErrorAtFileLineAndTheFullLog) {
  write("src/scale_factor.cuh",
        "#pragma once\ntemplate <class T> __device__ T factor() {\n  return T(2) * nope;\n}\n");
  try {
    build_jit_kernel(request(), cache());
    FAIL() << "a broken source compiled";
  } catch (const JitCompileError& e) {
    const std::string text = e.what();
    EXPECT_EQ(text.rfind(path("src/scale_factor.cuh") +
                             ":3:17: error: identifier \"nope\" is undefined; full log: ",
                         0),
              0u)
        << text;
    EXPECT_EQ(e.log_path().rfind(path("cache/logs/"), 0), 0u) << e.log_path();
    std::ifstream log(e.log_path());
    const std::string full((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    EXPECT_NE(full.find("compiling scale_kernel<float, 3> from " + path("src/scale.cuh")),
              std::string::npos)
        << full;
    EXPECT_NE(full.find("detected during instantiation"), std::string::npos) << full;
  }
}

TEST_F(JitBuildTest, AMissingSourceNamesWhereItWasLookedFor) {
  JitBuildRequest r = request();
  r.source = "nope.cuh";
  try {
    build_jit_kernel(r, cache());
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "JIT source 'nope.cuh' not found in '" + path("src") + "'");
  }
}

TEST_F(JitBuildTest, TheShippedQknormKernelCompilesAndTakesTheSpecsArguments) {
  JitBuildRequest r = request("kernels::qknorm_kernel<__nv_bfloat16, 128>");
  r.source = "kernels/qknorm.cuh";
  r.include_dirs = {JITBENCH_SOURCE_DIR};
  const JitBuild build = build_jit_kernel(r, cache());
  const std::optional<KernelSignature> signature = signature_from_mangled_name(build.lowered_name);
  ASSERT_TRUE(signature) << build.lowered_name;
  // As specs/qknorm.yaml's fused_jit passes them.
  const std::vector<JitArg> args = {JitArg::tensor(0),
                                    JitArg::tensor(1),
                                    JitArg::tensor(2),
                                    JitArg::tensor(3),
                                    JitArg::of(std::int64_t{64}),
                                    JitArg::of(std::int64_t{8}),
                                    JitArg::of(1e-6f)};
  EXPECT_EQ(check_kernel_arguments(r.name_expression, signature, std::nullopt, args), "");
}

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(JitCache, ItsFolderComesFromTheEnvironment) {
  {
    ScopedEnv cache("JITBENCH_JIT_CACHE", "/x/cache");
    EXPECT_EQ(JitCache::default_dir(), "/x/cache");
  }
  {
    ScopedEnv cache("JITBENCH_JIT_CACHE", "off");
    EXPECT_EQ(JitCache::default_dir(), "");
    EXPECT_FALSE(JitCache(JitCache::default_dir()).enabled());
  }
  ScopedEnv cache("JITBENCH_JIT_CACHE", nullptr);
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "/xdg");
    EXPECT_EQ(JitCache::default_dir(), "/xdg/jitbench/jit");
  }
  ScopedEnv xdg("XDG_CACHE_HOME", nullptr);
  {
    ScopedEnv home("HOME", "/home/u");
    EXPECT_EQ(JitCache::default_dir(), "/home/u/.cache/jitbench/jit");
  }
  ScopedEnv home("HOME", nullptr);
  EXPECT_EQ(JitCache::default_dir(), "");
}

}  // namespace
}  // namespace jitbench::detail
