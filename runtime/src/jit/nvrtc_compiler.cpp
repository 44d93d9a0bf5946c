#include "jit/jit_compiler.hpp"
#include "jit/nvrtc_library.hpp"

#include <chrono>
#include <stdexcept>

namespace jitbench::detail {

namespace {

// Owns an nvrtcProgram.
class Program {
 public:
  explicit Program(const NvrtcProgram& p) {
    std::vector<const char*> texts;
    std::vector<const char*> names;
    for (const auto& [name, text] : p.headers) {
      names.push_back(name.c_str());
      texts.push_back(text.c_str());
    }
    check(nvrtc().create_program(&program_, p.source.c_str(), p.name.c_str(),
                                 static_cast<int>(texts.size()), texts.data(), names.data()),
          "nvrtcCreateProgram");
  }
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  ~Program() { nvrtc().destroy_program(&program_); }

  nvrtcProgram get() const { return program_; }

  static void check(nvrtcResult result, const char* call) {
    if (result != NVRTC_SUCCESS) {
      throw std::runtime_error(std::string(call) + " failed: " + nvrtc().get_error_string(result));
    }
  }

 private:
  nvrtcProgram program_ = nullptr;
};

std::string program_log(const Program& program) {
  std::size_t size = 0;
  Program::check(nvrtc().get_program_log_size(program.get(), &size), "nvrtcGetProgramLogSize");
  std::string log(size, '\0');
  Program::check(nvrtc().get_program_log(program.get(), log.data()), "nvrtcGetProgramLog");
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

}  // namespace

NvrtcOutput nvrtc_compile(const NvrtcProgram& p) {
  const Program program(p);
  Program::check(nvrtc().add_name_expression(program.get(), p.name_expression.c_str()),
                 "nvrtcAddNameExpression");
  std::vector<const char*> options;
  for (const std::string& option : p.options) options.push_back(option.c_str());

  NvrtcOutput out;
  const auto start = std::chrono::steady_clock::now();
  const nvrtcResult result =
      nvrtc().compile_program(program.get(), static_cast<int>(options.size()), options.data());
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.log = program_log(program);
  if (result == NVRTC_ERROR_COMPILATION || result == NVRTC_ERROR_INVALID_OPTION) {
    if (out.log.empty()) out.log = nvrtc().get_error_string(result);
    return out;
  }
  Program::check(result, "nvrtcCompileProgram");

  const char* lowered = nullptr;
  Program::check(nvrtc().get_lowered_name(program.get(), p.name_expression.c_str(), &lowered),
                 "nvrtcGetLoweredName");
  out.lowered_name = lowered;
  std::size_t size = 0;
  Program::check(nvrtc().get_cubin_size(program.get(), &size), "nvrtcGetCUBINSize");
  out.cubin.resize(size);
  Program::check(nvrtc().get_cubin(program.get(), out.cubin.data()), "nvrtcGetCUBIN");
  out.ok = true;
  return out;
}

std::string nvrtc_version() {
  int major = 0;
  int minor = 0;
  Program::check(nvrtc().version(&major, &minor), "nvrtcVersion");
  return std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace jitbench::detail
