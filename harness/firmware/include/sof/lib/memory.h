/* stub: PLATFORM_DCACHE_ALIGN is in fw_shim.h; SOF platform memory.h brings in sof/common.h */
#include <fw_shim.h>
#include <sof/common.h>
