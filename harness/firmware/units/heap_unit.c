/*
 * Zephyr lib/heap/heap.c, compiled unmodified against heap.h from another commit (firmware-src
 * README, "Known gaps"). The two disagree; the bridge is here, between the two includes:
 *
 * 1. heap.c (974bad62) calls bytes_to_chunksz(h, bytes); heap.h (45f1d210) defines
 *    bytes_to_chunksz(h, bytes, extra). The 2-argument call becomes the 3-argument one with
 *    extra = 0: chunks = ceil((bytes + header) / 8), clamped to end_chunk. heap.c checks
 *    size_too_big() first, so the clamp can only turn a request one or two chunks above the heap
 *    into exactly the heap size, which fails in alloc_chunk() either way.
 * 2. heap.c calls size_too_big(h, bytes), which heap.h no longer has. It is defined as heap.h
 *    defined it next to the 2-argument bytes_to_chunksz: bytes / CHUNK_UNIT >= end_chunk.
 *
 * heap.h is included first (so its own definitions are compiled as written), then the bridge
 * macros, then heap.c, whose own #include "heap.h" is then a no-op (include guard).
 */
#include <fw_shim.h>
#include "heap.h"

/* See "FORCING THE 32-BIT HEAP" in fw_shim.h. */
const unsigned int chunks = 0xffffffffU;

#define bytes_to_chunksz(h, bytes) bytes_to_chunksz((h), (bytes), 0)
static inline bool size_too_big(struct z_heap *h, size_t bytes)
{
	return (bytes / CHUNK_UNIT) >= h->end_chunk;
}

#include "heap.c"
#include "harness.h"

void harness_heap_info(struct sys_heap *heap, size_t *alloc_bytes, size_t *free_bytes)
{
	get_alloc_info(heap->heap, alloc_bytes, free_bytes);
}

size_t harness_heap_chunk_bytes(struct sys_heap *heap, void *mem)
{
	struct z_heap *h = heap->heap;

	return chunksz_to_bytes(h, chunk_size(h, mem_to_chunkid(h, mem)));
}

int harness_heap_header_bytes(struct sys_heap *heap)
{
	return (int)chunk_header_bytes(heap->heap);
}

void k_heap_init(struct k_heap *h, void *mem, size_t bytes)
{
	sys_heap_init(&h->heap, mem, bytes);
}

void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes, k_timeout_t timeout)
{
	(void)timeout;
	return sys_heap_aligned_alloc(&h->heap, align, bytes);
}

void k_heap_free(struct k_heap *h, void *mem)
{
	sys_heap_free(&h->heap, mem);
}
