#pragma once

// What a YAML parse error about structure means in the lines of a spec. yaml-cpp says "end of map
// not found" for a line indented wrongly, a key without ':' or a list item among keys, and "end
// of map flow not found" for a '{' never closed, far from where the mistake is; the hint names
// the mistake and the line it is on.

#include "diagnostic.hpp"

#include <string>
#include <string_view>

namespace jitbench::gen {

// The end of the message of yaml-cpp's error `message` at `at` in `text`: "; " and what is wrong
// with the layout there, or "" when it finds nothing to say.
std::string layout_hint(std::string_view text, SourceLoc at, std::string_view message);

}  // namespace jitbench::gen
