/* One SRC coefficient variant (SRC_DEFINE_H / SRC_TABLE_H given by the build), unmodified. */
#include <src_shim.h>
#include "src/audio/src/src_common.h"
#include SRC_DEFINE_H
#include SRC_TABLE_H
#include "src_harness.h"

const struct harness_src_tables harness_src_tables = {
	src_in_fs, NUM_IN_FS, src_out_fs, NUM_OUT_FS, &src_table1[0][0], &src_table2[0][0],
	MAX_FIR_DELAY_SIZE, MAX_OUT_DELAY_SIZE,
};
