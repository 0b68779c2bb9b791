/* SPDX-License-Identifier: MIT */
/*
 * The standalone ring core: liburing's struct io_uring, field for field
 * (liburing 2.3 to 2.15 agree), and its core calls with liburing's
 * semantics.  Included by <liburing-regions.h> only when <liburing.h> was
 * not included first; beside liburing, liburing provides all of this.
 */
#ifndef LIBURING_REGIONS_CORE_H
#define LIBURING_REGIONS_CORE_H

#ifndef LIBURING_REGIONS_H
#error "include <liburing-regions.h>, not <liburing-regions/core.h>"
#endif

/*
 * A compiler that stops at the next line with "redefinition of struct
 * io_uring_sq" met <liburing.h> after <liburing-regions.h>: include
 * <liburing.h> first, then <liburing-regions.h>.
 */
struct io_uring_sq {	/* include <liburing.h> before <liburing-regions.h> */
	unsigned *khead;
	unsigned *ktail;
	unsigned *kring_mask;		/* deprecated: use ring_mask */
	unsigned *kring_entries;	/* deprecated: use ring_entries */
	unsigned *kflags;
	unsigned *kdropped;
	unsigned *array;	/* NULL on IORING_SETUP_NO_SQARRAY rings */
	struct io_uring_sqe *sqes;

	unsigned sqe_head;	/* first SQE not yet handed to the kernel */
	unsigned sqe_tail;	/* next SQE io_uring_get_sqe() returns */

	size_t ring_sz;
	void *ring_ptr;

	unsigned ring_mask;
	unsigned ring_entries;

	unsigned sqes_sz;
	unsigned pad;
};

struct io_uring_cq {
	unsigned *khead;
	unsigned *ktail;
	unsigned *kring_mask;		/* deprecated: use ring_mask */
	unsigned *kring_entries;	/* deprecated: use ring_entries */
	unsigned *kflags;
	unsigned *koverflow;
	struct io_uring_cqe *cqes;

	size_t ring_sz;		/* sq.ring_sz when both share one mapping */
	void *ring_ptr;

	unsigned ring_mask;
	unsigned ring_entries;

	unsigned pad[2];
};

struct io_uring {
	struct io_uring_sq sq;
	struct io_uring_cq cq;
	unsigned flags;		/* IORING_SETUP_* the ring was created with */
	int ring_fd;

	unsigned features;	/* IORING_FEAT_* from io_uring_setup() */
	int enter_ring_fd;	/* ring_fd, or its registered index */
	__u8 int_flags;		/* liburing's private bits */
	__u8 pad[3];
	unsigned pad2;
};

/* Raw system calls. */
int io_uring_setup(unsigned entries, struct io_uring_params *p)
	LIBURING_REGIONS_DECL(io_uring_setup);
int io_uring_enter(unsigned fd, unsigned to_submit, unsigned min_complete,
		   unsigned flags, sigset_t *sig)
	LIBURING_REGIONS_DECL(io_uring_enter);
int io_uring_enter2(unsigned fd, unsigned to_submit, unsigned min_complete,
		    unsigned flags, void *arg, size_t sz)
	LIBURING_REGIONS_DECL(io_uring_enter2);
int io_uring_register(unsigned fd, unsigned opcode, const void *arg,
		      unsigned nr_args)
	LIBURING_REGIONS_DECL(io_uring_register);

/* Setup and teardown. */
int io_uring_queue_init(unsigned entries, struct io_uring *ring,
			unsigned flags)
	LIBURING_REGIONS_DECL(io_uring_queue_init);
int io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
			       struct io_uring_params *p)
	LIBURING_REGIONS_DECL(io_uring_queue_init_params);
int io_uring_queue_mmap(int fd, struct io_uring_params *p,
			struct io_uring *ring)
	LIBURING_REGIONS_DECL(io_uring_queue_mmap);
void io_uring_queue_exit(struct io_uring *ring)
	LIBURING_REGIONS_DECL(io_uring_queue_exit);
int io_uring_enable_rings(struct io_uring *ring)
	LIBURING_REGIONS_DECL(io_uring_enable_rings);
int io_uring_register_restrictions(struct io_uring *ring,
				   struct io_uring_restriction *res,
				   unsigned int nr_res)
	LIBURING_REGIONS_DECL(io_uring_register_restrictions);
int io_uring_register_ring_fd(struct io_uring *ring)
	LIBURING_REGIONS_DECL(io_uring_register_ring_fd);
int io_uring_unregister_ring_fd(struct io_uring *ring)
	LIBURING_REGIONS_DECL(io_uring_unregister_ring_fd);

/* Submission and completion. */
int io_uring_submit(struct io_uring *ring)
	LIBURING_REGIONS_DECL(io_uring_submit);
int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr)
	LIBURING_REGIONS_DECL(io_uring_submit_and_wait);
int io_uring_submit_and_wait_timeout(struct io_uring *ring,
				     struct io_uring_cqe **cqe_ptr,
				     unsigned wait_nr,
				     struct __kernel_timespec *ts,
				     sigset_t *sigmask)
	LIBURING_REGIONS_DECL(io_uring_submit_and_wait_timeout);
int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			 unsigned wait_nr)
	LIBURING_REGIONS_DECL(io_uring_wait_cqe_nr);
int io_uring_wait_cqe_timeout(struct io_uring *ring,
			      struct io_uring_cqe **cqe_ptr,
			      struct __kernel_timespec *ts)
	LIBURING_REGIONS_DECL(io_uring_wait_cqe_timeout);

/* Fixed buffers. */
int io_uring_register_buffers(struct io_uring *ring, const struct iovec *iovecs,
			      unsigned nr_iovecs)
	LIBURING_REGIONS_DECL(io_uring_register_buffers);
int io_uring_register_buffers_sparse(struct io_uring *ring, unsigned nr)
	LIBURING_REGIONS_DECL(io_uring_register_buffers_sparse);
int io_uring_register_buffers_tags(struct io_uring *ring,
				   const struct iovec *iovecs,
				   const __u64 *tags, unsigned nr)
	LIBURING_REGIONS_DECL(io_uring_register_buffers_tags);
int io_uring_register_buffers_update_tag(struct io_uring *ring, unsigned off,
					 const struct iovec *iovecs,
					 const __u64 *tags, unsigned nr)
	LIBURING_REGIONS_DECL(io_uring_register_buffers_update_tag);
int io_uring_unregister_buffers(struct io_uring *ring)
	LIBURING_REGIONS_DECL(io_uring_unregister_buffers);

/*
 * Inline helpers: the hot path, as in liburing.  Conversions are spelled
 * the C++ way under C++, so that -Wold-style-cast and
 * -Wzero-as-null-pointer-constant stay quiet.
 */
#ifdef __cplusplus
#define LIBURING_REGIONS_CAST(type, v)	static_cast<type>(v)
#define LIBURING_REGIONS_U64(ptr) \
	static_cast<__u64>(reinterpret_cast<uintptr_t>(ptr))
#define LIBURING_REGIONS_PTR(u64) \
	reinterpret_cast<void *>(static_cast<uintptr_t>(u64))
#define LIBURING_REGIONS_NULL		nullptr
#else
#define LIBURING_REGIONS_CAST(type, v)	((type)(v))
#define LIBURING_REGIONS_U64(ptr)	((__u64)(uintptr_t)(ptr))
#define LIBURING_REGIONS_PTR(u64)	((void *)(uintptr_t)(u64))
#define LIBURING_REGIONS_NULL		NULL
#endif
#define LIBURING_REGIONS_LOAD_ACQUIRE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define LIBURING_REGIONS_STORE_RELEASE(p, v) \
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
	     ((cqe) = ((head) != LIBURING_REGIONS_LOAD_ACQUIRE((ring)->cq.ktail) ? \
		&(ring)->cq.cqes[io_uring_cqe_index(ring, head,		\
						    (ring)->cq.ring_mask)] : \
		LIBURING_REGIONS_NULL));				\
	     (head)++)

static inline unsigned io_uring_sq_ready(const struct io_uring *ring)
{
	return ring->sq.sqe_tail - LIBURING_REGIONS_LOAD_ACQUIRE(ring->sq.khead);
}

static inline unsigned io_uring_sq_space_left(const struct io_uring *ring)
{
	return ring->sq.ring_entries - io_uring_sq_ready(ring);
}

static inline unsigned io_uring_cq_ready(const struct io_uring *ring)
{
	return LIBURING_REGIONS_LOAD_ACQUIRE(ring->cq.ktail) - *ring->cq.khead;
}

/* True while completions wait on the kernel's overflow list: the CQ was
 * full.  A larger CQ (io_uring_resize_rings) takes them all. */
static inline int io_uring_cq_has_overflow(const struct io_uring *ring)
{
	return (LIBURING_REGIONS_LOAD_ACQUIRE(ring->sq.kflags) &
		IORING_SQ_CQ_OVERFLOW) != 0;
}

static inline void io_uring_cq_advance(struct io_uring *ring, unsigned nr)
{
	if (nr)
		LIBURING_REGIONS_STORE_RELEASE(ring->cq.khead,
					       *ring->cq.khead + nr);
}

static inline void io_uring_cqe_seen(struct io_uring *ring,
				     struct io_uring_cqe *cqe)
{
	if (cqe)
		io_uring_cq_advance(ring, 1);
}

/*
 * The next free SQE, with every field that no io_uring_prep_* helper sets
 * cleared (flags, ioprio, rw_flags, buf_index, personality, file_index,
 * addr3), as liburing does; user_data is left for the caller to set.
 */
static inline struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned head = LIBURING_REGIONS_LOAD_ACQUIRE(sq->khead);
	unsigned tail = sq->sqe_tail;
	struct io_uring_sqe *sqe;

	if (tail - head >= sq->ring_entries)
		return LIBURING_REGIONS_NULL;
	sqe = &sq->sqes[(tail & sq->ring_mask) <<
			((ring->flags & IORING_SETUP_SQE128) ? 1 : 0)];
	sq->sqe_tail = tail + 1;
	sqe->flags = 0;
	sqe->ioprio = 0;
	sqe->rw_flags = 0;
	sqe->buf_index = 0;
	sqe->personality = 0;
	sqe->file_index = 0;
	sqe->addr3 = 0;
	sqe->__pad2[0] = 0;
	return sqe;
}

/* Returns the first ready CQE without waiting; -EAGAIN when there is none. */
static inline int io_uring_peek_cqe(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr)
{
	unsigned head = *ring->cq.khead;

	if (LIBURING_REGIONS_LOAD_ACQUIRE(ring->cq.ktail) != head) {
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

	if (LIBURING_REGIONS_LOAD_ACQUIRE(ring->cq.ktail) != head) {
		*cqe_ptr = &ring->cq.cqes[io_uring_cqe_index(ring, head,
							ring->cq.ring_mask)];
		return 0;
	}
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 1);
}

static inline void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data)
{
	sqe->user_data = LIBURING_REGIONS_U64(data);
}

static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe,
					   __u64 data)
{
	sqe->user_data = data;
}

static inline void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe)
{
	return LIBURING_REGIONS_PTR(cqe->user_data);
}

static inline __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe)
{
	return cqe->user_data;
}

static inline void io_uring_sqe_set_flags(struct io_uring_sqe *sqe,
					  unsigned flags)
{
	sqe->flags = LIBURING_REGIONS_CAST(__u8, flags);
}

/*
 * Sets the opcode, fd, address, length and offset, as liburing does; every
 * other field keeps what io_uring_get_sqe() and the caller put there.
 */
static inline void io_uring_prep_rw(int op, struct io_uring_sqe *sqe, int fd,
				    const void *addr, unsigned len,
				    __u64 offset)
{
	sqe->opcode = LIBURING_REGIONS_CAST(__u8, op);
	sqe->fd = fd;
	sqe->off = offset;
	sqe->addr = LIBURING_REGIONS_U64(addr);
	sqe->len = len;
}

static inline void io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	io_uring_prep_rw(IORING_OP_NOP, sqe, -1, LIBURING_REGIONS_NULL, 0, 0);
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
	sqe->buf_index = LIBURING_REGIONS_CAST(__u16, buf_index);
}

static inline void io_uring_prep_write_fixed(struct io_uring_sqe *sqe, int fd,
					     const void *buf, unsigned nbytes,
					     __u64 offset, int buf_index)
{
	io_uring_prep_rw(IORING_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = LIBURING_REGIONS_CAST(__u16, buf_index);
}

static inline void io_uring_prep_timeout(struct io_uring_sqe *sqe,
					 const struct __kernel_timespec *ts,
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
	io_uring_prep_rw(IORING_OP_MSG_RING, sqe, fd, LIBURING_REGIONS_NULL,
			 len, data);
	sqe->msg_ring_flags = flags;
}

/* io_uring_prep_msg_ring_cqe_flags(): in <liburing-regions.h>, for this
 * core and for liburing 2.3, which lacks it. */

#endif /* LIBURING_REGIONS_CORE_H */
