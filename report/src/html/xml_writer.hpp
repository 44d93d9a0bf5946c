#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jitbench::detail {

// Writes well-formed markup (the HTML report and its inline SVG) to a stream: every text and
// attribute value is escaped here, in one place, and elements close in the order they opened.
// The output is also valid XML (void elements self-close), so tests can parse the page back.
//
//   XmlWriter w(out);
//   w.open("svg", {{"width", "360"}, {"height", "240"}});
//   w.element("circle", {{"cx", svg_number(x)}, {"cy", svg_number(y)}, {"r", "3"}});
//   w.element("text", {{"x", "10"}, {"y", "20"}}, "latency [us]");
//   w.close();  // </svg>
class XmlWriter {
 public:
  using Attributes = std::vector<std::pair<std::string_view, std::string>>;

  explicit XmlWriter(std::ostream& out) : out_(out) {}
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  // <tag attributes...>; the element stays open until the matching close().
  XmlWriter& open(std::string_view tag, const Attributes& attributes = {});
  // Closes the innermost open element; throws std::logic_error when none is open.
  XmlWriter& close();
  // A whole element: <tag .../> without text, <tag ...>text</tag> with it.
  XmlWriter& element(std::string_view tag, const Attributes& attributes = {},
                     std::string_view text = {});
  // Escaped character data inside the open element.
  XmlWriter& text(std::string_view text);
  // Unescaped text, for the style sheet; the caller guarantees it holds no markup.
  XmlWriter& raw(std::string_view text);
  std::size_t depth() const { return open_.size(); }

 private:
  void start_tag(std::string_view tag, const Attributes& attributes);

  std::ostream& out_;
  std::vector<std::string> open_;
};

// `text` with & < > " ' replaced by entities: safe as character data and as an attribute value.
std::string xml_escape(std::string_view text);
// A coordinate or length for SVG: at most one decimal, no trailing ".0", "-0" as "0". Short and
// deterministic, and a tenth of a pixel is below what a screen shows.
std::string svg_number(double value);

}  // namespace jitbench::detail
