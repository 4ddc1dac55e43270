/* vpage.c, compiled unmodified in this unit so the driver can reset its static context between
 * traces (the firmware runs vpage_init() once per boot; a trace is one boot). */
#include <fw_shim.h>
#include "zephyr/lib/vpage.c"
#include "harness.h"

/*
 * vpages_free_and_unmap() copies velems[num_elems_in_use] (one past the newest record) over the
 * freed one, and with 128 live records that index is past the array (vpage.c, the compaction
 * defect). On the DSP it reads whatever follows vpage_ctx; here it must land in the struct's
 * own tail padding, which stays zero, so the harness sees an empty record, as the model assumes.
 */
_Static_assert(offsetof(struct vpage_context, velems) + sizeof(struct valloc_elem) * (VPAGE_MAX_ALLOCS + 1) <=
	       sizeof(struct vpage_context), "velems[VPAGE_MAX_ALLOCS] must fall in tail padding");

int harness_vpage_boot(void)
{
	memset(&vpage_ctx, 0, sizeof(vpage_ctx));
	return shim_sys_init_vpage_init();
}

void harness_vpage_state(struct harness_vpage_state *s)
{
	s->free_pages = vpage_ctx.free_pages;
	s->total_pages = vpage_ctx.total_pages;
	s->elems = vpage_ctx.num_elems_in_use;
}
