/* SOF's own boot test zephyr/test/vregion.c, unmodified. */
#include <fw_shim.h>
#include "zephyr/test/vregion.c"
