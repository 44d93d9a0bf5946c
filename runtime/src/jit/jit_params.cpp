#include "jit/jit_params.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

namespace jitbench::detail {

namespace {

std::string trim(const std::string& text) {
  const std::size_t begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(' ') - begin + 1);
}

// The type without const, volatile and restrict words, one space between the words left.
std::string unqualified(const std::string& type) {
  std::string out;
  std::size_t i = 0;
  while (i < type.size()) {
    const std::size_t end = std::min(type.find(' ', i), type.size());
    const std::string word = type.substr(i, end - i);
    if (!word.empty() && word != "const" && word != "volatile" && word != "__restrict__" &&
        word != "restrict" && word != "__restrict") {
      out += (out.empty() ? "" : " ") + word;
    }
    i = end + 1;
  }
  return out;
}

// Whether a '*' is outside every <...> and (...) of the type: a pointer, not a class template
// over one.
bool is_pointer(const std::string& type) {
  int depth = 0;
  for (char c : type) {
    if (c == '<' || c == '(') ++depth;
    if (c == '>' || c == ')') --depth;
    if (c == '*' && depth == 0) return true;
  }
  return false;
}

KernelParam classify(const std::string& spelled) {
  KernelParam p;
  p.type = trim(spelled);
  if (is_pointer(p.type)) {
    p.kind = JitValueKind::pointer;
    p.size = sizeof(void*);
    return p;
  }
  struct Known {
    const char* name;
    JitValueKind kind;
    std::size_t size;
  };
  static const Known known[] = {
      {"bool", JitValueKind::boolean, 1},
      {"char", JitValueKind::signed_integer, 1},
      {"signed char", JitValueKind::signed_integer, 1},
      {"unsigned char", JitValueKind::unsigned_integer, 1},
      {"short", JitValueKind::signed_integer, 2},
      {"unsigned short", JitValueKind::unsigned_integer, 2},
      {"int", JitValueKind::signed_integer, 4},
      {"unsigned int", JitValueKind::unsigned_integer, 4},
      {"long", JitValueKind::signed_integer, sizeof(long)},
      {"unsigned long", JitValueKind::unsigned_integer, sizeof(long)},
      {"long long", JitValueKind::signed_integer, 8},
      {"unsigned long long", JitValueKind::unsigned_integer, 8},
      {"float", JitValueKind::floating, 4},
      {"double", JitValueKind::floating, 8},
  };
  const std::string base = unqualified(p.type);
  for (const Known& k : known) {
    if (base == k.name) {
      p.kind = k.kind;
      p.size = k.size;
    }
  }
  return p;
}

// The parameter list of a demangled function, split at its top-level commas.
std::optional<std::vector<std::string>> parameter_list(const std::string& function) {
  if (function.empty() || function.back() != ')') return std::nullopt;
  int depth = 0;
  std::size_t open = std::string::npos;
  for (std::size_t i = function.size(); i-- > 0;) {
    if (function[i] == ')') ++depth;
    if (function[i] == '(' && --depth == 0) {
      open = i;
      break;
    }
  }
  if (open == std::string::npos) return std::nullopt;
  const std::string inside = function.substr(open + 1, function.size() - open - 2);
  std::vector<std::string> params;
  if (trim(inside).empty() || trim(inside) == "void") return params;
  depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= inside.size(); ++i) {
    const char c = i < inside.size() ? inside[i] : ',';
    if (c == '<' || c == '(' || c == '[') ++depth;
    if (c == '>' || c == ')' || c == ']') --depth;
    if (c == ',' && depth == 0) {
      params.push_back(inside.substr(start, i - start));
      start = i + 1;
    }
  }
  return params;
}

std::string describe(const JitArg& arg) {
  if (arg.is_tensor()) return "a pointer (tensor " + std::to_string(arg.tensor_index()) + ")";
  const std::string bytes =
      (arg.size() == 8 ? "an " : "a ") + std::to_string(arg.size()) + "-byte ";
  switch (arg.kind()) {
    case JitValueKind::pointer:
      return "a pointer";
    case JitValueKind::signed_integer:
      return bytes + "signed integer";
    case JitValueKind::unsigned_integer:
      return bytes + "unsigned integer";
    case JitValueKind::floating:
      return bytes + "floating-point value";
    case JitValueKind::boolean:
      return "a bool";
  }
  return "a value";
}

bool integer(JitValueKind kind) {
  return kind == JitValueKind::signed_integer || kind == JitValueKind::unsigned_integer;
}

bool compatible(JitValueKind param, JitValueKind arg) {
  return param == arg || (integer(param) && integer(arg));
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::optional<KernelSignature> signature_from_mangled_name(const std::string& lowered_name) {
  if (lowered_name.compare(0, 2, "_Z") != 0) return std::nullopt;
  int status = 0;
  const std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(lowered_name.c_str(), nullptr, nullptr, &status), std::free);
  if (status != 0 || demangled == nullptr) return std::nullopt;
  KernelSignature signature;
  signature.text = demangled.get();
  const std::optional<std::vector<std::string>> list = parameter_list(signature.text);
  if (!list) return std::nullopt;
  for (const std::string& param : *list) signature.params.push_back(classify(param));
  return signature;
}

std::string check_kernel_arguments(const std::string& kernel,
                                   const std::optional<KernelSignature>& signature,
                                   const std::optional<std::vector<std::size_t>>& driver_sizes,
                                   const std::vector<JitArg>& args) {
  std::vector<KernelParam> params;
  if (signature) params = signature->params;
  if (driver_sizes) {
    if (!signature) params.resize(driver_sizes->size());
    if (params.size() == driver_sizes->size()) {
      for (std::size_t i = 0; i < params.size(); ++i) params[i].size = (*driver_sizes)[i];
    }
  }
  if (!signature && !driver_sizes) return "";
  const std::string name = signature ? signature->text : kernel;
  if (params.size() != args.size()) {
    return name + " takes " + plural(params.size(), "parameter") + "; the spec gives " +
           plural(args.size(), "argument");
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const KernelParam& p = params[i];
    const JitArg& a = args[i];
    const bool kind_differs = p.kind && !compatible(*p.kind, a.kind());
    const bool size_differs = p.size != 0 && p.size != a.size();
    if (!kind_differs && !size_differs) continue;
    const std::string bytes = std::to_string(p.size) + " bytes";
    const std::string param = p.type.empty() ? bytes
                              : p.size != 0  ? p.type + " (" + bytes + ")"
                                             : p.type;
    return "argument " + std::to_string(i + 1) + " is " + describe(a) + ", but parameter " +
           std::to_string(i + 1) + " of " + name + " is " + param;
  }
  return "";
}

}  // namespace jitbench::detail
