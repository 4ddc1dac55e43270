/* vregion.c, compiled unmodified in this unit so the driver can read the counters of its
 * private struct vregion (lifetime used/size/free count, mode, interim heap). */
#include <fw_shim.h>
#include "zephyr/lib/vregion.c"
#include "harness.h"
#include "heap.h"

void harness_vregion_state(struct vregion *vr, struct harness_vregion_state *s)
{
	s->base = (uintptr_t)vr->base;
	s->size = vr->size;
	s->pages = vr->pages;
	s->use_count = vr->use_count;
	s->type = vr->type;
	s->lifetime_used = vr->lifetime.used;
	s->lifetime_size = vr->lifetime.size;
	s->lifetime_ptr = (uintptr_t)vr->lifetime.ptr;
	s->free_count = vr->lifetime.free_count;
	s->interim_base = 0;
	s->interim_bytes = 0;
	s->interim_alloc = 0;
	s->interim_free = 0;
	if (vr->type == VREGION_MEM_TYPE_INTERIM) {
		s->interim_base = (uintptr_t)vr->interim.heap.heap.init_mem;
		s->interim_bytes = vr->interim.heap.heap.init_bytes;
		harness_heap_info(&vr->interim.heap.heap, &s->interim_alloc, &s->interim_free);
	}
}
