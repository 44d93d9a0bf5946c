#pragma once

#include <functional>
#include <iosfwd>
#include <string>

namespace jitbench {

// Throws std::runtime_error "cannot write 'FILE': why" when FILE could not be written as --out
// and --report write it (in place, and through FILE.tmp and a rename): it is a directory or
// read-only, or its directory is missing or read-only. Creates and changes nothing, so that a
// run can check its outputs before it starts.
void check_writable(const std::string& path);

// Writes `path` through `path`.tmp and a rename, so that no reader ever sees half a file.
// Throws std::runtime_error naming the file when it cannot be written or renamed.
void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace jitbench
