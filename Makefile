# liburing-regions.  `make` runs ./configure with its defaults when
# config.mk is missing.
VERSION := 0.1.0
ABI := 0

config.mk:
	./configure

include config.mk

bindir ?= $(prefix)/bin
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra
CPPFLAGS += -Iinclude

LIB_SO := src/liburing-regions.so.$(VERSION)
LIB_SONAME := liburing-regions.so.$(ABI)
LIB_A := src/liburing-regions.a
LIB_SRCS := src/syscall.c src/setup.c src/queue.c src/register.c \
	    src/region.c src/reg_wait.c src/resize.c src/clone.c \
	    src/msg_ring.c src/probe.c
LIB_OBJS := $(LIB_SRCS:.c=.o)
HEADERS := include/liburing-regions.h include/liburing-regions/uapi.h
PROBE := src/uring-regions-probe

# Programs link the shared library of this tree.
LINK_LIB := -Lsrc -luring-regions -Wl,-rpath,$(CURDIR)/src -lpthread $(LDFLAGS)

TEST_SRCS := $(filter-out test/helpers.c,$(wildcard test/*.c))
TESTS := $(TEST_SRCS:.c=)
STRESS := $(patsubst %.c,%,$(wildcard test/stress/*.c))
BENCH_SRCS := $(filter-out bench/bench.c,$(wildcard bench/*.c))
BENCHES := $(BENCH_SRCS:.c=)
EXAMPLE_SRCS := $(wildcard examples/*.c)
EXAMPLES := $(EXAMPLE_SRCS:.c=)

all: $(LIB_A) $(LIB_SO) $(PROBE) $(EXAMPLES) $(TESTS) $(STRESS) $(BENCHES)

src/%.o: src/%.c src/internal.h src/enter.h $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -fPIC -c -o $@ $<

$(LIB_A): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(LIB_SO): $(LIB_OBJS) src/liburing-regions.map
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(LIB_SONAME) \
		-Wl,--version-script=src/liburing-regions.map \
		-o $@ $(LIB_OBJS) $(LDFLAGS)
	ln -sf liburing-regions.so.$(VERSION) src/$(LIB_SONAME)
	ln -sf liburing-regions.so.$(VERSION) src/liburing-regions.so

$(PROBE): src/uring-regions-probe.c $(LIB_SO) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(LINK_LIB)

test/helpers.o: test/helpers.c test/helpers.h $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

test/%: test/%.c test/helpers.o test/helpers.h $(LIB_SO)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< test/helpers.o $(LINK_LIB)

bench/%: bench/%.c bench/bench.c bench/bench.h $(LIB_SO) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< bench/bench.c $(LINK_LIB)

examples/%: examples/%.c $(LIB_SO) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(LINK_LIB)

runtests: all
	CC="$(CC)" LDFLAGS="$(LDFLAGS)" sh test/runtests.sh $(TESTS) test/header-combos.sh test/exports.sh \
		test/install.sh

bench: all
	sh bench/run.sh

# libFuzzer (clang, libclang-rt-14-dev): FUZZ_SECONDS of random input.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZER := test/fuzz/fuzz-register
$(FUZZER): $(FUZZER).c $(LIB_SRCS) src/internal.h src/enter.h $(HEADERS)
	$(FUZZ_CC) -g -O1 -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -Iinclude -o $@ $< $(LIB_SRCS)

fuzz: $(FUZZER)
	d=$$(mktemp -d); ./$(FUZZER) -max_total_time=$(FUZZ_SECONDS) \
		-print_final_stats=1 -rss_limit_mb=4096 $$d test/fuzz/corpus; \
		rc=$$?; rm -rf $$d; exit $$rc

# The suite inside a VM booted with another kernel (default: Debian's 6.1).
runtests-vm: all
	CC="$(CC)" sh test/vm/runtests-vm.sh $(KERNEL)

# Load and fault cases, each bounded to 60 s.
stress: all
	TEST_TIMEOUT=60 sh test/runtests.sh $(STRESS)

check-man: all
	CC="$(CC)" LDFLAGS="$(LDFLAGS)" sh test/check-man.sh

SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	     -fno-sanitize-recover=all
VALGRIND := valgrind -q --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite --suppressions=test/valgrind.supp

# A separate, sanitized build of the library and the tests.
runtests-asan:
	$(MAKE) clean
	$(MAKE) runtests CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined"
	$(MAKE) clean

runtests-valgrind: all
	TEST_WRAPPER="$(VALGRIND)" TEST_UNDER_VALGRIND=1 TEST_TIMEOUT=300 \
		sh test/runtests.sh $(TESTS)

demo: all
	$(PROBE)
	@set -e; for e in $(EXAMPLES); do echo "== $$e"; $$e; done
	@echo "demo: probe and $(words $(EXAMPLES)) examples ran"

install: all
	install -d $(DESTDIR)$(libdir)/pkgconfig $(DESTDIR)$(bindir) \
		$(DESTDIR)$(includedir)/liburing-regions \
		$(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man3 \
		$(DESTDIR)$(mandir)/man7
	install -m 644 $(LIB_A) $(DESTDIR)$(libdir)/
	install -m 755 $(LIB_SO) $(DESTDIR)$(libdir)/
	ln -sf liburing-regions.so.$(VERSION) $(DESTDIR)$(libdir)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(DESTDIR)$(libdir)/liburing-regions.so
	install -m 644 include/liburing-regions.h $(DESTDIR)$(includedir)/
	install -m 644 include/liburing-regions/uapi.h \
		$(DESTDIR)$(includedir)/liburing-regions/
	sed -e 's|@prefix@|$(prefix)|' -e 's|@libdir@|$(libdir)|' \
	    -e 's|@includedir@|$(includedir)|' -e 's|@version@|$(VERSION)|' \
	    liburing-regions.pc.in > $(DESTDIR)$(libdir)/pkgconfig/liburing-regions.pc
	install -m 755 $(PROBE) $(DESTDIR)$(bindir)/
	for s in 1 3 7; do \
		for f in man/*.$$s; do \
			[ -e "$$f" ] || continue; \
			cp -P "$$f" $(DESTDIR)$(mandir)/man$$s/ || exit 1; \
		done; \
	done

uninstall:
	rm -f $(DESTDIR)$(libdir)/liburing-regions.a \
	      $(DESTDIR)$(libdir)/liburing-regions.so* \
	      $(DESTDIR)$(libdir)/pkgconfig/liburing-regions.pc \
	      $(DESTDIR)$(includedir)/liburing-regions.h \
	      $(DESTDIR)$(bindir)/uring-regions-probe
	rm -rf $(DESTDIR)$(includedir)/liburing-regions
	for f in man/*.[137]; do \
		[ -e "$$f" ] || continue; \
		s=$${f##*.}; rm -f $(DESTDIR)$(mandir)/man$$s/$${f##*/}; \
	done

clean:
	rm -f src/*.o src/*.a src/*.so* $(PROBE) test/*.o $(TESTS) $(STRESS) \
	      $(EXAMPLES) $(BENCHES) $(FUZZER)

distclean: clean
	rm -f config.mk

.PHONY: all runtests bench fuzz runtests-vm stress check-man runtests-asan runtests-valgrind demo install uninstall clean distclean
.SECONDARY:
