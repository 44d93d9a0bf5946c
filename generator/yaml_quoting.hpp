#pragma once

// Values that YAML reads otherwise than a spec's author meant: an expression or a call that
// starts with '!', '*' or '&' (YAML's tag, alias and anchor) or holds ': ' (the end of a key), and
// one with a comma inside a flow list or mapping (the end of an item). Each message says what
// YAML read and shows the spec's line with the value quoted, as docs/spec.md ("Quote a YAML
// scalar that...") asks.

#include "diagnostic.hpp"

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

namespace jitbench::gen {

// A value that YAML misread: the error, at `from`, and where the value is written, [from, to).
// Errors inside it are about what YAML made of the value, and only repeat this one.
struct Misreading {
  SourceLoc from;
  SourceLoc to;
  std::string message;
};

// The values of a spec (`root`, parsed from `text`) that YAML tagged, or split at a comma.
std::vector<Misreading> misreadings(const YAML::Node& root, std::string_view text);

// The end of the message of a YAML parse error on `line` (1-based) of `text` when the value on
// that line is one that YAML reads on its own: "; ", what YAML read, and the line with the value
// quoted. "" otherwise.
std::string quoting_hint(std::string_view text, int line);

}  // namespace jitbench::gen
