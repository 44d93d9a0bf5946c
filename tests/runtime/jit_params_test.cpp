// The check of a JIT impl's arguments against its kernel's parameters: the parameters from the
// mangled name NVRTC reports (no GPU needed), their sizes from the driver where it has them.

#include "jit/jit_params.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jitbench::detail {
namespace {

// kernels::qknorm_kernel<__nv_bfloat16, 128>(T*, T*, const T*, const T*, int64, int64, float)
const char* const qknorm = "_ZN7kernels13qknorm_kernelI13__nv_bfloat16Li128EEEvPT_S3_PKS2_S5_llf";

std::vector<JitArg> qknorm_args() {
  return {JitArg::tensor(0), JitArg::tensor(1),           JitArg::tensor(2),
          JitArg::tensor(3), JitArg::of(std::int64_t{8}), JitArg::of(std::int64_t{1}),
          JitArg::of(1e-6f)};
}

TEST(JitParams, TheSignatureComesFromTheMangledName) {
  const auto s = signature_from_mangled_name(qknorm);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->text,
            "void kernels::qknorm_kernel<__nv_bfloat16, 128>(__nv_bfloat16*, __nv_bfloat16*, "
            "__nv_bfloat16 const*, __nv_bfloat16 const*, long, long, float)");
  ASSERT_EQ(s->params.size(), 7u);
  EXPECT_EQ(s->params[2].type, "__nv_bfloat16 const*");
  EXPECT_EQ(s->params[2].kind, JitValueKind::pointer);
  EXPECT_EQ(s->params[4].kind, JitValueKind::signed_integer);
  EXPECT_EQ(s->params[4].size, 8u);
  EXPECT_EQ(s->params[6].kind, JitValueKind::floating);
  EXPECT_EQ(s->params[6].size, 4u);
}

TEST(JitParams, EveryBuiltInTypeHasItsKindAndSize) {
  const auto s = signature_from_mangled_name("_Z7scalarsbchstijlmxyfdPiPVKf");
  ASSERT_TRUE(s);
  const std::vector<std::size_t> sizes = {1, 1, 1, 2, 2, 4, 4, 8, 8, 8, 8, 4, 8, 8, 8};
  ASSERT_EQ(s->params.size(), sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    EXPECT_EQ(s->params[i].size, sizes[i]) << s->params[i].type;
    EXPECT_TRUE(s->params[i].kind) << s->params[i].type;
  }
  EXPECT_EQ(s->params[0].kind, JitValueKind::boolean);
  EXPECT_EQ(s->params[6].kind, JitValueKind::unsigned_integer);
  EXPECT_EQ(s->params[14].kind, JitValueKind::pointer);
}

TEST(JitParams, AClassParameterHasNoKnownSizeFromTheName) {
  const auto s = signature_from_mangled_name(
      "_ZN7kernels5headsI13__nv_bfloat16Li128ELi2EEEvNS_6detail3SegIT_XT1_EEEf");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->params.size(), 2u);
  EXPECT_EQ(s->params[0].type, "kernels::detail::Seg<__nv_bfloat16, 2>");
  EXPECT_FALSE(s->params[0].kind);
  EXPECT_EQ(s->params[0].size, 0u);
}

TEST(JitParams, NoParametersAndExternC) {
  const auto none = signature_from_mangled_name("_Z6noargsv");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->params.empty());
  EXPECT_FALSE(signature_from_mangled_name("plain"));
}

TEST(JitParams, MatchingArgumentsPass) {
  EXPECT_EQ(
      check_kernel_arguments("k", signature_from_mangled_name(qknorm), std::nullopt, qknorm_args()),
      "");
  // int64 and uint64 are the same bytes to a kernel.
  std::vector<JitArg> args = qknorm_args();
  args[4] = JitArg::of(std::uint64_t{8});
  EXPECT_EQ(check_kernel_arguments("k", signature_from_mangled_name(qknorm), std::nullopt, args),
            "");
}

TEST(JitParams, AMissingArgumentIsNamed) {
  std::vector<JitArg> args = qknorm_args();
  args.pop_back();
  EXPECT_EQ(check_kernel_arguments("k", signature_from_mangled_name(qknorm), std::nullopt, args),
            "void kernels::qknorm_kernel<__nv_bfloat16, 128>(__nv_bfloat16*, __nv_bfloat16*, "
            "__nv_bfloat16 const*, __nv_bfloat16 const*, long, long, float) takes 7 parameters; "
            "the spec gives 6 arguments");
}

TEST(JitParams, AnArgumentOfTheWrongSizeOrKindIsNamed) {
  const auto s = signature_from_mangled_name(qknorm);
  std::vector<JitArg> args = qknorm_args();
  args[4] = JitArg::of(std::int32_t{8});
  EXPECT_EQ(check_kernel_arguments("k", s, std::nullopt, args),
            "argument 5 is a 4-byte signed integer, but parameter 5 of " + s->text +
                " is long (8 bytes)");
  args = qknorm_args();
  args[6] = JitArg::of(std::int32_t{1});  // the size of a float, not a float
  EXPECT_EQ(check_kernel_arguments("k", s, std::nullopt, args),
            "argument 7 is a 4-byte signed integer, but parameter 7 of " + s->text +
                " is float (4 bytes)");
  args = qknorm_args();
  args[0] = JitArg::of(std::int64_t{0});
  EXPECT_EQ(check_kernel_arguments("k", s, std::nullopt, args),
            "argument 1 is an 8-byte signed integer, but parameter 1 of " + s->text +
                " is __nv_bfloat16* (8 bytes)");
}

TEST(JitParams, TheDriversSizesCheckClassParameters) {
  const auto s = signature_from_mangled_name(
      "_ZN7kernels5headsI13__nv_bfloat16Li128ELi2EEEvNS_6detail3SegIT_XT1_EEEf");
  const std::vector<JitArg> args = {JitArg::tensor(0), JitArg::of(1.0f)};
  EXPECT_EQ(check_kernel_arguments("k", s, std::nullopt, args), "");  // the struct: not known
  EXPECT_EQ(check_kernel_arguments("k", s, std::vector<std::size_t>{16, 4}, args),
            "argument 1 is a pointer (tensor 0), but parameter 1 of " + s->text +
                " is kernels::detail::Seg<__nv_bfloat16, 2> (16 bytes)");
}

TEST(JitParams, AnExternCKernelIsCheckedByTheDriversSizesAlone) {
  const std::vector<JitArg> args = {JitArg::tensor(0), JitArg::of(1.0)};
  EXPECT_EQ(check_kernel_arguments("plain", std::nullopt, std::vector<std::size_t>{8, 8}, args),
            "");
  EXPECT_EQ(check_kernel_arguments("plain", std::nullopt, std::vector<std::size_t>{8}, args),
            "plain takes 1 parameter; the spec gives 2 arguments");
  EXPECT_EQ(check_kernel_arguments("plain", std::nullopt, std::vector<std::size_t>{8, 4}, args),
            "argument 2 is an 8-byte floating-point value, but parameter 2 of plain is 4 bytes");
  // Nothing known: nothing to check.
  EXPECT_EQ(check_kernel_arguments("plain", std::nullopt, std::nullopt, args), "");
}

}  // namespace
}  // namespace jitbench::detail
