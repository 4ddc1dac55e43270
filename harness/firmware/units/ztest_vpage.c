/* SOF's own boot test zephyr/test/vpage.c, unmodified. */
#include <fw_shim.h>
#include "zephyr/test/vpage.c"
