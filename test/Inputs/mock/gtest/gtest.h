// Minimal stand-in for googletest: TEST defines a void function and
// ASSERT_* returns from it when the assertion fails.
#pragma once
#define TEST(Suite, Name) void Suite##_##Name##_Test()
#define ASSERT_TRUE(c)                                                         \
  switch (0)                                                                   \
  case 0:                                                                      \
  default:                                                                     \
    if (c)                                                                     \
      ;                                                                        \
    else                                                                       \
      return
#define ASSERT_EQ(a, b) ASSERT_TRUE((a) == (b))
#define EXPECT_EQ(a, b) (void)((a) == (b))
