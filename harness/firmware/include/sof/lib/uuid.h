/* stub: everything it would declare is in src_shim.h */
#include <src_shim.h>
