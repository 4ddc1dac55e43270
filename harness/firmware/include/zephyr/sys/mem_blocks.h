/*
 * BRIDGE: sys_mem_blocks, declared as mem_blocks.c (48b23001) and SOF vpage.c use it.
 * The vendored include/zephyr/sys/mem_blocks.h (184b2de7) has num_blocks and blk_sz_shift as
 * direct members of struct sys_mem_blocks, while mem_blocks.c and vpage.c read
 * mem_block->info.num_blocks / info.blk_sz_shift (firmware-src README, "Known gaps"). No macro
 * can turn one layout into the other, so this header replaces the vendored one: the same
 * members, grouped in `info` (struct sys_mem_blocks_info, as the Zephyr of those two files
 * has it), and the declarations mem_blocks.c defines, with the vendored signatures.
 */
#ifndef SHIM_MEM_BLOCKS_H
#define SHIM_MEM_BLOCKS_H
#include <fw_shim.h>
#include <zephyr/sys/bitarray.h>

#define MAX_MULTI_ALLOCATORS 8

struct sys_mem_blocks_info {
	uint32_t num_blocks;
	uint8_t blk_sz_shift;
};

struct sys_mem_blocks {
	struct sys_mem_blocks_info info;
	uint8_t *buffer;
	sys_bitarray_t *bitmap;
};
typedef struct sys_mem_blocks sys_mem_blocks_t;

struct sys_multi_mem_blocks;
typedef struct sys_multi_mem_blocks sys_multi_mem_blocks_t;
typedef sys_mem_blocks_t *(*sys_multi_mem_blocks_choice_fn_t)(struct sys_multi_mem_blocks *group, void *cfg);

struct sys_multi_mem_blocks {
	int num_allocators;
	sys_multi_mem_blocks_choice_fn_t choice_fn;
	sys_mem_blocks_t *allocators[MAX_MULTI_ALLOCATORS];
};

int sys_mem_blocks_alloc(sys_mem_blocks_t *mem_block, size_t count, void **out_blocks);
int sys_mem_blocks_alloc_contiguous(sys_mem_blocks_t *mem_block, size_t count, void **out_block);
int sys_mem_blocks_get(sys_mem_blocks_t *mem_block, void *in_block, size_t count);
int sys_mem_blocks_is_region_free(sys_mem_blocks_t *mem_block, void *in_block, size_t count);
int sys_mem_blocks_free(sys_mem_blocks_t *mem_block, size_t count, void **in_blocks);
int sys_mem_blocks_free_contiguous(sys_mem_blocks_t *mem_block, void *block, size_t count);
void sys_multi_mem_blocks_init(sys_multi_mem_blocks_t *group, sys_multi_mem_blocks_choice_fn_t choice_fn);
void sys_multi_mem_blocks_add_allocator(sys_multi_mem_blocks_t *group, sys_mem_blocks_t *alloc);
int sys_multi_mem_blocks_alloc(sys_multi_mem_blocks_t *group, void *cfg, size_t count,
			       void **out_blocks, size_t *blk_size);
int sys_multi_mem_blocks_free(sys_multi_mem_blocks_t *group, size_t count, void **in_blocks);
#endif
