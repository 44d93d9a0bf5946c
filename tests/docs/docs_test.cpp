// The docs must not drift from what builds and runs. A code block that README.md or docs/spec.md
// shows as a file is preceded by `<!-- file: PATH -->` and must equal PATH byte for byte; one that
// shows part of a file is preceded by `<!-- excerpt: PATH -->` and must be whole lines of it.
// Every spec shown is such a file (tests/docs/CMakeLists.txt builds docs/examples/specs/; specs/
// is jitbench's own). The table of default tolerances is the runtime's.

#include <jitbench/dtype.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace jitbench {
namespace {

const char* const documents[] = {"README.md", "docs/spec.md"};

std::string read_file(const std::string& relative) {
  std::ifstream in(std::string(JITBENCH_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fenced code block of a Markdown file, with the marker comment on the line before it.
struct Block {
  std::string document;
  int line = 0;        // of the opening fence, 1-based
  std::string marker;  // "file" or "excerpt"; empty: none
  std::string path;    // what the marker names
  std::string lang;    // after the opening fence
  std::string text;    // the lines between the fences, each ending in '\n'
};

std::vector<Block> blocks_of(const std::string& document) {
  std::vector<Block> blocks;
  std::istringstream lines(read_file(document));
  std::string line;
  std::string previous;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos || line.compare(indent, 3, "```") != 0) {
      previous = line;
      continue;
    }
    Block b;
    b.document = document;
    b.line = number;
    b.lang = line.substr(indent + 3);
    for (const char* marker : {"file", "excerpt"}) {
      const std::string open = std::string("<!-- ") + marker + ": ";
      if (previous.rfind(open, 0) == 0 && previous.size() > open.size() + 4 &&
          previous.compare(previous.size() - 4, 4, " -->") == 0) {
        b.marker = marker;
        b.path = previous.substr(open.size(), previous.size() - open.size() - 4);
      }
    }
    while (std::getline(lines, line)) {
      ++number;
      if (line.compare(0, indent, std::string(indent, ' ')) == 0 &&
          line.compare(indent, 3, "```") == 0) {
        break;
      }
      b.text += line.substr(std::min(indent, line.size())) + "\n";
    }
    blocks.push_back(b);
    previous.clear();
  }
  return blocks;
}

std::string where(const Block& b) { return b.document + ":" + std::to_string(b.line); }

// A whole spec, not the example of one key: it has the two keys every spec has.
bool shows_a_spec(const Block& b) {
  const std::string text = "\n" + b.text;
  return b.lang == "yaml" && text.find("\nbenchmark:") != std::string::npos &&
         text.find("\nimpls:") != std::string::npos;
}

TEST(Docs, FilesShownAreTheFiles) {
  int shown = 0;
  for (const char* document : documents) {
    for (const Block& b : blocks_of(document)) {
      if (b.marker != "file") continue;
      ++shown;
      const std::string file = read_file(b.path);
      ASSERT_FALSE(file.empty()) << where(b) << " shows " << b.path << ", which does not exist";
      EXPECT_EQ(b.text, file) << where(b) << " is not " << b.path
                              << " verbatim: copy the file into the block again";
    }
  }
  EXPECT_GE(shown, 3) << "README.md shows scale.cuh and scale.yaml, docs/spec.md a spec";
}

TEST(Docs, ExcerptsShownAreWholeLinesOfTheirFiles) {
  for (const char* document : documents) {
    for (const Block& b : blocks_of(document)) {
      if (b.marker != "excerpt") continue;
      const std::string file = "\n" + read_file(b.path);
      EXPECT_NE(file.find("\n" + b.text), std::string::npos)
          << where(b) << " is not an excerpt of " << b.path;
    }
  }
}

TEST(Docs, EverySpecShownIsAFileThatIsBuilt) {
  for (const char* document : documents) {
    for (const Block& b : blocks_of(document)) {
      if (!shows_a_spec(b)) continue;
      EXPECT_EQ(b.marker, "file") << where(b) << " shows a spec that is no file: write it to "
                                  << "docs/examples/specs/ and mark the block <!-- file: PATH -->";
      EXPECT_TRUE(b.path.rfind("docs/examples/specs/", 0) == 0 || b.path.rfind("specs/", 0) == 0)
          << where(b) << ": " << b.path << " is not where the build compiles specs";
    }
  }
}

TEST(Docs, DefaultTolerancesAreTheRuntimes) {
  // The table in docs/spec.md: "| `bf16` | 2e-2 |" rows after the "default tolerance" header.
  const std::string spec = read_file("docs/spec.md");
  const std::size_t table = spec.find("| dtype | default tolerance |");
  ASSERT_NE(table, std::string::npos) << "docs/spec.md has no table of default tolerances";
  std::map<std::string, double> documented;
  std::istringstream lines(spec.substr(table));
  std::string line;
  std::getline(lines, line);  // header
  std::getline(lines, line);  // |---|
  while (std::getline(lines, line) && line.rfind("| `", 0) == 0) {
    const std::size_t name_end = line.find('`', 3);
    const std::size_t value_end = line.find('|', name_end + 2);
    documented[line.substr(3, name_end - 3)] =
        std::stod(line.substr(name_end + 3, value_end - name_end - 3));
  }
  const std::vector<std::string> names = {"bf16",  "fp16",  "fp32",  "fp64",     "int8",
                                          "int32", "int64", "uint8", "fp8_e4m3", "fp8_e5m2"};
  EXPECT_EQ(documented.size(), names.size());
  for (const std::string& name : names) {
    const auto dtype = parse_dtype(name);
    ASSERT_TRUE(dtype) << name;
    ASSERT_EQ(documented.count(name), 1u) << "docs/spec.md gives no default tolerance for " << name;
    EXPECT_EQ(documented[name], default_tolerance(*dtype)) << name;
  }
}

}  // namespace
}  // namespace jitbench
