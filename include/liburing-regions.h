/* SPDX-License-Identifier: MIT */
/*
 * liburing-regions: the io_uring registration features of Linux 6.12 and
 * 6.13+ (memory regions, registered wait arguments, ring resizing, buffer
 * cloning, ringless MSG_RING) and the small ring core they need, with
 * liburing's names, structures and semantics.  Every function returns 0 or
 * a count on success and -errno on failure; none sets errno.
 *
 * Two uses:
 * - standalone: this header alone defines struct io_uring (liburing's
 *   layout) and the ring core;
 * - beside liburing: included after <liburing.h>, it adds only the five
 *   families and the probe, which work on the rings liburing made.
 * Either way a call written io_uring_resize_rings() reaches this library:
 * every function is declared with an assembler name of the form
 * liburing_regions_<name>, so no exported symbol clashes with liburing's.
 */
#ifndef LIBURING_REGIONS_H
#define LIBURING_REGIONS_H

#include <sys/select.h>	/* sigset_t, even under strict C99 */
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include <liburing-regions/uapi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LIBURING_REGIONS_VERSION_MAJOR	0
#define LIBURING_REGIONS_VERSION_MINOR	2

/* The symbol a declaration binds to. */
#define LIBURING_REGIONS_SYM(name)	__asm__("liburing_regions_" #name)

/* Redeclarations must repeat liburing's exception specification. */
#if defined(LIB_URING_H)
#ifdef LIBURING_NOEXCEPT
#define LIBURING_REGIONS_NOEXCEPT	LIBURING_NOEXCEPT
#else
#define LIBURING_REGIONS_NOEXCEPT
#endif
#elif defined(__cplusplus) && __cplusplus >= 201103L
#define LIBURING_REGIONS_NOEXCEPT	noexcept
#else
#define LIBURING_REGIONS_NOEXCEPT
#endif

#define LIBURING_REGIONS_DECL(name)	\
	LIBURING_REGIONS_NOEXCEPT LIBURING_REGIONS_SYM(name)

#ifndef LIB_URING_H
#include <liburing-regions/core.h>
#endif

/*
 * liburing before 2.4 (which added the version macros) declares these two,
 * but its shared library lacks them (Debian 12's liburing.so.2.3): the
 * calls reach this library's instead, which do the same.
 */
#if defined(LIB_URING_H) && !defined(IO_URING_VERSION_MAJOR)
int io_uring_enable_rings(struct io_uring *ring)
	LIBURING_REGIONS_DECL(io_uring_enable_rings);
int io_uring_register_restrictions(struct io_uring *ring,
				   struct io_uring_restriction *res,
				   unsigned int nr_res)
	LIBURING_REGIONS_DECL(io_uring_register_restrictions);
#endif

/* Memory regions (6.13; kernel-allocated memory 6.14). */
int io_uring_register_region(struct io_uring *ring,
			     struct io_uring_mem_region_reg *reg)
	LIBURING_REGIONS_DECL(io_uring_register_region);
void *io_uring_map_region(struct io_uring *ring, size_t size,
			  __u64 reg_flags, int *err)
	LIBURING_REGIONS_DECL(io_uring_map_region);
int io_uring_unmap_region(void *addr, size_t size)
	LIBURING_REGIONS_DECL(io_uring_unmap_region);

/* Registered wait arguments (6.13). */
int io_uring_submit_and_wait_reg(struct io_uring *ring,
				 struct io_uring_cqe **cqe_ptr,
				 unsigned wait_nr, int reg_index)
	LIBURING_REGIONS_DECL(io_uring_submit_and_wait_reg);
int io_uring_register_reg_wait(struct io_uring *ring,
			       struct io_uring_reg_wait *reg, int nr)
	LIBURING_REGIONS_DECL(io_uring_register_reg_wait);
int io_uring_register_wait_reg(struct io_uring *ring,
			       struct io_uring_reg_wait *reg, int nr)
	LIBURING_REGIONS_DECL(io_uring_register_wait_reg);
struct io_uring_reg_wait *io_uring_setup_reg_wait(struct io_uring *ring,
						  unsigned nentries, int *err)
	LIBURING_REGIONS_DECL(io_uring_setup_reg_wait);
void io_uring_free_reg_wait(struct io_uring_reg_wait *reg, unsigned nentries)
	LIBURING_REGIONS_DECL(io_uring_free_reg_wait);

/* Ring resizing (6.13). */
int io_uring_resize_rings(struct io_uring *ring, struct io_uring_params *p)
	LIBURING_REGIONS_DECL(io_uring_resize_rings);

/*
 * A CQ that follows the load: called after each reap, grows the CQ when it
 * overflowed or was nearly full, and shrinks it after @idle_calls calls in
 * a row found it mostly empty.  The caller sets the first four fields and
 * zeroes the rest once (IO_URING_CQ_AUTOSIZE_INIT); the library keeps its
 * counters in them.
 */
struct io_uring_cq_autosize {
	unsigned int min_entries;	/* shrink no lower */
	unsigned int max_entries;	/* grow no higher (65536 at most) */
	unsigned int idle_calls;	/* 0: never shrink */
	unsigned int flags;		/* 0 */
	/* The library's. */
	unsigned int seen_head;
	unsigned int grown_tail;
	unsigned int idle;
	unsigned int idle_peak;
	unsigned int state;
	unsigned int resv;
};

#define IO_URING_CQ_AUTOSIZE_INIT(min, max, idle_calls) \
	{ (min), (max), (idle_calls), 0, 0, 0, 0, 0, 0, 0 }

int io_uring_cq_autosize(struct io_uring *ring,
			 struct io_uring_cq_autosize *as)
	LIBURING_REGIONS_DECL(io_uring_cq_autosize);

/* Buffer cloning (6.12; offsets and DST_REPLACE 6.13). */
int io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src)
	LIBURING_REGIONS_DECL(io_uring_clone_buffers);
int __io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src,
			     unsigned int flags)
	LIBURING_REGIONS_DECL(__io_uring_clone_buffers);
int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src,
				  unsigned int dst_off, unsigned int src_off,
				  unsigned int nr, unsigned int flags)
	LIBURING_REGIONS_DECL(io_uring_clone_buffers_offset);
int __io_uring_clone_buffers_offset(struct io_uring *dst,
				    struct io_uring *src,
				    unsigned int dst_off, unsigned int src_off,
				    unsigned int nr, unsigned int flags)
	LIBURING_REGIONS_DECL(__io_uring_clone_buffers_offset);

/* Ringless MSG_RING (6.13). */
int io_uring_register_sync_msg(struct io_uring_sqe *sqe)
	LIBURING_REGIONS_DECL(io_uring_register_sync_msg);
int io_uring_sync_msg_ring(int fd, int res, __u64 user_data,
			   unsigned int cqe_flags)
	LIBURING_REGIONS_DECL(io_uring_sync_msg_ring);

/* Support probe: which of the families the running kernel has, which
 * known bugs it has, and why a feature is not usable. */
#define IO_URING_REGIONS_RING		(1U << 0) /* io_uring usable at all */
#define IO_URING_REGIONS_MEM_REGION	(1U << 1)
#define IO_URING_REGIONS_KERNEL_REGION	(1U << 2)
#define IO_URING_REGIONS_REG_WAIT	(1U << 3)
#define IO_URING_REGIONS_RESIZE		(1U << 4)
#define IO_URING_REGIONS_CLONE		(1U << 5)
#define IO_URING_REGIONS_CLONE_OFFSET	(1U << 6)
#define IO_URING_REGIONS_SYNC_MSG	(1U << 7)
#define IO_URING_REGIONS_ALL		0xffU

unsigned int io_uring_regions_probe(void)
	LIBURING_REGIONS_DECL(io_uring_regions_probe);
const char *io_uring_regions_feature_name(unsigned int feature)
	LIBURING_REGIONS_DECL(io_uring_regions_feature_name);

/* Why a feature is not usable: io_uring_regions_probe_why(). */
#define IO_URING_REGIONS_WHY_USABLE	0 /* it is usable */
#define IO_URING_REGIONS_WHY_KERNEL	1 /* this kernel lacks it */
#define IO_URING_REGIONS_WHY_NO_IO_URING 2 /* no io_uring system calls */
#define IO_URING_REGIONS_WHY_SYSCTL	3 /* kernel.io_uring_disabled */
#define IO_URING_REGIONS_WHY_SECCOMP	4 /* refused by a seccomp filter */
#define IO_URING_REGIONS_WHY_DENIED	5 /* refused otherwise (-EPERM) */
#define IO_URING_REGIONS_WHY_MEMLOCK	6 /* RLIMIT_MEMLOCK too small */
#define IO_URING_REGIONS_WHY_NOFILE	7 /* out of file descriptors */
#define IO_URING_REGIONS_WHY_NOMEM	8 /* out of memory */
#define IO_URING_REGIONS_WHY_OTHER	9 /* another error */

int io_uring_regions_probe_why(unsigned int feature)
	LIBURING_REGIONS_DECL(io_uring_regions_probe_why);
const char *io_uring_regions_why_name(int why)
	LIBURING_REGIONS_DECL(io_uring_regions_why_name);

/* Known kernel bugs, each found by trying it: io_uring_regions_probe_bugs(). */
#define IO_URING_REGIONS_BUG_REG_WAIT_LAST_SLOT	(1U << 0) /* reads slot 0 */
#define IO_URING_REGIONS_BUG_RESIZE_SAME_SIZE	(1U << 1) /* a no-op */
#define IO_URING_REGIONS_BUG_RESIZE_BIG_ENTRIES	(1U << 2) /* SQE128/CQE32 */
#define IO_URING_REGIONS_BUG_CLONE_REPLACE_TAIL	(1U << 3) /* DST_REPLACE */
#define IO_URING_REGIONS_BUG_MSG_RING_CQE32	(1U << 4) /* CQE_F_32 */
#define IO_URING_REGIONS_BUG_ALL		0x1fU

unsigned int io_uring_regions_probe_bugs(void)
	LIBURING_REGIONS_DECL(io_uring_regions_probe_bugs);
const char *io_uring_regions_bug_name(unsigned int bug)
	LIBURING_REGIONS_DECL(io_uring_regions_bug_name);

/* IORING_REGISTER_QUERY's (6.18) answer on opcodes and flags. */
struct io_uring_regions_query {
	__u32 nr_request_opcodes;	/* IORING_OP_* below this exist */
	__u32 nr_register_opcodes;	/* IORING_REGISTER_* below this */
	__u64 feature_flags;		/* IORING_FEAT_* */
	__u64 setup_flags;		/* IORING_SETUP_* */
	__u64 enter_flags;		/* IORING_ENTER_* */
	__u64 sqe_flags;		/* IOSQE_* */
	__u32 nr_query_opcodes;
	__u32 resv;
};

int io_uring_regions_query(struct io_uring_regions_query *q)
	LIBURING_REGIONS_DECL(io_uring_regions_query);
unsigned int io_uring_regions_query_features(const struct io_uring_regions_query *q,
					     unsigned int *decided)
	LIBURING_REGIONS_DECL(io_uring_regions_query_features);

/*
 * A message whose CQE carries @cqe_flags.  For the standalone core, and
 * beside liburing 2.3, which predates it (2.4 added it and the version
 * macros together).
 */
#if !defined(LIB_URING_H) || !defined(IO_URING_VERSION_MAJOR)
static inline void io_uring_prep_msg_ring_cqe_flags(struct io_uring_sqe *sqe,
						    int fd, unsigned int len,
						    __u64 data,
						    unsigned int flags,
						    unsigned int cqe_flags)
{
	io_uring_prep_msg_ring(sqe, fd, len, data,
			       flags | IORING_MSG_RING_FLAGS_PASS);
	sqe->file_index = cqe_flags;
}
#endif

#ifdef __cplusplus
}
#endif

#endif /* LIBURING_REGIONS_H */
