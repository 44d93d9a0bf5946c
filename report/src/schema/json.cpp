#include "schema/json.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <sstream>

namespace jitbench::detail {

std::string_view json_type_name(JsonValue::Type type) {
  switch (type) {
    case JsonValue::Type::null:
      return "null";
    case JsonValue::Type::boolean:
      return "boolean";
    case JsonValue::Type::number:
      return "number";
    case JsonValue::Type::string:
      return "string";
    case JsonValue::Type::array:
      return "array";
    case JsonValue::Type::object:
      return "object";
  }
  return "null";
}

namespace {

[[noreturn]] void wrong_type(JsonValue::Type expected, JsonValue::Type actual) {
  const std::string found(json_type_name(actual));
  const bool vowel = found[0] == 'a' || found[0] == 'o';
  throw std::runtime_error("expected a JSON " + std::string(json_type_name(expected)) + ", found " +
                           (vowel ? "an " : "a ") + found);
}

}  // namespace

bool JsonValue::boolean() const {
  if (!is_bool()) wrong_type(Type::boolean, type());
  return std::get<bool>(value_);
}

double JsonValue::number() const {
  if (!is_number()) wrong_type(Type::number, type());
  return std::get<double>(value_);
}

const std::string& JsonValue::string() const {
  if (!is_string()) wrong_type(Type::string, type());
  return std::get<std::string>(value_);
}

const JsonValue::Array& JsonValue::items() const {
  if (!is_array()) wrong_type(Type::array, type());
  return std::get<Array>(value_);
}

JsonValue::Array& JsonValue::items() {
  if (!is_array()) wrong_type(Type::array, type());
  return std::get<Array>(value_);
}

const JsonValue::Object& JsonValue::members() const {
  if (!is_object()) wrong_type(Type::object, type());
  return std::get<Object>(value_);
}

const JsonValue* JsonValue::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  const Object& object = std::get<Object>(value_);
  for (auto it = object.rbegin(); it != object.rend(); ++it) {
    if (it->first == key) return &it->second;
  }
  return nullptr;
}

const JsonValue& JsonValue::at(std::string_view key) const {
  members();
  const JsonValue* value = find(key);
  if (value == nullptr) throw std::runtime_error("missing member \"" + std::string(key) + "\"");
  return *value;
}

const JsonValue& JsonValue::at(std::size_t index) const {
  const Array& array = items();
  if (index >= array.size()) {
    throw std::runtime_error("index " + std::to_string(index) + " past the end of an array of " +
                             std::to_string(array.size()));
  }
  return array[index];
}

JsonValue& JsonValue::set(std::string key, JsonValue value) {
  if (!is_object()) wrong_type(Type::object, type());
  Object& object = std::get<Object>(value_);
  for (auto& member : object) {
    if (member.first == key) {
      member.second = std::move(value);
      return *this;
    }
  }
  object.emplace_back(std::move(key), std::move(value));
  return *this;
}

JsonValue& JsonValue::push(JsonValue value) {
  items().push_back(std::move(value));
  return *this;
}

JsonError::JsonError(std::size_t line, std::size_t column, const std::string& message)
    : std::runtime_error(std::to_string(line) + ":" + std::to_string(column) + ": " + message),
      line_(line),
      column_(column),
      message_(message) {}

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  JsonValue document() {
    skip_space();
    JsonValue value = parse_value(0);
    skip_space();
    if (pos_ < text_.size()) fail("unexpected '" + shown(text_[pos_]) + "' after the JSON value");
    return value;
  }

 private:
  // Deep enough for any real document, shallow enough that recursion cannot exhaust the stack.
  static constexpr int kMaxDepth = 512;

  [[noreturn]] void fail(const std::string& message) const { fail_at(pos_, message); }

  [[noreturn]] void fail_at(std::size_t pos, const std::string& message) const {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < pos && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw JsonError(line, column, message);
  }

  static std::string shown(char c) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      char text[8];
      std::snprintf(text, sizeof text, "\\x%02x", static_cast<unsigned char>(c));
      return text;
    }
    return std::string(1, c);
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++pos_;
    }
  }

  void expect_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) {
      fail("invalid literal: expected '" + std::string(word) + "'");
    }
    pos_ += word.size();
  }

  JsonValue parse_value(int depth) {
    if (at_end()) fail("unexpected end of input: expected a value");
    switch (peek()) {
      case '{':
        return parse_object(depth + 1);
      case '[':
        return parse_array(depth + 1);
      case '"':
        return JsonValue(parse_string());
      case 't':
        expect_word("true");
        return JsonValue(true);
      case 'f':
        expect_word("false");
        return JsonValue(false);
      case 'n':
        expect_word("null");
        return JsonValue();
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return JsonValue(parse_number());
        fail("unexpected '" + shown(peek()) + "': expected a value");
    }
  }

  JsonValue parse_object(int depth) {
    if (depth > kMaxDepth) fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    ++pos_;
    JsonValue object = JsonValue::object();
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return object;
    }
    while (true) {
      skip_space();
      if (peek() != '"') {
        fail(at_end() ? "unexpected end of input: expected a member name"
                      : "expected a member name in double quotes, found '" + shown(peek()) + "'");
      }
      std::string key = parse_string();
      skip_space();
      if (peek() != ':') fail("expected ':' after member name \"" + key + "\"");
      ++pos_;
      skip_space();
      object.set(std::move(key), parse_value(depth));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return object;
      }
      fail(at_end() ? "unexpected end of input: expected ',' or '}'"
                    : "expected ',' or '}' after an object member, found '" + shown(peek()) + "'");
    }
  }

  JsonValue parse_array(int depth) {
    if (depth > kMaxDepth) fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    ++pos_;
    JsonValue array = JsonValue::array();
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return array;
    }
    while (true) {
      skip_space();
      array.push(parse_value(depth));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return array;
      }
      fail(at_end() ? "unexpected end of input: expected ',' or ']'"
                    : "expected ',' or ']' after an array item, found '" + shown(peek()) + "'");
    }
  }

  unsigned hex4() {
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      unsigned digit;
      if (c >= '0' && c <= '9') {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        fail("invalid \\u escape: expected 4 hex digits");
      }
      code = code * 16 + digit;
      ++pos_;
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xc0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xe0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    }
  }

  std::string parse_string() {
    const std::size_t start = pos_;
    ++pos_;
    std::string out;
    while (true) {
      if (at_end()) fail_at(start, "unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("control character " + shown(c) + " in a string: write it as an escape");
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      const char e = peek();
      ++pos_;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned code = hex4();
          if (code >= 0xd800 && code <= 0xdbff) {
            if (text_.substr(pos_, 2) != "\\u") fail("unpaired UTF-16 surrogate in \\u escape");
            pos_ += 2;
            const unsigned low = hex4();
            if (low < 0xdc00 || low > 0xdfff) fail("unpaired UTF-16 surrogate in \\u escape");
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          } else if (code >= 0xdc00 && code <= 0xdfff) {
            fail("unpaired UTF-16 surrogate in \\u escape");
          }
          append_utf8(out, code);
          break;
        }
        default:
          pos_ -= 2;  // at the backslash
          fail(pos_ + 1 >= text_.size() ? "unterminated string"
                                        : "invalid escape '\\" + shown(e) + "'");
      }
    }
  }

  double parse_number() {
    const std::size_t start = pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
      return pos_ - from;
    };
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (digits() == 0) {
      fail("invalid number: expected a digit");
    }
    if (peek() == '.') {
      ++pos_;
      if (digits() == 0) fail("invalid number: expected a digit after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (digits() == 0) fail("invalid number: expected a digit in the exponent");
    }
    // strtod after the grammar check: from_chars would refuse out-of-range values that JSON
    // allows (1e400 reads as infinity, as every JSON library does).
    const std::string number(text_.substr(start, pos_ - start));
    return std::strtod(number.c_str(), nullptr);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

void write_value(std::ostream& out, const JsonValue& value, int indent, int level) {
  const bool pretty = indent >= 0;
  auto newline = [&](int depth) {
    if (pretty) out << '\n' << std::string(static_cast<std::size_t>(indent * depth), ' ');
  };
  switch (value.type()) {
    case JsonValue::Type::null:
      out << "null";
      return;
    case JsonValue::Type::boolean:
      out << (value.boolean() ? "true" : "false");
      return;
    case JsonValue::Type::number:
      out << json_number(value.number());
      return;
    case JsonValue::Type::string:
      out << json_quote(value.string());
      return;
    case JsonValue::Type::array: {
      const auto& items = value.items();
      if (items.empty()) {
        out << "[]";
        return;
      }
      out << '[';
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out << ',';
        newline(level + 1);
        write_value(out, items[i], indent, level + 1);
      }
      newline(level);
      out << ']';
      return;
    }
    case JsonValue::Type::object: {
      const auto& members = value.members();
      if (members.empty()) {
        out << "{}";
        return;
      }
      out << '{';
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out << ',';
        newline(level + 1);
        out << json_quote(members[i].first) << (pretty ? ": " : ":");
        write_value(out, members[i].second, indent, level + 1);
      }
      newline(level);
      out << '}';
      return;
    }
  }
}

}  // namespace

JsonValue parse_json(std::string_view text) { return Parser(text).document(); }

void write_json(std::ostream& out, const JsonValue& value, int indent, int level) {
  write_value(out, value, indent, level);
}

std::string to_json(const JsonValue& value, int indent) {
  std::ostringstream out;
  write_json(out, value, indent);
  return out.str();
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  if (value == 0) return "0";
  char text[32];
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
  }
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned char>(c));
          out += escape;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace jitbench::detail
