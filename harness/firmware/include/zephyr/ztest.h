/* ztest stand-in: ZTEST(suite, name) defines ztest_<suite>_<name>(); a failed zassert ends the
 * test (as ztest does) and is counted. */
#ifndef SHIM_ZTEST_H
#define SHIM_ZTEST_H
#include <fw_shim.h>
#include <setjmp.h>

extern jmp_buf ztest_jmp;
extern int ztest_failures;
void ztest_fail(const char *file, int line, const char *what);

#define ZTEST(suite, name) void ztest_##suite##_##name(void)
#define zassert_true(cond, ...) do { if (!(cond)) ztest_fail(__FILE__, __LINE__, #cond); } while (0)
#define zassert_not_null(p, ...) zassert_true((p) != NULL, "")
#define zassert_is_null(p, ...) zassert_true((p) == NULL, "")
#define zassert_equal(a, b, ...) zassert_true((a) == (b), "")
#endif
