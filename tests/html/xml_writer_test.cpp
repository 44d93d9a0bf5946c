#include "html/xml_writer.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

namespace jitbench::detail {
namespace {

TEST(XmlWriter, EscapesTextAndAttributes) {
  std::ostringstream out;
  XmlWriter w(out);
  w.open("g", {{"data-series", "a<b & \"c\""}});
  w.element("title", {}, "x < y & y > 'z'");
  w.element("circle", {{"r", "3"}});
  w.close();
  EXPECT_EQ(out.str(),
            "<g data-series=\"a&lt;b &amp; &quot;c&quot;\">\n"
            "<title>x &lt; y &amp; y &gt; &#39;z&#39;</title>\n"
            "<circle r=\"3\"/>\n"
            "</g>\n");
  EXPECT_EQ(w.depth(), 0u);
}

TEST(XmlWriter, CloseWithoutOpenIsAnError) {
  std::ostringstream out;
  XmlWriter w(out);
  EXPECT_THROW(w.close(), std::logic_error);
}

TEST(SvgNumber, OneDecimalAtMost) {
  EXPECT_EQ(svg_number(12), "12");
  EXPECT_EQ(svg_number(12.04), "12");
  EXPECT_EQ(svg_number(12.06), "12.1");
  EXPECT_EQ(svg_number(-0.01), "0");
  EXPECT_EQ(svg_number(-3.25), "-3.3");
}

}  // namespace
}  // namespace jitbench::detail
