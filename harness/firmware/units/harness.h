/* What the harness units expose to the driver: the firmware's own counters, read from its
 * private structs. */
#ifndef HARNESS_H
#define HARNESS_H

#include <stddef.h>
#include <stdint.h>

struct sys_heap;
struct vregion;

struct harness_vpage_state {
	unsigned int free_pages;
	unsigned int total_pages;
	unsigned int elems;
};

struct harness_vregion_state {
	uintptr_t base;
	size_t size;
	unsigned int pages;
	unsigned int use_count;
	int type;
	size_t lifetime_used;
	size_t lifetime_size;
	uintptr_t lifetime_ptr;
	int free_count;
	uintptr_t interim_base;
	size_t interim_bytes;
	size_t interim_alloc;
	size_t interim_free;
};

int harness_vpage_boot(void);
void harness_vpage_state(struct harness_vpage_state *s);
void harness_vregion_state(struct vregion *vr, struct harness_vregion_state *s);
void harness_heap_info(struct sys_heap *heap, size_t *alloc_bytes, size_t *free_bytes);
size_t harness_heap_chunk_bytes(struct sys_heap *heap, void *mem);
int harness_heap_header_bytes(struct sys_heap *heap);

/* The vpage region and the physical page budget of the next boot. */
int harness_map_region(uintptr_t base, unsigned int pages, unsigned int physical_pages);

void ztest_sof_boot_vpage(void);
void ztest_sof_boot_vregion(void);
extern int ztest_failures;

#endif
