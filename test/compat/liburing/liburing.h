/* SPDX-License-Identifier: MIT */
/* Test fixture: stands in for liburing's header, which defines this guard. */
#ifndef LIB_URING_H
#define LIB_URING_H
#endif
