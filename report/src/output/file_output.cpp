#include <jitbench/file_output.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace jitbench {

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
      throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
    }
    try {
      write(file);
      file.close();
      if (!file) throw std::runtime_error("cannot write '" + temporary + "'");
    } catch (...) {
      // What the writer threw is the error; no half-written file is left behind.
      file.close();
      std::remove(temporary.c_str());
      throw;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("cannot rename '" + temporary + "' to '" + path +
                             "': " + std::strerror(errno));
  }
}

}  // namespace jitbench
