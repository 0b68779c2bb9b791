/* SPDX-License-Identifier: MIT */
/* Ring-core registrations: enabling, the ring fd, fixed buffers. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

__thread unsigned thread_token_value;
__thread unsigned thread_pid_value;
static unsigned last_token;

/* Gives this thread a token unless it has one of this process. */
static void thread_identity(void)
{
	unsigned pid = (unsigned)getpid(), token;

	if (thread_token_value && thread_pid_value == pid)
		return;
	do
		token = __atomic_add_fetch(&last_token, 1, __ATOMIC_RELAXED);
	while (!token);
	thread_token_value = token;
	thread_pid_value = pid;
}

/*
 * A DST_REPLACE clone on a kernel with the clone bug puts the destination's
 * slots after its range back from a copy taken before (clone.c).  The
 * library's calls that change a buffer table hold this lock shared, such a
 * clone holds it alone: it cannot undo them.  Every taker passes the
 * turnstile first, and the clone keeps it while it waits, so a stream of
 * updates cannot starve it (rwlocks prefer readers in glibc and musl).
 */
static pthread_rwlock_t buffers_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t buffers_turnstile = PTHREAD_MUTEX_INITIALIZER;

void buffers_lock_all(void)
{
	pthread_mutex_lock(&buffers_turnstile);
	pthread_rwlock_wrlock(&buffers_lock);
	pthread_mutex_unlock(&buffers_turnstile);
}

void buffers_unlock_all(void)
{
	pthread_rwlock_unlock(&buffers_lock);
}

/* io_uring_register() of a call that changes @ring's buffer table. */
static int buffers_register(struct io_uring *ring, unsigned opcode,
			    const void *arg, unsigned nr_args)
{
	int ret;

	pthread_mutex_lock(&buffers_turnstile);
	pthread_mutex_unlock(&buffers_turnstile);
	pthread_rwlock_rdlock(&buffers_lock);
	ret = ring_register(ring, opcode, arg, nr_args);
	pthread_rwlock_unlock(&buffers_lock);
	return ret;
}

/*
 * In the child of fork(): no ring registered here yet, and the lock free
 * (whatever held it was another thread).
 */
static void fork_child(void)
{
	thread_token_value = 0;
	thread_pid_value = 0;
	pthread_rwlock_init(&buffers_lock, NULL);
	pthread_mutex_init(&buffers_turnstile, NULL);
}

__attribute__((constructor)) static void watch_forks(void)
{
	pthread_atfork(NULL, NULL, fork_child);
}

int io_uring_enable_rings(struct io_uring *ring)
{
	if (!ring)
		return -EINVAL;
	return ring_register(ring, IORING_REGISTER_ENABLE_RINGS, NULL, 0);
}

int io_uring_register_restrictions(struct io_uring *ring,
				   struct io_uring_restriction *res,
				   unsigned int nr_res)
{
	if (!ring)
		return -EINVAL;
	return ring_register(ring, IORING_REGISTER_RESTRICTIONS, res, nr_res);
}

int io_uring_register_ring_fd(struct io_uring *ring)
{
	struct io_uring_rsrc_update up;
	int ret;

	if (!ring)
		return -EINVAL;
	if (ring->int_flags & INT_FLAGS_REGISTERED)
		return -EEXIST;
	memset(&up, 0, sizeof(up));
	up.offset = -1U;	/* let the kernel pick a free index */
	up.data = (__u64)ring->ring_fd;
	ret = io_uring_register(ring->ring_fd, IORING_REGISTER_RING_FDS,
				&up, 1);
	if (ret != 1)
		return ret < 0 ? ret : -EIO;
	thread_identity();
	ring->enter_ring_fd = (int)up.offset;
	ring->reg_thread = thread_token_value;
	ring->reg_pid = thread_pid_value;
	ring->int_flags |= INT_FLAG_REG_RING;
	if (ring->features & IORING_FEAT_REG_REG_RING)
		ring->int_flags |= INT_FLAG_REG_REG_RING;
	return 1;
}

int io_uring_unregister_ring_fd(struct io_uring *ring)
{
	struct io_uring_rsrc_update up;
	int ret;

	if (!ring)
		return -EINVAL;
	if (!(ring->int_flags & INT_FLAGS_REGISTERED))
		return -EINVAL;
	/* In another thread the index names another ring, or none. */
	if (!registered_here(ring))
		return -EBADF;
	memset(&up, 0, sizeof(up));
	up.offset = (__u32)ring->enter_ring_fd;
	ret = io_uring_register(ring->ring_fd, IORING_UNREGISTER_RING_FDS,
				&up, 1);
	if (ret != 1)
		return ret < 0 ? ret : -EIO;
	ring->enter_ring_fd = ring->ring_fd;
	ring->reg_thread = 0;
	ring->reg_pid = 0;
	ring->int_flags &= ~INT_FLAGS_REGISTERED;
	return 1;
}

int io_uring_register_buffers(struct io_uring *ring, const struct iovec *iovecs,
			      unsigned nr_iovecs)
{
	if (!ring)
		return -EINVAL;
	return buffers_register(ring, IORING_REGISTER_BUFFERS, iovecs,
				nr_iovecs);
}

static int register_buffers2(struct io_uring *ring, const struct iovec *iovecs,
			     const __u64 *tags, unsigned nr, unsigned flags)
{
	struct io_uring_rsrc_register reg;

	if (!ring)
		return -EINVAL;
	memset(&reg, 0, sizeof(reg));
	reg.nr = nr;
	reg.flags = flags;
	reg.data = (__u64)(uintptr_t)iovecs;
	reg.tags = (__u64)(uintptr_t)tags;
	return buffers_register(ring, IORING_REGISTER_BUFFERS2, &reg,
				sizeof(reg));
}

int io_uring_register_buffers_sparse(struct io_uring *ring, unsigned nr)
{
	return register_buffers2(ring, NULL, NULL, nr,
				 IORING_RSRC_REGISTER_SPARSE);
}

int io_uring_register_buffers_tags(struct io_uring *ring,
				   const struct iovec *iovecs,
				   const __u64 *tags, unsigned nr)
{
	return register_buffers2(ring, iovecs, tags, nr, 0);
}

int io_uring_register_buffers_update_tag(struct io_uring *ring, unsigned off,
					 const struct iovec *iovecs,
					 const __u64 *tags, unsigned nr)
{
	struct io_uring_rsrc_update2 up;

	if (!ring)
		return -EINVAL;
	memset(&up, 0, sizeof(up));
	up.offset = off;
	up.data = (__u64)(uintptr_t)iovecs;
	up.tags = (__u64)(uintptr_t)tags;
	up.nr = nr;
	return buffers_register(ring, IORING_REGISTER_BUFFERS_UPDATE, &up,
				sizeof(up));
}

int io_uring_unregister_buffers(struct io_uring *ring)
{
	if (!ring)
		return -EINVAL;
	return buffers_register(ring, IORING_UNREGISTER_BUFFERS, NULL, 0);
}
