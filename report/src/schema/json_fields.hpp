#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace jitbench::detail {

// What the schema's to_json and from_json share.

// A measurement as JSON: a whole number without a fraction ("4263", not "4263.0", as Google
// Benchmark's files have it), non-finite as null.
inline nlohmann::ordered_json number(double value) {
  if (!std::isfinite(value)) return nullptr;
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

// The member `key` of `object` into `out`, when it is there and not null. Throws
// std::runtime_error naming the key when it holds another type.
template <class T>
void read(const nlohmann::ordered_json& object, const char* key, T& out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return;
  try {
    out = it->get<T>();
  } catch (const nlohmann::json::exception& e) {
    const std::string what = e.what();
    throw std::runtime_error("\"" + std::string(key) + "\": " + what.substr(what.find(']') + 2));
  }
}

template <class T>
void read(const nlohmann::ordered_json& object, const char* key, std::optional<T>& out) {
  T value{};
  if (object.contains(key) && !object.at(key).is_null()) {
    read(object, key, value);
    out = value;
  }
}

// Text of a JSON value: one line without spaces (indent < 0), or indented. Text that is not
// UTF-8 (a command line may hold any bytes) is written with U+FFFD in its place.
inline std::string dump(const nlohmann::ordered_json& json, int indent = -1) {
  return json.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace jitbench::detail
