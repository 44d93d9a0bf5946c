#include "output/out_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace jitbench::detail {

OutFile::OutFile(std::string path) : path_(std::move(path)) {
  lines_.open(path_, std::ios::binary | std::ios::trunc);
  if (!lines_) {
    throw std::runtime_error("cannot open '" + path_ + "' for writing: " + std::strerror(errno));
  }
}

void OutFile::check_stream(const char* action) {
  if (!lines_) throw std::runtime_error("cannot " + std::string(action) + " '" + path_ + "'");
}

void OutFile::begin(const JsonValue& context) {
  context_ = context;
  entries_.clear();
  JsonValue line = JsonValue::object();
  line.set("context", context);
  write_json(lines_, line, -1);
  lines_ << '\n' << std::flush;
  check_stream("write to");
}

void OutFile::add(const std::vector<JsonValue>& entries) {
  for (const JsonValue& entry : entries) {
    write_json(lines_, entry, -1);
    lines_ << '\n';
    entries_.push_back(entry);
  }
  lines_.flush();
  check_stream("write to");
}

void OutFile::finish() {
  lines_.close();
  JsonValue whole = JsonValue::object();
  whole.set("context", context_);
  whole.set("benchmarks", JsonValue(JsonValue::Array(entries_)));
  write_atomically(path_, [&](std::ostream& out) {
    write_json(out, whole, 2);
    out << '\n';
  });
}

void check_writable(const std::string& path) {
  const auto fail = [&](const std::string& why) {
    throw std::runtime_error("cannot write '" + path + "': " + why);
  };
  if (path.empty()) fail("no file name");
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0) {
    if (S_ISDIR(status.st_mode)) fail("it is a directory");
    if (::access(path.c_str(), W_OK) != 0) fail(std::strerror(errno));
  }
  const std::size_t slash = path.rfind('/');
  const std::string directory =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  if (::stat(directory.c_str(), &status) != 0) {
    if (errno == ENOENT) fail("directory '" + directory + "' does not exist");
    fail("directory '" + directory + "': " + std::strerror(errno));
  }
  if (!S_ISDIR(status.st_mode)) fail("'" + directory + "' is not a directory");
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    fail("directory '" + directory + "': " + std::strerror(errno));
  }
}

void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) {
      throw std::runtime_error("cannot open '" + temporary +
                               "' for writing: " + std::strerror(errno));
    }
    write(file);
    file.close();
    if (!file) throw std::runtime_error("cannot write '" + temporary + "'");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("cannot rename '" + temporary + "' to '" + path +
                             "': " + std::strerror(errno));
  }
}

}  // namespace jitbench::detail
