#pragma once

// Reads the report page back as a tree, for tests: the page is well-formed XML after its
// doctype (XmlWriter writes it so), which this small parser checks on the way. Entities are
// decoded; comments, processing instructions and CDATA are not expected and are errors.

#include <cctype>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench::test {

struct XmlNode {
  std::string tag;
  std::map<std::string, std::string> attributes;
  std::vector<std::unique_ptr<XmlNode>> children;
  std::string text;  // all character data directly inside, concatenated
  const XmlNode* parent = nullptr;

  std::string attr(const std::string& name) const {
    const auto it = attributes.find(name);
    return it == attributes.end() ? "" : it->second;
  }
  // Whether the class attribute holds `name` among its words.
  bool has_class(const std::string& name) const {
    const std::string classes = " " + attr("class") + " ";
    return classes.find(" " + name + " ") != std::string::npos;
  }
  // Every descendant (not this node) with the tag, "" for any, and all the classes given.
  std::vector<const XmlNode*> find(const std::string& tag,
                                   const std::vector<std::string>& classes = {}) const {
    std::vector<const XmlNode*> found;
    std::function<void(const XmlNode&)> visit = [&](const XmlNode& node) {
      for (const auto& child : node.children) {
        bool match = tag.empty() || child->tag == tag;
        for (const std::string& c : classes) match = match && child->has_class(c);
        if (match) found.push_back(child.get());
        visit(*child);
      }
    };
    visit(*this);
    return found;
  }
  // Whether an ancestor has the tag and class.
  bool inside(const std::string& tag, const std::string& cls) const {
    for (const XmlNode* p = parent; p != nullptr; p = p->parent) {
      if (p->tag == tag && p->has_class(cls)) return true;
    }
    return false;
  }
  // The text of this node and all its descendants, in document order.
  std::string all_text() const {
    std::string all = text;
    for (const auto& child : children) all += child->all_text();
    return all;
  }
};

inline std::string decode_entities(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t end = text.find(';', i);
    if (end == std::string_view::npos) throw std::runtime_error("unterminated entity");
    const std::string_view name = text.substr(i + 1, end - i - 1);
    if (name == "amp")
      out += '&';
    else if (name == "lt")
      out += '<';
    else if (name == "gt")
      out += '>';
    else if (name == "quot")
      out += '"';
    else if (name == "#39")
      out += '\'';
    else
      throw std::runtime_error("unknown entity &" + std::string(name) + ";");
    i = end;
  }
  return out;
}

// Parses `text` (an optional <!DOCTYPE ...> first) into the root element; throws
// std::runtime_error on anything that is not well-formed.
inline std::unique_ptr<XmlNode> parse_xml(std::string_view text) {
  std::size_t pos = 0;
  auto skip_space = [&] {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  };
  auto fail = [&](const std::string& what) {
    throw std::runtime_error("XML at byte " + std::to_string(pos) + ": " + what);
  };
  skip_space();
  if (text.substr(pos, 9) == "<!DOCTYPE") {
    pos = text.find('>', pos);
    if (pos == std::string_view::npos) fail("unterminated doctype");
    ++pos;
  }
  auto name = [&] {
    const std::size_t start = pos;
    while (pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[pos])) ||
                                 text[pos] == '-' || text[pos] == ':' || text[pos] == '_')) {
      ++pos;
    }
    if (pos == start) fail("expected a name");
    return std::string(text.substr(start, pos - start));
  };
  auto root = std::make_unique<XmlNode>();
  std::vector<XmlNode*> stack{root.get()};
  while (true) {
    const std::size_t lt = text.find('<', pos);
    const std::string_view chars =
        text.substr(pos, lt == std::string_view::npos ? text.npos : lt - pos);
    if (stack.size() > 1) {
      stack.back()->text += decode_entities(chars);
    } else if (chars.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      fail("text outside the root element");
    }
    if (lt == std::string_view::npos) break;
    pos = lt + 1;
    if (pos < text.size() && text[pos] == '/') {
      ++pos;
      const std::string tag = name();
      if (stack.size() < 2 || stack.back()->tag != tag) fail("unexpected </" + tag + ">");
      stack.pop_back();
      skip_space();
      if (pos >= text.size() || text[pos] != '>') fail("expected >");
      ++pos;
      continue;
    }
    auto node = std::make_unique<XmlNode>();
    node->tag = name();
    node->parent = stack.back() == root.get() ? nullptr : stack.back();
    while (true) {
      skip_space();
      if (pos >= text.size()) fail("unterminated tag");
      if (text[pos] == '>' || text.substr(pos, 2) == "/>") break;
      const std::string attribute = name();
      if (text.substr(pos, 2) != "=\"") fail("expected =\" after " + attribute);
      pos += 2;
      const std::size_t quote = text.find('"', pos);
      if (quote == std::string_view::npos) fail("unterminated attribute");
      if (!node->attributes.emplace(attribute, decode_entities(text.substr(pos, quote - pos)))
               .second) {
        fail("repeated attribute " + attribute);
      }
      pos = quote + 1;
    }
    const bool empty = text[pos] == '/';
    pos += empty ? 2 : 1;
    XmlNode* raw = node.get();
    stack.back()->children.push_back(std::move(node));
    if (!empty) stack.push_back(raw);
  }
  if (stack.size() != 1) fail("unclosed <" + stack.back()->tag + ">");
  if (root->children.size() != 1) fail("expected one root element");
  std::unique_ptr<XmlNode> element = std::move(root->children.front());
  return element;
}

}  // namespace jitbench::test
