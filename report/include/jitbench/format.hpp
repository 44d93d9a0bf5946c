#pragma once

#include <string>
#include <string_view>

namespace jitbench {

// How numbers are written for people, one way for every table, page and message.

// "12.3", "1.12", "503", "0.0123": three significant digits, never an exponent; integers of four
// or more digits are printed whole ("4263"). "-" for NaN or infinity.
std::string format_sig3(double value);

// `value` rounded to `digits` significant digits. Files carry measurements this way: 1e-10 is far
// below any timing noise, and the written text no longer depends on the last bits of a division
// ("0.9871", not "0.9870999999999999"), so outputs are stable across compilers.
double round_significant(double value, int digits = 10);

// The shortest text that reads back as the same double, as the results files write numbers:
// "4096", "0.1", "1e-07"; "null" for NaN or infinity.
std::string exact_number(double value);

// "4 KiB", "16 MiB", "60 MiB", "1 GiB", "1.5 KiB", "100 B": binary units, three digits.
std::string format_bytes(double bytes);

// A count and its noun as English writes them: "1 case", "2 cases", "0 cases". Regular nouns.
inline std::string count_of(long long n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace jitbench
