/* stub: everything it would declare is in fw_shim.h */
#include <fw_shim.h>
