#include "html/xml_writer.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <stdexcept>

namespace jitbench::detail {

XmlWriter& XmlWriter::open(std::string_view tag, const Attributes& attributes) {
  start_tag(tag, attributes);
  out_ << ">\n";
  open_.emplace_back(tag);
  return *this;
}

XmlWriter& XmlWriter::close() {
  if (open_.empty()) throw std::logic_error("XmlWriter::close: no open element");
  out_ << "</" << open_.back() << ">\n";
  open_.pop_back();
  return *this;
}

XmlWriter& XmlWriter::element(std::string_view tag, const Attributes& attributes,
                              std::string_view text) {
  start_tag(tag, attributes);
  if (text.empty()) {
    out_ << "/>\n";
  } else {
    out_ << '>' << xml_escape(text) << "</" << tag << ">\n";
  }
  return *this;
}

XmlWriter& XmlWriter::text(std::string_view text) {
  out_ << xml_escape(text);
  return *this;
}

XmlWriter& XmlWriter::raw(std::string_view text) {
  out_ << text;
  return *this;
}

void XmlWriter::start_tag(std::string_view tag, const Attributes& attributes) {
  out_ << '<' << tag;
  for (const auto& [name, value] : attributes)
    out_ << ' ' << name << "=\"" << xml_escape(value) << '"';
}

std::string xml_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string svg_number(double value) {
  const double rounded = std::round(value * 10) / 10;
  char text[32];
  if (rounded == std::floor(rounded)) {
    std::snprintf(text, sizeof text, "%.0f", rounded == 0 ? 0.0 : rounded);
  } else {
    std::snprintf(text, sizeof text, "%.1f", rounded);
  }
  return text;
}

}  // namespace jitbench::detail
