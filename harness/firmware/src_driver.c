/*
 * SRC harness driver: runs SOF's src_common.c with one variant's real coefficient tables.
 *   rates                        prints the variant's in/out rate lists (from the tables)
 *   c <in> <out> <ch> <frames>   one prepare: src_param_set, src_allocate_copy_stages,
 *                                src_params_general; prints the src_param lengths and every
 *                                mod_alloc / mod_fast_get size, in order
 */
#include <src_shim.h>
#include "units/src_harness.h"

#define MAX_RECORDS 16

static size_t allocs[MAX_RECORDS], fast_gets[MAX_RECORDS];
static int n_allocs, n_fast_gets;
static void *blocks[MAX_RECORDS];

void *mod_alloc(struct processing_module *mod, size_t size)
{
	(void)mod;
	if (n_allocs == MAX_RECORDS)
		return NULL;
	allocs[n_allocs] = size;
	return blocks[n_allocs++] = calloc(1, size);
}

void mod_free(struct processing_module *mod, const void *ptr)
{
	(void)mod;
	(void)ptr; /* blocks are released after the case */
}

const void *mod_fast_get(struct processing_module *mod, const void *dram_ptr, size_t size)
{
	(void)mod;
	if (n_fast_gets < MAX_RECORDS)
		fast_gets[n_fast_gets++] = size;
	return dram_ptr;
}

void mod_fast_put(struct processing_module *mod, const void *sram_ptr)
{
	(void)mod;
	(void)sram_ptr;
}

int comp_verify_params(struct comp_dev *dev, uint32_t flag, struct sof_ipc_stream_params *params)
{
	(void)dev;
	(void)flag;
	(void)params;
	return 0;
}

static _Noreturn void data_path(const char *fn)
{
	shim_assert_fail(__FILE__, __LINE__, fn);
	abort();
}

size_t sink_get_free_frames(struct sof_sink *s) { (void)s; data_path(__func__); }
size_t sink_get_free_size(struct sof_sink *s) { (void)s; data_path(__func__); }
size_t sink_get_frame_bytes(struct sof_sink *s) { (void)s; data_path(__func__); }
int sink_get_buffer(struct sof_sink *s, size_t r, void **d, void **b, size_t *z) { (void)s; (void)r; (void)d; (void)b; (void)z; data_path(__func__); }
int sink_commit_buffer(struct sof_sink *s, size_t c) { (void)s; (void)c; data_path(__func__); }
size_t source_get_data_frames_available(struct sof_source *s) { (void)s; data_path(__func__); }
size_t source_get_data_available(struct sof_source *s) { (void)s; data_path(__func__); }
size_t source_get_frame_bytes(struct sof_source *s) { (void)s; data_path(__func__); }
unsigned int source_get_channels(struct sof_source *s) { (void)s; data_path(__func__); }
enum sof_ipc_frame source_get_frm_fmt(struct sof_source *s) { (void)s; data_path(__func__); }
int source_get_data(struct sof_source *s, size_t r, void const **d, void const **b, size_t *z) { (void)s; (void)r; (void)d; (void)b; (void)z; data_path(__func__); }
int source_release_data(struct sof_source *s, size_t f) { (void)s; (void)f; data_path(__func__); }
int source_to_sink_copy(struct sof_source *s, struct sof_sink *k, bool f, size_t z) { (void)s; (void)k; (void)f; (void)z; data_path(__func__); }
void source_set_alignment_constants(struct sof_source *s, uint32_t b, uint32_t f) { (void)s; (void)b; (void)f; data_path(__func__); }

static void print_list(const char *name, const size_t *v, int n)
{
	printf(",\"%s\":[", name);
	for (int i = 0; i < n; i++)
		printf("%s%zu", i ? "," : "", v[i]);
	printf("]");
}

int main(void)
{
	const struct harness_src_tables *t = &harness_src_tables;
	char line[128], op[8];
	long in, out, ch, frames;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while (fgets(line, sizeof(line), stdin)) {
		int n = sscanf(line, "%7s %ld %ld %ld %ld", op, &in, &out, &ch, &frames);

		if (n >= 1 && !strcmp(op, "rates")) {
			printf("R {\"op\":\"rates\",\"in\":[");
			for (int i = 0; i < t->num_in_fs; i++)
				printf("%s%d", i ? "," : "", t->in_fs[i]);
			printf("],\"out\":[");
			for (int i = 0; i < t->num_out_fs; i++)
				printf("%s%d", i ? "," : "", t->out_fs[i]);
			printf("]}\n");
		} else if (n == 5 && !strcmp(op, "c")) {
			struct harness_src_out o;

			n_allocs = n_fast_gets = 0;
			harness_src_case(t, in, out, ch, frames, &o);
			printf("R {\"op\":\"c\",\"stage\":%d,\"ret\":%d,\"firS1\":%d,\"firS2\":%d,\"outS1\":%d,"
			       "\"outS2\":%d,\"sbufLength\":%d,\"total\":%d,\"sourceFrames\":%d,\"sinkFrames\":%d,"
			       "\"stages\":%d,\"stageStructBytes\":%zu",
			       o.stage, o.ret, o.fir_s1, o.fir_s2, o.out_s1, o.out_s2, o.sbuf_length, o.total,
			       o.source_frames, o.sink_frames, o.stages, o.stage_struct_bytes);
			print_list("allocs", allocs, n_allocs);
			print_list("fastGets", fast_gets, n_fast_gets);
			printf("}\n");
			for (int i = 0; i < n_allocs; i++)
				free(blocks[i]);
		} else {
			printf("R {\"op\":\"?\"}\n");
		}
	}
	fflush(stdout);
	return 0;
}
