/* Host stand-in for the parts of Zephyr and SOF that the vendored allocator sources include but
 * that are not in firmware-src (kernel objects, logging, the Intel ADSP MM/TLB driver, caches).
 * Everything here is ours; the allocator logic itself comes unmodified from firmware-src.
 * Each stand-in says which firmware behaviour it reproduces and where that behaviour is
 * documented, so a difference found by the harness can be traced to firmware code or to us.
 */
#ifndef FW_SHIM_H
#define FW_SHIM_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* ---- Kconfig values of an ACE 3.0 (PTL) SOF build ---- */
#define CONFIG_MM_DRV_PAGE_SIZE 4096
#define CONFIG_SOF_VPAGE_MAX_ALLOCS 128
#define CONFIG_DCACHE_LINE_SIZE 64
#define PLATFORM_DCACHE_ALIGN 64
#define CONFIG_SYS_HEAP_ALLOC_LOOPS 3
#define CONFIG_SOF_LOG_LEVEL 4
#define CONFIG_SOF_VREGIONS 1
#define CONFIG_SOF_ZEPHYR_VIRTUAL_HEAP_REGION_SIZE 0x100000
#define CONFIG_LIBRARY_REGION_SIZE 0x100000

/* ---- zephyr/sys/util.h ---- */
#define MIN(a, b) (((a) < (b)) ? (a) : (b))
#define MAX(a, b) (((a) > (b)) ? (a) : (b))
#define BIT(n) (1UL << (n))
#define BIT_MASK(n) (BIT(n) - 1UL)
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#define ROUND_UP(x, align) ((((unsigned long)(x) + ((unsigned long)(align) - 1)) / (unsigned long)(align)) * (unsigned long)(align))
#define ROUND_DOWN(x, align) (((unsigned long)(x) / (unsigned long)(align)) * (unsigned long)(align))
#define POINTER_TO_UINT(x) ((uintptr_t)(x))
#define UINT_TO_POINTER(x) ((void *)(uintptr_t)(x))
#define CONTAINER_OF(ptr, type, field) ((type *)(((char *)(ptr)) - offsetof(type, field)))
#define _DO_CONCAT(x, y) x##y
#define _CONCAT(x, y) _DO_CONCAT(x, y)
#define IF_ENABLED(cfg, code)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define __ASSERT_NO_MSG(x) __ASSERT(x, "")
#define ARG_UNUSED(x) (void)(x)
#define IS_ALIGNED(ptr, align) ((((uintptr_t)(ptr)) & ((align) - 1)) == 0)
#define POPCOUNT(x) __builtin_popcount(x)
static inline unsigned int find_lsb_set(uint32_t op) { return (unsigned int)__builtin_ffs((int)op); }
static inline unsigned int find_msb_set(uint32_t op) { return op ? 32U - (unsigned int)__builtin_clz(op) : 0U; }
#define ilog2(x) (31 - __builtin_clz((unsigned int)(x)))

/*
 * IS_ENABLED(CONFIG_X) reads shim_cfg_CONFIG_X. Options the vendored code tests this way and
 * that our build leaves off are 0. One is not a plain 0/1: see FORCING THE 32-BIT HEAP below.
 */
#define IS_ENABLED(cfg) shim_cfg_##cfg
#define shim_cfg_CONFIG_SYS_HEAP_BIG_ONLY 0
#define shim_cfg_CONFIG_MSAN 0

/*
 * FORCING THE 32-BIT HEAP. heap.h decides the chunk header size with
 *     if (IS_ENABLED(CONFIG_SYS_HEAP_SMALL_ONLY)) return false;
 *     if (IS_ENABLED(CONFIG_SYS_HEAP_BIG_ONLY) || sizeof(void *) > 4U) return true;
 *     return chunks > 0x7fffU;
 * so on a 64-bit host every heap would be "big" (8-byte headers), where the 32-bit DSP uses
 * 4-byte headers up to 0x7fff chunks. -m32 is not an option (no 32-bit libc here, and the
 * binaries may not run). Instead SMALL_ONLY counts as enabled exactly when the `chunks` being
 * asked about fit in 15 bits: big_heap_chunks() then answers `chunks > 0x7fff`, the DSP's
 * answer, and the sizeof() line only sees big chunk counts. `chunks` is big_heap_chunks()'s
 * parameter; the one other use, in sys_heap_init(), has no such local and sees the global below,
 * which is above 15 bits, so sys_heap_init() takes its 31-bit size check as a big heap would.
 */
#define shim_cfg_CONFIG_SYS_HEAP_SMALL_ONLY ((chunks) <= 0x7fffU)
extern const unsigned int chunks;

/* ---- assertions: the harness aborts on any firmware assertion, so a trace never continues
 * past a state the firmware would have stopped in ---- */
void shim_assert_fail(const char *file, int line, const char *cond);
#define __ASSERT(cond, ...) do { if (!(cond)) shim_assert_fail(__FILE__, __LINE__, #cond); } while (0)
#define CHECKIF(expr) if (expr)
#define k_panic() shim_assert_fail(__FILE__, __LINE__, "k_panic")
#define __cold
#define assert_can_be_cold() do { } while (0)

/* ---- kernel objects: one thread, so locks are empty ---- */
struct k_mutex { int unused; };
struct k_spinlock { int unused; };
typedef int k_spinlock_key_t;
typedef int k_timeout_t;
#define K_FOREVER 0
#define K_NO_WAIT 0
static inline void k_mutex_init(struct k_mutex *m) { (void)m; }
static inline int k_mutex_lock(struct k_mutex *m, k_timeout_t t) { (void)m; (void)t; return 0; }
static inline int k_mutex_unlock(struct k_mutex *m) { (void)m; return 0; }
static inline k_spinlock_key_t k_spin_lock(struct k_spinlock *l) { (void)l; return 0; }
static inline void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t k) { (void)l; (void)k; }

/* SYS_INIT(fn, ...) keeps fn and gives the driver a handle to call it, as the kernel would at boot. */
#define SYS_INIT(fn, level, prio) int (*const shim_sys_init_##fn)(void) = fn
#define EXPORT_SYMBOL(sym)

/* ---- logging: the SOF logger's framing, "[time] <lvl> module: func: message" (spec §6:
 * CONFIG_LOG_FUNC_NAME_PREFIX_*=y on Intel ADSP). Lines go to the harness log sink. ---- */
void shim_log(const char *lvl, const char *module, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define LOG_MODULE_REGISTER(name, level) static const char shim_log_module[] = #name
#define LOG_MODULE_DECLARE(name, level) static const char shim_log_module[] = #name
#define LOG_ERR(...) shim_log("err", shim_log_module, __func__, __VA_ARGS__)
#define LOG_WRN(...) shim_log("wrn", shim_log_module, __func__, __VA_ARGS__)
#define LOG_INF(...) shim_log("inf", shim_log_module, __func__, __VA_ARGS__)
#define LOG_DBG(...) shim_log("dbg", shim_log_module, __func__, __VA_ARGS__)

/* ---- caches: host memory is coherent, so cached and uncached aliases are the same address ---- */
static inline bool sys_cache_is_ptr_uncached(void *p) { (void)p; return false; }
static inline void *sys_cache_cached_ptr_get(void *p) { return p; }
static inline void *sys_cache_uncached_ptr_get(void *p) { return p; }
static inline void sys_cache_data_invd_range(void *p, size_t n) { (void)p; (void)n; }

/* ---- Intel ADSP memory management driver (not in firmware-src). The region and the physical
 * page budget are set by the driver program; the map rules follow spec §1.2 and §1.6. ---- */
struct sys_mm_drv_region {
	void *addr;
	size_t size;
	uint32_t attr;
};
#define SYS_MM_MEM_PERM_RW 0
#define SYS_MM_DRV_MEMORY_REGION_FOREACH(regions, r) for ((r) = (regions); (r)->size; (r)++)
extern uintptr_t shim_unused_l2_start;
extern uintptr_t shim_l2_sram_base;
extern size_t shim_l2_sram_size;
#define L2_SRAM_BASE shim_l2_sram_base
#define L2_SRAM_SIZE shim_l2_sram_size
static inline uintptr_t adsp_mm_get_unused_l2_start_aligned(void) { return shim_unused_l2_start; }
int adsp_add_virtual_memory_region(uintptr_t region_address, uint32_t region_size, uint32_t attr);
const struct sys_mm_drv_region *sys_mm_drv_query_memory_regions(void);
static inline void sys_mm_drv_query_memory_regions_free(const struct sys_mm_drv_region *r) { (void)r; }
int sys_mm_drv_map_region_safe(const struct sys_mm_drv_region *region, void *virt, uintptr_t phys,
			       size_t size, uint32_t flags);
int sys_mm_drv_unmap_region(void *virt, size_t size);

/* ---- Zephyr k_heap over sys_heap, as kernel/kheap.c does for K_NO_WAIT callers ---- */
#include <zephyr/sys/sys_heap.h>
struct k_heap {
	struct sys_heap heap;
};
void k_heap_init(struct k_heap *h, void *mem, size_t bytes);
void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes, k_timeout_t timeout);
void k_heap_free(struct k_heap *h, void *mem);

#endif
