/* Assertion and log sinks shared by every harness program (see fw_shim.h). */
#include <fw_shim.h>

void shim_assert_fail(const char *file, int line, const char *cond)
{
	fflush(stdout);
	fprintf(stderr, "firmware assertion failed: %s:%d: %s\n", file, line, cond);
	fprintf(stdout, "X assertion %s:%d %s\n", file, line, cond);
	fflush(stdout);
	exit(3);
}

void shim_log(const char *lvl, const char *module, const char *func, const char *fmt, ...)
{
	va_list ap;

	/* Zephyr prints a NULL %p as "(nil)" too; the timestamp is not simulated. */
	printf("L [00:00:00.000,000] <%s> %s: %s: ", lvl, module, func);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}
