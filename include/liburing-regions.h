/* SPDX-License-Identifier: MIT */
/*
 * liburing-regions: the io_uring registration features of Linux 6.12 and
 * 6.13+ (memory regions, registered wait arguments, ring resizing, buffer
 * cloning, ringless MSG_RING) and the small ring core they need, with
 * liburing's names and semantics.  Every function returns 0 or a count on
 * success and -errno on failure; none sets errno.
 */
#ifndef LIBURING_REGIONS_H
#define LIBURING_REGIONS_H

#ifdef LIB_URING_H
#error "<liburing.h> was included first: use liburing or liburing-regions, not both"
#endif

#include <sys/select.h>	/* sigset_t, even under strict C99 */
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include <liburing-regions/uapi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LIBURING_REGIONS_VERSION_MAJOR	0
#define LIBURING_REGIONS_VERSION_MINOR	1

/* Library-private bits of struct io_uring.int_flags. */
#define IO_URING_INT_REG_RING		(1U << 0) /* enter_ring_fd is an index */
#define IO_URING_INT_REG_REG_RING	(1U << 1) /* register via the index too */
#define IO_URING_INT_BROKEN		(1U << 2) /* lost its rings in a resize */

struct io_uring_sq {
	unsigned *khead;
	unsigned *ktail;
	unsigned *kflags;
	unsigned *kdropped;
	unsigned *array;	/* NULL on IORING_SETUP_NO_SQARRAY rings */
	struct io_uring_sqe *sqes;

	unsigned sqe_head;	/* first SQE not yet handed to the kernel */
	unsigned sqe_tail;	/* next SQE io_uring_get_sqe() returns */

	size_t ring_sz;
	void *ring_ptr;
	size_t sqes_sz;

	unsigned ring_mask;
	unsigned ring_entries;
	unsigned pad[4];
};

struct io_uring_cq {
	unsigned *khead;
	unsigned *ktail;
	unsigned *kflags;
	unsigned *koverflow;
	struct io_uring_cqe *cqes;

	size_t ring_sz;		/* 0 when the CQ shares the SQ mapping */
	void *ring_ptr;

	unsigned ring_mask;
	unsigned ring_entries;
	unsigned pad[4];
};

struct io_uring {
	struct io_uring_sq sq;
	struct io_uring_cq cq;
	unsigned flags;		/* IORING_SETUP_* the ring was created with */
	int ring_fd;
	unsigned features;	/* IORING_FEAT_* from io_uring_setup() */
	int enter_ring_fd;	/* ring_fd, or its registered index */
	unsigned char int_flags;
	unsigned char pad[3];
	unsigned pad2[4];
};

/* Raw system calls. */
int io_uring_setup(unsigned entries, struct io_uring_params *p);
int io_uring_enter(unsigned fd, unsigned to_submit, unsigned min_complete,
		   unsigned flags, sigset_t *sig);
int io_uring_enter2(unsigned fd, unsigned to_submit, unsigned min_complete,
		    unsigned flags, void *arg, size_t sz);
int io_uring_register(unsigned fd, unsigned opcode, const void *arg,
		      unsigned nr_args);

/* Setup and teardown. */
int io_uring_queue_init(unsigned entries, struct io_uring *ring,
			unsigned flags);
int io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
			       struct io_uring_params *p);
int io_uring_queue_mmap(int fd, struct io_uring_params *p,
			struct io_uring *ring);
void io_uring_queue_exit(struct io_uring *ring);
int io_uring_enable_rings(struct io_uring *ring);
int io_uring_register_ring_fd(struct io_uring *ring);
int io_uring_unregister_ring_fd(struct io_uring *ring);

/* Submission and completion. */
int io_uring_submit(struct io_uring *ring);
int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr);
int io_uring_submit_and_wait_timeout(struct io_uring *ring,
				     struct io_uring_cqe **cqe_ptr,
				     unsigned wait_nr,
				     struct __kernel_timespec *ts,
				     sigset_t *sigmask);
int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			 unsigned wait_nr);
int io_uring_wait_cqe_timeout(struct io_uring *ring,
			      struct io_uring_cqe **cqe_ptr,
			      struct __kernel_timespec *ts);

/* Fixed buffers. */
int io_uring_register_buffers(struct io_uring *ring, const struct iovec *iovecs,
			      unsigned nr_iovecs);
int io_uring_register_buffers_sparse(struct io_uring *ring, unsigned nr);
int io_uring_register_buffers_tags(struct io_uring *ring,
				   const struct iovec *iovecs,
				   const __u64 *tags, unsigned nr);
int io_uring_register_buffers_update_tag(struct io_uring *ring, unsigned off,
					 const struct iovec *iovecs,
					 const __u64 *tags, unsigned nr);
int io_uring_unregister_buffers(struct io_uring *ring);

/* Memory regions (6.13; kernel-allocated memory 6.14). */
int io_uring_register_region(struct io_uring *ring,
			     struct io_uring_mem_region_reg *reg);
void *io_uring_map_region(struct io_uring *ring, size_t size,
			  __u64 reg_flags, int *err);
int io_uring_unmap_region(void *addr, size_t size);

/* Registered wait arguments (6.13). */
int io_uring_submit_and_wait_reg(struct io_uring *ring,
				 struct io_uring_cqe **cqe_ptr,
				 unsigned wait_nr, int reg_index);
int io_uring_register_reg_wait(struct io_uring *ring,
			       struct io_uring_reg_wait *reg, int nr);
int io_uring_register_wait_reg(struct io_uring *ring,
			       struct io_uring_reg_wait *reg, int nr);
struct io_uring_reg_wait *io_uring_setup_reg_wait(struct io_uring *ring,
						  unsigned nentries, int *err);
void io_uring_free_reg_wait(struct io_uring_reg_wait *reg, unsigned nentries);

/* Ring resizing (6.13). */
int io_uring_resize_rings(struct io_uring *ring, struct io_uring_params *p);

/* Buffer cloning (6.12; offsets and DST_REPLACE 6.13). */
int io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src);
int __io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src,
			     unsigned int flags);
int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src,
				  unsigned int dst_off, unsigned int src_off,
				  unsigned int nr, unsigned int flags);
int __io_uring_clone_buffers_offset(struct io_uring *dst,
				    struct io_uring *src,
				    unsigned int dst_off, unsigned int src_off,
				    unsigned int nr, unsigned int flags);

/* Ringless MSG_RING (6.13). */
int io_uring_register_sync_msg(struct io_uring_sqe *sqe);
int io_uring_sync_msg_ring(int fd, int res, __u64 user_data,
			   unsigned int cqe_flags);

/* Support probe: which of the families the running kernel has. */
#define IO_URING_REGIONS_RING		(1U << 0) /* io_uring usable at all */
#define IO_URING_REGIONS_MEM_REGION	(1U << 1)
#define IO_URING_REGIONS_KERNEL_REGION	(1U << 2)
#define IO_URING_REGIONS_REG_WAIT	(1U << 3)
#define IO_URING_REGIONS_RESIZE		(1U << 4)
#define IO_URING_REGIONS_CLONE		(1U << 5)
#define IO_URING_REGIONS_CLONE_OFFSET	(1U << 6)
#define IO_URING_REGIONS_SYNC_MSG	(1U << 7)
#define IO_URING_REGIONS_ALL		0xffU

unsigned int io_uring_regions_probe(void);
const char *io_uring_regions_feature_name(unsigned int feature);

/*
 * Inline helpers: the hot path, as in liburing.
 */
#define io_uring_smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define io_uring_smp_store_release(p, v) \
	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

/* Index of CQE number @ptr in cq.cqes (a CQE32 takes two slots). */
#define io_uring_cqe_index(ring, ptr, mask) \
	(((ptr) & (mask)) << (((ring)->flags & IORING_SETUP_CQE32) ? 1 : 0))

/*
 * Walks the ready CQEs without consuming them; io_uring_cq_advance() does
 * that afterwards for the number seen.
 */
#define io_uring_for_each_cqe(ring, head, cqe)				\
	for ((head) = *(ring)->cq.khead;				\
	     ((cqe) = ((head) != io_uring_smp_load_acquire((ring)->cq.ktail) ? \
		&(ring)->cq.cqes[io_uring_cqe_index(ring, head,		\
						    (ring)->cq.ring_mask)] : \
		(struct io_uring_cqe *)0));				\
	     (head)++)

static inline unsigned io_uring_sq_ready(const struct io_uring *ring)
{
	return ring->sq.sqe_tail - io_uring_smp_load_acquire(ring->sq.khead);
}

static inline unsigned io_uring_sq_space_left(const struct io_uring *ring)
{
	return ring->sq.ring_entries - io_uring_sq_ready(ring);
}

static inline unsigned io_uring_cq_ready(const struct io_uring *ring)
{
	return io_uring_smp_load_acquire(ring->cq.ktail) - *ring->cq.khead;
}

static inline void io_uring_cq_advance(struct io_uring *ring, unsigned nr)
{
	if (nr)
		io_uring_smp_store_release(ring->cq.khead,
					   *ring->cq.khead + nr);
}

static inline void io_uring_cqe_seen(struct io_uring *ring,
				     struct io_uring_cqe *cqe)
{
	if (cqe)
		io_uring_cq_advance(ring, 1);
}

static inline struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned head = io_uring_smp_load_acquire(sq->khead);
	unsigned tail = sq->sqe_tail;

	if (tail - head >= sq->ring_entries)
		return (struct io_uring_sqe *)0;
	sq->sqe_tail = tail + 1;
	return &sq->sqes[(tail & sq->ring_mask) <<
			 ((ring->flags & IORING_SETUP_SQE128) ? 1 : 0)];
}

/* Returns the first ready CQE without waiting; -EAGAIN when there is none. */
static inline int io_uring_peek_cqe(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr)
{
	unsigned head = *ring->cq.khead;

	if (io_uring_smp_load_acquire(ring->cq.ktail) != head) {
		*cqe_ptr = &ring->cq.cqes[io_uring_cqe_index(ring, head,
							ring->cq.ring_mask)];
		return 0;
	}
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 0);
}

static inline int io_uring_wait_cqe(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr)
{
	unsigned head = *ring->cq.khead;

	if (io_uring_smp_load_acquire(ring->cq.ktail) != head) {
		*cqe_ptr = &ring->cq.cqes[io_uring_cqe_index(ring, head,
							ring->cq.ring_mask)];
		return 0;
	}
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 1);
}

static inline void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data)
{
	sqe->user_data = (__u64)(uintptr_t)data;
}

static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe,
					   __u64 data)
{
	sqe->user_data = data;
}

static inline void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe)
{
	return (void *)(uintptr_t)cqe->user_data;
}

static inline __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe)
{
	return cqe->user_data;
}

static inline void io_uring_sqe_set_flags(struct io_uring_sqe *sqe,
					  unsigned flags)
{
	sqe->flags = (__u8)flags;
}

/*
 * Sets every field of the first 64 bytes of an SQE; the rest of an SQE128 is
 * untouched.  Field by field rather than memset(): GCC warns about a
 * constant-size memset through a pointer that may be NULL.
 */
static inline void io_uring_prep_rw(int op, struct io_uring_sqe *sqe, int fd,
				    const void *addr, unsigned len,
				    __u64 offset)
{
	sqe->opcode = (__u8)op;
	sqe->flags = 0;
	sqe->ioprio = 0;
	sqe->fd = fd;
	sqe->off = offset;
	sqe->addr = (__u64)(uintptr_t)addr;
	sqe->len = len;
	sqe->rw_flags = 0;
	sqe->user_data = 0;
	sqe->buf_index = 0;
	sqe->personality = 0;
	sqe->file_index = 0;
	sqe->addr3 = 0;
	sqe->__pad2[0] = 0;
}

static inline void io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	io_uring_prep_rw(IORING_OP_NOP, sqe, -1, (const void *)0, 0, 0);
}

static inline void io_uring_prep_read(struct io_uring_sqe *sqe, int fd,
				      void *buf, unsigned nbytes,
				      __u64 offset)
{
	io_uring_prep_rw(IORING_OP_READ, sqe, fd, buf, nbytes, offset);
}

static inline void io_uring_prep_write(struct io_uring_sqe *sqe, int fd,
				       const void *buf, unsigned nbytes,
				       __u64 offset)
{
	io_uring_prep_rw(IORING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

static inline void io_uring_prep_read_fixed(struct io_uring_sqe *sqe, int fd,
					    void *buf, unsigned nbytes,
					    __u64 offset, int buf_index)
{
	io_uring_prep_rw(IORING_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16)buf_index;
}

static inline void io_uring_prep_write_fixed(struct io_uring_sqe *sqe, int fd,
					     const void *buf, unsigned nbytes,
					     __u64 offset, int buf_index)
{
	io_uring_prep_rw(IORING_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16)buf_index;
}

static inline void io_uring_prep_timeout(struct io_uring_sqe *sqe,
					 struct __kernel_timespec *ts,
					 unsigned count, unsigned flags)
{
	io_uring_prep_rw(IORING_OP_TIMEOUT, sqe, -1, ts, 1, count);
	sqe->timeout_flags = flags;
}

/*
 * A data message: the target ring fd gets a CQE with res = len and
 * user_data = data.
 */
static inline void io_uring_prep_msg_ring(struct io_uring_sqe *sqe, int fd,
					  unsigned int len, __u64 data,
					  unsigned int flags)
{
	io_uring_prep_rw(IORING_OP_MSG_RING, sqe, fd,
			 (const void *)(uintptr_t)IORING_MSG_DATA, len, data);
	sqe->msg_ring_flags = flags;
}

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

#ifdef __cplusplus
}
#endif

#endif /* LIBURING_REGIONS_H */
