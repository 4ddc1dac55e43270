/*
 * Firmware harness driver: runs SOF's vpage/vregion code and Zephyr's sys_heap, built unmodified
 * from firmware-src, one operation per input line, and prints what the firmware did:
 *   "L <log line>"  every LOG_* line, framed as the SOF logger prints it
 *   "R {json}"      the result of the operation, with the firmware's own counters
 * Pointers are printed as offsets from the vpage region base (-1 for NULL).
 *
 *   boot <base> <pages> <physical>   map a region of <pages> at <base>, run vpage_init()
 *   va <pages> | vf <off>            vpage_alloc / vpage_free
 *   rc <id> <bytes>                  vregion_create
 *   ra <id> <size> <align> <coh>     vregion_alloc_align (coh=1: vregion_alloc_coherent_align)
 *   rs <id> | rf <id> <off>          vregion_set_interim / vregion_free
 *   rg <id> | rp <id> | ri <id>      vregion_get / vregion_put / vregion_info
 *   hi <off> <bytes>                 sys_heap_init on region memory
 *   ha <bytes> | hA <align> <bytes>  sys_heap_alloc / sys_heap_aligned_alloc
 *   hf <off>                         sys_heap_free
 *   ztest                            SOF's boot tests vpage and vregion
 */
#include <fw_shim.h>
#include <setjmp.h>
#include <sof/lib/vpage.h>
#include <sof/lib/vregion.h>
#include "units/harness.h"

#define MAX_REGIONS 256

static uintptr_t base;
static struct vregion *regions[MAX_REGIONS];
static struct sys_heap heap;
static bool heap_live;

jmp_buf ztest_jmp;
int ztest_failures;

void ztest_fail(const char *file, int line, const char *what)
{
	ztest_failures++;
	printf("R {\"op\":\"zassert\",\"ok\":false,\"where\":\"%s:%d\",\"cond\":\"%s\"}\n", file, line, what);
	longjmp(ztest_jmp, 1);
}

static long off(const void *p)
{
	return p ? (long)((uintptr_t)p - base) : -1L;
}

static void vpage_fields(void)
{
	struct harness_vpage_state s;

	harness_vpage_state(&s);
	printf("\"free\":%u,\"total\":%u,\"elems\":%u", s.free_pages, s.total_pages, s.elems);
}

static void region_fields(struct vregion *vr)
{
	struct harness_vregion_state s;

	if (!vr) {
		printf("\"live\":false");
		return;
	}
	harness_vregion_state(vr, &s);
	printf("\"live\":true,\"base\":%ld,\"size\":%zu,\"pages\":%u,\"useCount\":%u,\"type\":%d,"
	       "\"lifetimeUsed\":%zu,\"lifetimeSize\":%zu,\"lifetimePtr\":%ld,\"freeCount\":%d,"
	       "\"interimBase\":%ld,\"interimBytes\":%zu,\"interimAlloc\":%zu,\"interimFree\":%zu",
	       off((void *)s.base), s.size, s.pages, s.use_count, s.type, s.lifetime_used,
	       s.lifetime_size, off((void *)s.lifetime_ptr), s.free_count,
	       s.interim_base ? off((void *)s.interim_base) : -1L, s.interim_bytes, s.interim_alloc,
	       s.interim_free);
}

static void heap_fields(void)
{
	size_t a = 0, f = 0;

	if (heap_live)
		harness_heap_info(&heap, &a, &f);
	printf("\"allocBytes\":%zu,\"freeBytes\":%zu", a, f);
}

static struct vregion **region_slot(unsigned int id)
{
	return id < MAX_REGIONS ? &regions[id] : NULL;
}

static int run_ztests(void)
{
	ztest_failures = 0;
	if (!setjmp(ztest_jmp))
		ztest_sof_boot_vpage();
	printf("R {\"op\":\"ztest\",\"test\":\"vpage\",\"failures\":%d}\n", ztest_failures);
	int before = ztest_failures;

	if (!setjmp(ztest_jmp))
		ztest_sof_boot_vregion();
	printf("R {\"op\":\"ztest\",\"test\":\"vregion\",\"failures\":%d}\n", ztest_failures - before);
	return ztest_failures;
}

int main(void)
{
	char line[256], op[8];
	unsigned long a1, a2, a3, a4;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while (fgets(line, sizeof(line), stdin)) {
		a1 = a2 = a3 = a4 = 0;
		int n = sscanf(line, "%7s %li %li %li %li", op, (long *)&a1, (long *)&a2, (long *)&a3, (long *)&a4);

		if (n < 1)
			continue;
		if (!strcmp(op, "boot")) {
			memset(regions, 0, sizeof(regions));
			heap_live = false;
			base = a1;
			int ret = harness_map_region(a1, a2, a3);

			if (!ret)
				ret = harness_vpage_boot();
			printf("R {\"op\":\"boot\",\"ret\":%d,", ret);
			vpage_fields();
			printf("}\n");
		} else if (!strcmp(op, "va")) {
			void *p = vpage_alloc(a1);

			printf("R {\"op\":\"va\",\"ptr\":%ld,", off(p));
			vpage_fields();
			printf("}\n");
		} else if (!strcmp(op, "vf")) {
			vpage_free((void *)(base + a1));
			printf("R {\"op\":\"vf\",");
			vpage_fields();
			printf("}\n");
		} else if (!strcmp(op, "rc")) {
			struct vregion **slot = region_slot(a1);
			struct vregion *vr = slot ? vregion_create(a2) : NULL;

			if (slot)
				*slot = vr;
			printf("R {\"op\":\"rc\",\"ptr\":%ld,", vr ? 0L : -1L);
			region_fields(vr);
			printf(",");
			vpage_fields();
			printf("}\n");
		} else if (!strcmp(op, "ra") || !strcmp(op, "rs") || !strcmp(op, "rf") ||
			   !strcmp(op, "rg") || !strcmp(op, "rp") || !strcmp(op, "ri")) {
			struct vregion **slot = region_slot(a1);
			struct vregion *vr = slot ? *slot : NULL;
			void *p = NULL;

			if (!strcmp(op, "ra"))
				p = a4 ? vregion_alloc_coherent_align(vr, a2, a3) : vregion_alloc_align(vr, a2, a3);
			else if (!strcmp(op, "rs"))
				vregion_set_interim(vr);
			else if (!strcmp(op, "rf"))
				vregion_free(vr, (void *)(base + a2));
			else if (!strcmp(op, "rg"))
				vregion_get(vr);
			else if (!strcmp(op, "rp"))
				vr = *slot = vregion_put(vr);
			else
				vregion_info(vr);
			printf("R {\"op\":\"%s\",\"ptr\":%ld,", op, off(p));
			region_fields(vr);
			printf(",");
			vpage_fields();
			printf("}\n");
		} else if (!strcmp(op, "hi")) {
			sys_heap_init(&heap, (void *)(base + a1), a2);
			heap_live = true;
			printf("R {\"op\":\"hi\",\"header\":%d,", harness_heap_header_bytes(&heap));
			heap_fields();
			printf("}\n");
		} else if (!strcmp(op, "ha") || !strcmp(op, "hA")) {
			void *p = !strcmp(op, "ha") ? sys_heap_alloc(&heap, a1) : sys_heap_aligned_alloc(&heap, a1, a2);

			printf("R {\"op\":\"%s\",\"ptr\":%ld,\"chunkBytes\":%zu,", op, off(p),
			       p ? harness_heap_chunk_bytes(&heap, p) : 0);
			heap_fields();
			printf("}\n");
		} else if (!strcmp(op, "hf")) {
			sys_heap_free(&heap, (void *)(base + a1));
			printf("R {\"op\":\"hf\",");
			heap_fields();
			printf("}\n");
		} else if (!strcmp(op, "ztest")) {
			run_ztests();
		} else {
			printf("R {\"op\":\"?\",\"error\":\"unknown op %s\"}\n", op);
		}
	}
	fflush(stdout);
	return 0;
}
