/* Between the SRC driver, its table unit and src_common.c's unit. */
#ifndef SRC_HARNESS_H
#define SRC_HARNESS_H
#include <stddef.h>
#include <stdint.h>

struct src_stage;

struct harness_src_tables {
	const int *in_fs;
	int num_in_fs;
	const int *out_fs;
	int num_out_fs;
	const struct src_stage *const *table1;
	const struct src_stage *const *table2;
	int max_fir_delay;
	int max_out_delay;
};

struct harness_src_out {
	int stage; /* 0 src_param_set, 1 src_allocate_copy_stages, 2 src_params_general */
	int ret;
	int fir_s1, fir_s2, out_s1, out_s2, sbuf_length, total;
	int source_frames, sink_frames;
	int stages; /* 0 copy, 1 one stage, 2 two stages, -1 fallback */
	size_t stage_struct_bytes;
};

extern const struct harness_src_tables harness_src_tables;
int harness_src_case(const struct harness_src_tables *t, int in_rate, int out_rate, int channels,
		     uint32_t frames, struct harness_src_out *o);
#endif
