/* SOF src_common.c, compiled unmodified in this unit so the harness reaches its static
 * src_buffer_lengths() through src_params_general(), the path prepare takes on the DSP. */
#include <src_shim.h>
#include "src/audio/src/src_common.c"
#include "src_harness.h"

int src_set_params(struct processing_module *mod, struct sof_sink *sink)
{
	(void)mod;
	(void)sink;
	return 0;
}

int src_stream_pcm_sink_rate_check(struct ipc4_config_src cfg, struct sof_ipc_stream_params *params)
{
	(void)cfg;
	(void)params;
	return 0;
}

int src_stream_pcm_source_rate_check(struct ipc4_config_src cfg, struct sof_ipc_stream_params *params)
{
	(void)cfg;
	(void)params;
	return 0;
}

int harness_src_case(const struct harness_src_tables *t, int in_rate, int out_rate, int channels,
		     uint32_t frames, struct harness_src_out *o)
{
	struct comp_dev dev = { .frames = frames, .direction = SOF_IPC_STREAM_PLAYBACK };
	struct comp_data *cd = calloc(1, sizeof(*cd));
	struct processing_module mod = { .dev = &dev, .priv = cd };
	struct src_param *a = &cd->param;
	int ret;

	memset(o, 0, sizeof(*o));
	/* What src.c's init and prepare set before these calls (not in firmware-src). */
	cd->source_rate = in_rate;
	cd->sink_rate = out_rate;
	cd->channels_count = channels;
	a->in_fs = t->in_fs;
	a->num_in_fs = t->num_in_fs;
	a->out_fs = t->out_fs;
	a->num_out_fs = t->num_out_fs;
	a->max_fir_delay_size_xnch = PLATFORM_MAX_CHANNELS * t->max_fir_delay;
	a->max_out_delay_size_xnch = PLATFORM_MAX_CHANNELS * t->max_out_delay;

	ret = src_param_set(&dev, cd);
	o->stage = 0;
	if (!ret) {
		o->stage = 1;
		ret = src_allocate_copy_stages(&mod, a, t->table1[a->idx_out * t->num_in_fs + a->idx_in],
					       t->table2[a->idx_out * t->num_in_fs + a->idx_in]);
	}
	if (!ret) {
		o->stage = 2;
		ret = src_params_general(&mod, NULL, NULL);
	}
	o->ret = ret;
	o->fir_s1 = a->fir_s1;
	o->fir_s2 = a->fir_s2;
	o->out_s1 = a->out_s1;
	o->out_s2 = a->out_s2;
	o->sbuf_length = a->sbuf_length;
	o->total = a->total;
	o->source_frames = cd->source_frames;
	o->sink_frames = cd->sink_frames;
	o->stages = cd->src_func == src_2s ? 2 : cd->src_func == src_1s ? 1 : cd->src_func == src_copy_sxx ? 0 : -1;
	/* struct src_stage on the 32-bit DSP: its int members as laid out here, then the 4-byte
	 * coefs pointer, which needs no padding there (the host pads it to 8). */
	o->stage_struct_bytes = offsetof(struct src_stage, shift) + sizeof(((struct src_stage *)0)->shift) + 4;
	free(cd);
	return ret;
}
