/* Host stand-in for the SOF audio framework that src_common.c includes (component.h, generic.h,
 * sink/source API, fast-get.h, ...), none of which is in firmware-src. Only what the
 * harness calls runs: src_param_set(), src_allocate_copy_stages(), src_params_general() and
 * through it src_buffer_lengths() and src_polyphase_init(). The audio data path (src_1s, src_2s,
 * src_copy_sxx) is compiled but never called; its sink/source calls end the harness if reached. */
#ifndef SRC_SHIM_H
#define SRC_SHIM_H
#include <fw_shim.h>

#define CONFIG_IPC_MAJOR_4 1
#define CONFIG_FAST_GET 1
#define CONFIG_FORMAT_S32LE 1
#define PLATFORM_MAX_CHANNELS 8
#define __cold_rodata
/* module/ipc/stream.h */
#define SOF_IPC_MAX_CHANNELS 8
enum sof_ipc_frame { SOF_IPC_FRAME_S16_LE = 0, SOF_IPC_FRAME_S24_4LE, SOF_IPC_FRAME_S32_LE, SOF_IPC_FRAME_FLOAT };
#define BUFF_PARAMS_RATE BIT(3)

struct sof_source;
struct sof_sink;
#include <ipc/stream.h>
struct comp_buffer;
struct tr_ctx { int unused; };
struct sof_uuid { uint32_t a; uint16_t b, c; uint8_t d[8]; };

/* component.h: dev->frames is the period in sink frames (component_set_nearest_period_frames). */
struct comp_dev {
	uint32_t frames;
	int direction;
};

/* generic.h */
struct processing_module {
	struct comp_dev *dev;
	void *priv;
	struct sof_ipc_stream_params *stream_params;
};
#define module_get_private_data(mod) ((mod)->priv)

#define comp_err(dev, ...) shim_log("err", "src", __func__, __VA_ARGS__)
#define comp_warn(dev, ...) shim_log("wrn", "src", __func__, __VA_ARGS__)
#define comp_info(dev, ...) shim_log("inf", "src", __func__, __VA_ARGS__)
#define comp_dbg(dev, ...) shim_log("dbg", "src", __func__, __VA_ARGS__)

/* Module heap and fast_get: the harness records every size asked for. */
void *mod_alloc(struct processing_module *mod, size_t size);
void mod_free(struct processing_module *mod, const void *ptr);
const void *mod_fast_get(struct processing_module *mod, const void *dram_ptr, size_t size);
void mod_fast_put(struct processing_module *mod, const void *sram_ptr);

/* src.c / src_ipc4.c (not in firmware-src): rates are set by the harness, checks pass. */
int comp_verify_params(struct comp_dev *dev, uint32_t flag, struct sof_ipc_stream_params *params);

/* Audio data path, never reached. */
size_t sink_get_free_frames(struct sof_sink *sink);
size_t sink_get_free_size(struct sof_sink *sink);
size_t sink_get_frame_bytes(struct sof_sink *sink);
int sink_get_buffer(struct sof_sink *sink, size_t req_size, void **data_ptr, void **buffer_start, size_t *buffer_size);
int sink_commit_buffer(struct sof_sink *sink, size_t commit_size);
size_t source_get_data_frames_available(struct sof_source *source);
size_t source_get_data_available(struct sof_source *source);
size_t source_get_frame_bytes(struct sof_source *source);
unsigned int source_get_channels(struct sof_source *source);
enum sof_ipc_frame source_get_frm_fmt(struct sof_source *source);
int source_get_data(struct sof_source *source, size_t req_size, void const **data_ptr, void const **buffer_start, size_t *buffer_size);
int source_release_data(struct sof_source *source, size_t free_size);
int source_to_sink_copy(struct sof_source *source, struct sof_sink *sink, bool free, size_t size);
void source_set_alignment_constants(struct sof_source *source, uint32_t byte_align, uint32_t frame_align_req);
#endif
