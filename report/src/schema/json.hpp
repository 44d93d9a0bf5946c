#pragma once

#include <cstddef>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace jitbench::detail {

// A JSON value, small enough to write results and read them back without a third-party
// library. Objects keep their members in insertion order, so written files are deterministic and
// read like Google Benchmark's. Numbers are doubles (exact for integers up to 2^53).
//
//   JsonValue entry = JsonValue::object();
//   entry.set("name", "copy/bytes=4096/copy").set("real_time", 1.12);
//   write_json(std::cout, entry);
//   JsonValue back = parse_json(R"({"a": [1, 2.5e3, "x\u00e9"]})");
//   double a1 = back.at("a").at(1).number();
class JsonValue {
 public:
  using Array = std::vector<JsonValue>;
  using Object = std::vector<std::pair<std::string, JsonValue>>;
  enum class Type { null, boolean, number, string, array, object };

  JsonValue() = default;
  JsonValue(std::nullptr_t) {}
  JsonValue(bool value) : value_(value) {}
  JsonValue(double value) : value_(value) {}
  JsonValue(int value) : value_(static_cast<double>(value)) {}
  JsonValue(long value) : value_(static_cast<double>(value)) {}
  JsonValue(long long value) : value_(static_cast<double>(value)) {}
  JsonValue(unsigned value) : value_(static_cast<double>(value)) {}
  JsonValue(unsigned long value) : value_(static_cast<double>(value)) {}
  JsonValue(unsigned long long value) : value_(static_cast<double>(value)) {}
  JsonValue(const char* value) : value_(std::string(value)) {}
  JsonValue(std::string value) : value_(std::move(value)) {}
  JsonValue(std::string_view value) : value_(std::string(value)) {}
  JsonValue(Array value) : value_(std::move(value)) {}
  static JsonValue array() { return JsonValue(Array{}); }
  static JsonValue object() { return JsonValue(Object{}); }

  Type type() const { return static_cast<Type>(value_.index()); }
  bool is_null() const { return type() == Type::null; }
  bool is_bool() const { return type() == Type::boolean; }
  bool is_number() const { return type() == Type::number; }
  bool is_string() const { return type() == Type::string; }
  bool is_array() const { return type() == Type::array; }
  bool is_object() const { return type() == Type::object; }

  // Typed access; throws std::runtime_error naming the expected and actual type on a mismatch.
  bool boolean() const;
  double number() const;
  const std::string& string() const;
  const Array& items() const;
  Array& items();
  const Object& members() const;

  // Object member by key (the last one when a key repeats); nullptr when absent or not an object.
  const JsonValue* find(std::string_view key) const;
  // Like find, but throws std::runtime_error naming the key when it is absent.
  const JsonValue& at(std::string_view key) const;
  const JsonValue& at(std::size_t index) const;

  // Adds or replaces a member of an object; returns *this to chain.
  JsonValue& set(std::string key, JsonValue value);
  // Appends to an array; returns *this to chain.
  JsonValue& push(JsonValue value);

  friend bool operator==(const JsonValue& a, const JsonValue& b) { return a.value_ == b.value_; }
  friend bool operator!=(const JsonValue& a, const JsonValue& b) { return !(a == b); }

 private:
  explicit JsonValue(Object value) : value_(std::move(value)) {}
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object> value_;
};

std::string_view json_type_name(JsonValue::Type type);

// A malformed document: what() is "LINE:COLUMN: what is wrong" (1-based; columns count bytes).
class JsonError : public std::runtime_error {
 public:
  JsonError(std::size_t line, std::size_t column, const std::string& message);
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }
  const std::string& message() const { return message_; }  // without the position

 private:
  std::size_t line_;
  std::size_t column_;
  std::string message_;
};

// Parses one JSON value (RFC 8259) surrounded by optional whitespace; anything else is an error.
JsonValue parse_json(std::string_view text);

// Writes `value`. indent < 0: one line, no spaces (JSON lines). indent >= 0: members and items
// one a line, indented by `indent` spaces a level, like Google Benchmark's files.
// Non-finite numbers are written as null; integral numbers below 2^53 without a fraction.
// `level` is the nesting the value starts at, for writing a document piece by piece.
void write_json(std::ostream& out, const JsonValue& value, int indent = 2, int level = 0);
std::string to_json(const JsonValue& value, int indent = -1);
// A number as JSON writes it: shortest text that reads back as the same double.
std::string json_number(double value);
// A string as a JSON literal, quotes included.
std::string json_quote(std::string_view text);

}  // namespace jitbench::detail
