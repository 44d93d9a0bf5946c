#include "schema/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace jitbench::detail {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_json(text);
  } catch (const JsonError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Json, ParsesEveryKindOfValue) {
  const JsonValue v = parse_json(
      " {\"n\": null, \"t\": true, \"f\": false, \"i\": -12, \"x\": 2.5e-3, \"s\": \"a\\\"b\","
      " \"a\": [1, [2, {}], []], \"o\": {\"k\": \"v\"}}\n");
  EXPECT_TRUE(v.at("n").is_null());
  EXPECT_TRUE(v.at("t").boolean());
  EXPECT_FALSE(v.at("f").boolean());
  EXPECT_EQ(-12, v.at("i").number());
  EXPECT_DOUBLE_EQ(2.5e-3, v.at("x").number());
  EXPECT_EQ("a\"b", v.at("s").string());
  EXPECT_EQ(3u, v.at("a").items().size());
  EXPECT_EQ(2, v.at("a").at(1).at(0).number());
  EXPECT_TRUE(v.at("a").at(1).at(1).members().empty());
  EXPECT_EQ("v", v.at("o").at("k").string());
  EXPECT_EQ(nullptr, v.find("missing"));
}

TEST(Json, ScalarDocuments) {
  EXPECT_EQ(3, parse_json("3").number());
  EXPECT_EQ("x", parse_json("\"x\"").string());
  EXPECT_TRUE(parse_json(" null ").is_null());
  EXPECT_EQ(0, parse_json("-0").number());
  EXPECT_TRUE(std::isinf(parse_json("1e400").number()));
}

TEST(Json, DecodesEscapesAndUnicode) {
  EXPECT_EQ("\"\\/\b\f\n\r\t", parse_json(R"("\"\\\/\b\f\n\r\t")").string());
  EXPECT_EQ("\xc3\xa9", parse_json(R"("\u00e9")").string());
  EXPECT_EQ("\xe2\x82\xac", parse_json(R"("\u20AC")").string());
  EXPECT_EQ("\xf0\x9f\x98\x80", parse_json(R"("\ud83d\ude00")").string());  // surrogate pair
  EXPECT_EQ("\xc3\xa9", parse_json("\"\xc3\xa9\"").string());               // raw UTF-8
}

TEST(Json, RepeatedKeyFindsTheLast) {
  EXPECT_EQ(2, parse_json(R"({"a": 1, "a": 2})").at("a").number());
}

TEST(Json, ErrorsSayLineAndColumn) {
  EXPECT_EQ("1:1: unexpected end of input: expected a value", error_of(""));
  EXPECT_EQ("2:3: expected ',' or '}' after an object member, found '\"'",
            error_of("{\"a\": 1\n  \"b\": \"x\" \"c\"}"));
  EXPECT_EQ("1:10: expected ',' or '}' after an object member, found '\"'",
            error_of(R"({"a": 1  "b": 2})"));
  EXPECT_EQ("1:7: unexpected ']': expected a value", error_of("[1, 2,]"));
  EXPECT_EQ("1:2: expected a member name in double quotes, found 'a'", error_of("{a: 1}"));
  EXPECT_EQ("1:6: expected ':' after member name \"a\"", error_of(R"({"a" 1})"));
  EXPECT_EQ("1:1: unterminated string", error_of("\"abc"));
  EXPECT_EQ("1:3: invalid escape '\\x'", error_of(R"("a\x")"));
  EXPECT_EQ("1:2: control character \\x0a in a string: write it as an escape", error_of("\"\n\""));
  EXPECT_EQ("1:2: invalid number: expected a digit", error_of("-a"));
  EXPECT_EQ("1:3: invalid number: expected a digit after '.'", error_of("1."));
  EXPECT_EQ("1:2: unexpected '1' after the JSON value", error_of("01"));
  EXPECT_EQ("1:1: unexpected '+': expected a value", error_of("+1"));
  EXPECT_EQ("1:1: invalid literal: expected 'true'", error_of("tru"));
  EXPECT_EQ("1:8: unpaired UTF-16 surrogate in \\u escape", error_of(R"("\ud83d")"));
  EXPECT_EQ("1:4: unexpected '[' after the JSON value", error_of("{} [] x"));
  EXPECT_EQ("3:1: unexpected end of input: expected ',' or ']'", error_of("[1,\n2\n"));
  EXPECT_EQ("1:7: invalid \\u escape: expected 4 hex digits", error_of(R"(["\u12G4"])"));
}

TEST(Json, DeepNestingIsAnErrorNotACrash) {
  const std::string deep(100000, '[');
  EXPECT_EQ("1:513: nesting deeper than 512 levels", error_of(deep));
}

TEST(Json, WritesPrettyAndCompact) {
  JsonValue v = JsonValue::object();
  v.set("name", "a\tb\x01").set("n", 3).set("x", 0.1).set("list", JsonValue::array());
  v.set("obj", JsonValue::object());
  JsonValue items = JsonValue::array();
  items.push(true).push(nullptr).push(-2.5);
  v.set("items", items);
  EXPECT_EQ(R"({"name":"a\tb\u0001","n":3,"x":0.1,"list":[],"obj":{},"items":[true,null,-2.5]})",
            to_json(v));
  EXPECT_EQ(
      "{\n  \"name\": \"a\\tb\\u0001\",\n  \"n\": 3,\n  \"x\": 0.1,\n  \"list\": [],\n"
      "  \"obj\": {},\n  \"items\": [\n    true,\n    null,\n    -2.5\n  ]\n}",
      to_json(v, 2));
}

TEST(Json, NumbersRoundTrip) {
  for (double x : {0.1, 1.0 / 3, 1e-300, 6.02214076e23, -123456789.125, 9007199254740993.0, 5e-324,
                   1.7976931348623157e308}) {
    EXPECT_EQ(x, parse_json(json_number(x)).number()) << json_number(x);
  }
  EXPECT_EQ("42", json_number(42));
  EXPECT_EQ("-7", json_number(-7));
  EXPECT_EQ("0", json_number(-0.0));
  EXPECT_EQ("null", json_number(std::nan("")));
  EXPECT_EQ("null", json_number(std::numeric_limits<double>::infinity()));
}

TEST(Json, DocumentsRoundTrip) {
  const std::string text =
      R"({"context":{"date":"2026","caches":[{"type":"Data","size":49152}]},)"
      R"("benchmarks":[{"name":"bm/1","real_time":1.25,"error_occurred":false,"x":"\u00e9\""}]})";
  const JsonValue v = parse_json(text);
  EXPECT_EQ(v, parse_json(to_json(v)));
  EXPECT_EQ(v, parse_json(to_json(v, 2)));
  EXPECT_EQ(v, parse_json(to_json(v, 0)));
}

TEST(Json, TypeMismatchNamesBothTypes) {
  try {
    parse_json("[1]").at("a");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ("expected a JSON object, found an array", e.what());
  }
  try {
    parse_json(R"({"a": 1})").at("b");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ("missing member \"b\"", e.what());
  }
}

}  // namespace
}  // namespace jitbench::detail
