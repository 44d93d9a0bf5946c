#include <jitbench/build_info.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace jitbench {

namespace {

// One architecture the device code was built for: SASS (machine code for sm_<arch>), PTX
// (compute_<arch>, compiled by the driver at load time), or both.
struct Target {
  int arch = 0;      // compute capability x 10
  char variant = 0;  // 'a': this capability only (sm_90a); 'f': its family; 0: plain
  bool sass = false;
  bool ptx = false;
};

// A CMake architecture: "90", "90a", "100f", each optionally "-real" or "-virtual".
std::optional<Target> parse_architecture(const std::string& word) {
  std::size_t digits = 0;
  while (digits < word.size() && std::isdigit(static_cast<unsigned char>(word[digits]))) ++digits;
  if (digits == 0 || digits > 4) return std::nullopt;
  Target t;
  t.arch = std::stoi(word.substr(0, digits));
  std::string rest = word.substr(digits);
  if (!rest.empty() && (rest[0] == 'a' || rest[0] == 'f')) {
    t.variant = rest[0];
    rest.erase(0, 1);
  }
  t.sass = rest.empty() || rest == "-real";
  t.ptx = rest.empty() || rest == "-virtual";
  if (!t.sass && !t.ptx) return std::nullopt;
  return t;
}

std::vector<Target> targets_of(const BuildInfo& build) {
  std::vector<Target> targets;
  std::istringstream words(build.cuda_architectures);
  bool special = build.cuda_architectures.empty();
  for (std::string word; words >> word;) {
    if (const auto target = parse_architecture(word)) {
      targets.push_back(*target);
    } else {
      special = true;  // native, all, all-major: nvcc's own list below says what was built
    }
  }
  if (special) {
    // SASS and PTX for each, as -arch=sm_XX, -arch=native and -arch=all give.
    for (int arch : build.arch_list) targets.push_back({arch / 10, 0, true, true});
  }
  return targets;
}

bool runs_on(const Target& t, int device) {
  if (t.variant == 'a') return t.arch == device;
  return t.arch / 10 == device / 10 && t.arch <= device;
}

}  // namespace

std::string architectures_text(const BuildInfo& build) {
  std::string text;
  for (const Target& t : targets_of(build)) {
    const std::string name = std::to_string(t.arch) + (t.variant ? std::string(1, t.variant) : "");
    if (!text.empty()) text += ", ";
    text += t.sass ? "sm_" + name : "compute_" + name + " (PTX only)";
  }
  return text;
}

std::string build_summary(const std::string& architectures, const std::string& build_type) {
  if (architectures.empty()) return build_type.empty() ? "" : "build type " + build_type;
  return "built for " + architectures + (build_type.empty() ? "" : " (" + build_type + ")");
}

std::optional<std::string> missing_sass_warning(const BuildInfo& build, int major, int minor) {
  const std::vector<Target> targets = targets_of(build);
  if (targets.empty()) return std::nullopt;
  const int device = major * 10 + minor;
  int best_ptx = 0;
  for (const Target& t : targets) {
    if (t.sass && runs_on(t, device)) return std::nullopt;
    if (t.ptx && t.arch <= device && t.variant == 0) best_ptx = std::max(best_ptx, t.arch);
  }
  const std::string here = "sm_" + std::to_string(device);
  std::string text = "this benchmark holds no SASS for this GPU (" + here + "): it was built for " +
                     architectures_text(build) + "; ";
  if (best_ptx == 0) {
    text += "nor PTX that the driver can compile for it, so its kernels cannot run here";
  } else if (best_ptx == device) {
    text += "the driver compiles its compute_" + std::to_string(best_ptx) +
            " PTX when it loads, which the timing does not include but start-up does";
  } else {
    text += "the driver compiles its compute_" + std::to_string(best_ptx) +
            " PTX when it loads, and the code written for newer GPUs (such as __CUDA_ARCH__ >= " +
            std::to_string(device * 10) + ") is compiled out";
  }
  return text + ". Build it with -DCMAKE_CUDA_ARCHITECTURES=" + std::to_string(device) +
         " (scripts/bench: JITBENCH_CUDA_ARCH=" + std::to_string(device) + ")";
}

}  // namespace jitbench
