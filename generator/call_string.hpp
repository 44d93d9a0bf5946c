#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench::gen {

// What the emitter needs to know about an impl's call string (C++ as the spec wrote it), found
// by a lexical scan that skips comments and string and character literals.

// The identifiers a call string uses on their own: not after `.`, `->` or `::` (members and
// qualified names). The impl function binds exactly these, so that nothing it declares goes
// unused.
std::set<std::string> free_identifiers(std::string_view code);

// A call string as the body of the generated impl function.
struct CallBody {
  // The call string trimmed, with a missing final `;` added (before a trailing comment); an
  // expression is returned: `return f(x);`.
  std::string code;
  // One expression (a call, with or without a final `;`), as opposed to statements (a `;`
  // before the end, a `{` block, or a leading keyword such as `if` or `return`).
  bool expression = false;
};
CallBody call_body(std::string_view call);

// `call` with a line break for the space at each of `breaks` (offsets into it): the lines of a
// call that YAML folded (`>`) into one, so that `#line` maps each of them to its line of the
// spec. `call` unchanged when a break would fall in a comment or a literal, where a line break
// would change the code.
std::string with_line_breaks(std::string_view call, const std::vector<std::size_t>& breaks);

}  // namespace jitbench::gen
