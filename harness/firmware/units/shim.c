/* The host stand-ins declared in fw_shim.h. */
#include <fw_shim.h>
#include <rtos/alloc.h>
#include <sys/mman.h>
#include "harness.h"

uintptr_t shim_unused_l2_start;
uintptr_t shim_l2_sram_base;
size_t shim_l2_sram_size;

/* SOF system heap (rmalloc/rzalloc/rfree): holds vregion metadata and the vpage bitmap. */
void *rmalloc(uint32_t flags, size_t bytes)
{
	(void)flags;
	return malloc(bytes);
}

void *rzalloc(uint32_t flags, size_t bytes)
{
	(void)flags;
	return calloc(1, bytes);
}

void rfree(void *ptr)
{
	free(ptr);
}

/*
 * Intel ADSP TLB driver stand-in. The pages of the vpage region are real host memory mapped at
 * the region's DSP address (MAP_FIXED_NOREPLACE), so pointers in the log are the device's.
 * Physical pages are a count: sys_mm_drv_map_region_safe() fails with -EINVAL unless the range
 * ends strictly below the region end, and with -ENOMEM when the count runs out, after which the
 * stored driver has not unmapped what it mapped, so the count stays 0 (spec §1.6).
 */
static struct sys_mm_drv_region regions[2];
static unsigned int phys_free;
static void *mapped;
static size_t mapped_bytes;

int harness_map_region(uintptr_t base, unsigned int pages, unsigned int physical_pages)
{
	size_t bytes = (size_t)pages * CONFIG_MM_DRV_PAGE_SIZE;

	if (mapped)
		munmap(mapped, mapped_bytes);
	mapped = NULL;
	mapped_bytes = 0;
	if (bytes) {
		int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_FIXED_NOREPLACE
		flags |= MAP_FIXED_NOREPLACE;
#endif
		/* Elsewhere the address is a hint: a different answer is refused below. */
		void *p = mmap((void *)base, bytes, PROT_READ | PROT_WRITE, flags, -1, 0);
		if (p == MAP_FAILED || p != (void *)base)
			return -1;
		mapped = p;
		mapped_bytes = bytes;
	}
	memset(regions, 0, sizeof(regions));
	phys_free = physical_pages;
	shim_unused_l2_start = base - CONFIG_SOF_ZEPHYR_VIRTUAL_HEAP_REGION_SIZE;
	shim_l2_sram_base = shim_unused_l2_start;
	shim_l2_sram_size = CONFIG_SOF_ZEPHYR_VIRTUAL_HEAP_REGION_SIZE + bytes + CONFIG_LIBRARY_REGION_SIZE;
	return 0;
}

int adsp_add_virtual_memory_region(uintptr_t region_address, uint32_t region_size, uint32_t attr)
{
	regions[0].addr = (void *)region_address;
	regions[0].size = region_size;
	regions[0].attr = attr;
	return 0;
}

const struct sys_mm_drv_region *sys_mm_drv_query_memory_regions(void)
{
	return regions;
}

int sys_mm_drv_map_region_safe(const struct sys_mm_drv_region *region, void *virt, uintptr_t phys,
			       size_t size, uint32_t flags)
{
	unsigned int pages = size / CONFIG_MM_DRV_PAGE_SIZE;

	(void)phys;
	(void)flags;
	if ((uintptr_t)virt + size >= (uintptr_t)region->addr + region->size)
		return -EINVAL;
	if (phys_free < pages) {
		phys_free = 0;
		return -ENOMEM;
	}
	phys_free -= pages;
	return 0;
}

int sys_mm_drv_unmap_region(void *virt, size_t size)
{
	(void)virt;
	phys_free += size / CONFIG_MM_DRV_PAGE_SIZE;
	return 0;
}
