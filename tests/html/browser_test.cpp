// Renders a report in headless Chromium (Debian's `chromium`): no console messages at all (the
// page has no scripts, so any message is an error: a blocked resource, a parse problem), and a
// screenshot whose drawn area is plausible. Skipped when Chromium is not installed.
#include "png_reader.hpp"
#include "test_support.hpp"
#include <jitbench/html_report.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace jitbench::test {
namespace {

constexpr int kWidth = 1400;
constexpr int kHeight = 1000;

std::string read_text(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Loads `html` in Chromium with logging on stderr and a screenshot; returns stderr.
std::string render(const std::string& html, const std::string& name, const std::string& png) {
  const std::string dir = ::testing::TempDir() + "jitbench_browser_" + name;
  const std::string page = dir + "/page.html";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/profile");
  std::ofstream(page) << html;
  const std::string log = dir + "/stderr.txt";
  const std::string command =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--hide-scrollbars --enable-logging=stderr --v=0 --user-data-dir='" +
      dir +
      "/profile' "
      "--window-size=" +
      std::to_string(kWidth) + "," + std::to_string(kHeight) + " --screenshot='" + png +
      "' 'file://" + page + "' >/dev/null 2>'" + log + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << read_text(log);
  return read_text(log);
}

// Chromium logs each console message as "...:INFO:CONSOLE(line)] "text", source: ...".
std::string console_lines(const std::string& log) {
  std::istringstream lines(log);
  std::string line, found;
  while (std::getline(lines, line)) {
    if (line.find(":CONSOLE") != std::string::npos) found += line + "\n";
  }
  return found;
}

class Browser : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "chromium is not installed (apt-get install -y chromium)";
    }
  }
};

TEST_F(Browser, ConsoleMessagesAreSeen) {
  // The check below means something only if a page that does log is caught.
  const std::string log =
      render("<!DOCTYPE html><html><body><script>console.error('broken');</script></body></html>",
             "control", ::testing::TempDir() + "control.png");
  EXPECT_NE(console_lines(log).find("broken"), std::string::npos) << log;
}

TEST_F(Browser, ReportRendersWithoutConsoleErrors) {
  const std::string png = ::testing::TempDir() + "jitbench_report.png";
  std::remove(png.c_str());
  const std::string log = render(page_text({"copy_cold.json", "copy_warm.json"}), "report", png);
  EXPECT_EQ(console_lines(log), "");

  const Image image = read_png(png);
  ASSERT_EQ(image.width, kWidth);
  ASSERT_EQ(image.height, kHeight);
  // Drawn: any pixel that is not the white background. Charts and tables fill a good part of
  // the window but far from all of it; an empty or broken page draws almost nothing.
  std::size_t drawn = 0, series_blue = 0;
  int bottom = 0, right = 0;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      const std::uint8_t* p = &image.rgb[(static_cast<std::size_t>(y) * image.width + x) * 3];
      if (p[0] < 250 || p[1] < 250 || p[2] < 250) {
        ++drawn;
        bottom = std::max(bottom, y);
        right = std::max(right, x);
      }
      // The first impl's colour, #4e79a7: its lines and markers were drawn.
      if (std::abs(p[0] - 0x4e) < 24 && std::abs(p[1] - 0x79) < 24 && std::abs(p[2] - 0xa7) < 24) {
        ++series_blue;
      }
    }
  }
  const double fraction = static_cast<double>(drawn) / (image.width * image.height);
  EXPECT_GT(fraction, 0.03);
  EXPECT_LT(fraction, 0.6);
  EXPECT_GT(series_blue, 300u);
  EXPECT_GT(right, 700);   // two charts side by side, or the wide table
  EXPECT_GT(bottom, 600);  // charts, then tables below them
}

}  // namespace
}  // namespace jitbench::test
