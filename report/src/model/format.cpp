#include "schema/json_fields.hpp"
#include <jitbench/format.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>

namespace jitbench {

std::string format_sig3(double value) {
  if (!std::isfinite(value)) return "-";
  if (value == 0) return "0";
  const double magnitude = std::fabs(value);
  int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  // Rounding can carry into the next decade (9.996 -> 10.0): count digits after rounding.
  const double scale = std::pow(10.0, 2 - exponent);
  if (std::round(magnitude * scale) / scale >= std::pow(10.0, exponent + 1)) ++exponent;
  const int decimals = std::max(0, 2 - exponent);
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

double round_significant(double value, int digits) {
  if (!std::isfinite(value) || value == 0) return value;
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return std::strtod(text, nullptr);
}

std::string exact_number(double value) { return detail::dump(detail::number(value)); }

std::string format_bytes(double bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  while (unit + 1 < std::size(units) && std::fabs(bytes) >= 1024) {
    bytes /= 1024;
    ++unit;
  }
  char whole[32];
  std::snprintf(whole, sizeof whole, "%.0f", bytes);
  return (bytes == std::floor(bytes) ? std::string(whole) : format_sig3(bytes)) + " " + units[unit];
}

}  // namespace jitbench
