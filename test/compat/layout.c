/* SPDX-License-Identifier: MIT */
/*
 * Prints the size of struct io_uring, io_uring_sq and io_uring_cq and the
 * offset, size and type of every field, as the header it is built with
 * defines them: test/layout.sh builds it with liburing's <liburing.h>
 * (-DUSE_LIBURING) and with <liburing-regions.h> and compares.
 */
#include <stddef.h>
#include <stdio.h>
#ifdef USE_LIBURING
#include <liburing.h>
#else
#include <liburing-regions.h>
#endif

#define TYPE_NAME(x) _Generic((x),					\
	unsigned *: "unsigned *",					\
	struct io_uring_sqe *: "struct io_uring_sqe *",		\
	struct io_uring_cqe *: "struct io_uring_cqe *",		\
	size_t: "size_t",						\
	void *: "void *",						\
	unsigned: "unsigned",						\
	int: "int",							\
	__u8: "__u8",							\
	struct io_uring_sq: "struct io_uring_sq",			\
	struct io_uring_cq: "struct io_uring_cq",			\
	default: "?")

#define FIELD(type, f) do {						\
	type s_;							\
	printf("%s.%s offset %zu size %zu type %s\n", #type, #f,	\
	       offsetof(type, f), sizeof(s_.f), TYPE_NAME(s_.f));	\
} while (0)

/* An array field: its element's type. */
#define ARRAY(type, f) do {						\
	type s_;							\
	printf("%s.%s offset %zu size %zu type %s[]\n", #type, #f,	\
	       offsetof(type, f), sizeof(s_.f), TYPE_NAME(s_.f[0]));	\
} while (0)

int main(void)
{
	printf("sizeof struct io_uring_sq %zu\n", sizeof(struct io_uring_sq));
	FIELD(struct io_uring_sq, khead);
	FIELD(struct io_uring_sq, ktail);
	FIELD(struct io_uring_sq, kring_mask);
	FIELD(struct io_uring_sq, kring_entries);
	FIELD(struct io_uring_sq, kflags);
	FIELD(struct io_uring_sq, kdropped);
	FIELD(struct io_uring_sq, array);
	FIELD(struct io_uring_sq, sqes);
	FIELD(struct io_uring_sq, sqe_head);
	FIELD(struct io_uring_sq, sqe_tail);
	FIELD(struct io_uring_sq, ring_sz);
	FIELD(struct io_uring_sq, ring_ptr);
	FIELD(struct io_uring_sq, ring_mask);
	FIELD(struct io_uring_sq, ring_entries);
#ifdef LIBURING_PAD_ONLY	/* liburing 2.3: pad[2] where 2.15 has sqes_sz, pad */
	ARRAY(struct io_uring_sq, pad);
	printf("struct io_uring_sq.sqes_sz pad offset %zu\n",
	       offsetof(struct io_uring_sq, pad));
#else
	FIELD(struct io_uring_sq, sqes_sz);
	FIELD(struct io_uring_sq, pad);
#endif
	printf("sizeof struct io_uring_cq %zu\n", sizeof(struct io_uring_cq));
	FIELD(struct io_uring_cq, khead);
	FIELD(struct io_uring_cq, ktail);
	FIELD(struct io_uring_cq, kring_mask);
	FIELD(struct io_uring_cq, kring_entries);
	FIELD(struct io_uring_cq, kflags);
	FIELD(struct io_uring_cq, koverflow);
	FIELD(struct io_uring_cq, cqes);
	FIELD(struct io_uring_cq, ring_sz);
	FIELD(struct io_uring_cq, ring_ptr);
	FIELD(struct io_uring_cq, ring_mask);
	FIELD(struct io_uring_cq, ring_entries);
	ARRAY(struct io_uring_cq, pad);
	printf("sizeof struct io_uring %zu\n", sizeof(struct io_uring));
	FIELD(struct io_uring, sq);
	FIELD(struct io_uring, cq);
	FIELD(struct io_uring, flags);
	FIELD(struct io_uring, ring_fd);
	FIELD(struct io_uring, features);
	FIELD(struct io_uring, enter_ring_fd);
	FIELD(struct io_uring, int_flags);
	ARRAY(struct io_uring, pad);
	FIELD(struct io_uring, pad2);
	return 0;
}
