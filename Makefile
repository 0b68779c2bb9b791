# liburing-regions.  `make` runs ./configure with its defaults when
# config.mk is missing.
VERSION := 0.2.0
ABI := 1

# The first rule is what plain `make` builds.
all:

config.mk:
	./configure

include config.mk

bindir ?= $(prefix)/bin
datadir ?= $(prefix)/share
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra
OBJCOPY ?= objcopy
# override: a CPPFLAGS given on the command line adds to these.
override CPPFLAGS += -Iinclude $(KERNEL_HEADERS)

# The shared object's file is named after its soname: .so.ABI.MINOR.PATCH.
SO_VERSION := $(ABI).$(word 2,$(subst ., ,$(VERSION))).$(word 3,$(subst ., ,$(VERSION)))
LIB_SO := src/liburing-regions.so.$(SO_VERSION)
LIB_SONAME := liburing-regions.so.$(ABI)
LIB_A := src/liburing-regions.a
LIB_SRCS := src/syscall.c src/setup.c src/queue.c src/register.c \
	    src/region.c src/reg_wait.c src/resize.c src/cq_autosize.c \
	    src/clone.c src/msg_ring.c src/probe.c src/query.c \
	    src/bug_trials.c
LIB_OBJS := $(LIB_SRCS:.c=.o)
HEADERS := include/liburing-regions.h include/liburing-regions/uapi.h \
	   include/liburing-regions/core.h
PROBE := src/uring-regions-probe
# The installed copy: linked without the build tree's runpath.
PROBE_INSTALL := src/install/uring-regions-probe

# Programs link the shared library of this tree, or with LINK=static its
# static library.  src/link-mode, rewritten when LINK changes, relinks them.
LINK ?= shared
$(shell [ "$$(cat src/link-mode 2>/dev/null)" = $(LINK) ] || \
	echo $(LINK) > src/link-mode)
ifeq ($(LINK),static)
LINK_LIB := $(LIB_A) -lpthread $(LDFLAGS)
LINK_DEP := $(LIB_A) src/link-mode
else
LINK_LIB := -Lsrc -luring-regions -Wl,-rpath,$(CURDIR)/src -lpthread $(LDFLAGS)
LINK_DEP := $(LIB_SO) src/link-mode
endif

TEST_SRCS := $(filter-out test/helpers.c test/differential.c,$(wildcard test/*.c))
TESTS := $(TEST_SRCS:.c=)
STRESS := $(patsubst %.c,%,$(wildcard test/stress/*.c))
BENCH_SRCS := $(filter-out bench/bench.c bench/paths.c,$(wildcard bench/*.c))
BENCHES := $(BENCH_SRCS:.c=)
# bench/paths.c built against this library and against liburing 2.15.
BENCH_PATHS := bench/paths-ours bench/paths-liburing
EXAMPLE_SRCS := $(wildcard examples/*.c)
EXAMPLES := $(EXAMPLE_SRCS:.c=)

all: $(LIB_A) $(LIB_SO) $(PROBE) $(PROBE_INSTALL) $(EXAMPLES) $(TESTS) $(STRESS) $(BENCHES)

src/%.o: src/%.c src/internal.h src/enter.h src/syscall.h \
	  $(wildcard src/arch/*/syscall.h) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -fPIC -c -o $@ $<

# One object whose hidden symbols are made local: nothing but the public
# liburing_regions_* names can clash with a program's own symbols.  Its
# section groups are dissolved first: a localized member of a COMDAT group
# (i386's __x86.get_pc_thunk.*) would be discarded in favour of the
# program's copy, leaving our references to it dangling.
$(LIB_A): $(LIB_OBJS)
	rm -f $@ src/liburing-regions.o
	$(CC) -nostdlib -r -Wl,--force-group-allocation \
		-o src/liburing-regions.o $(LIB_OBJS)
	$(OBJCOPY) --localize-hidden src/liburing-regions.o
	$(AR) rcs $@ src/liburing-regions.o

$(LIB_SO): $(LIB_OBJS) src/liburing-regions.map
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(LIB_SONAME) \
		-Wl,--version-script=src/liburing-regions.map \
		-o $@ $(LIB_OBJS) $(LDFLAGS)
	ln -sf liburing-regions.so.$(SO_VERSION) src/$(LIB_SONAME)
	ln -sf liburing-regions.so.$(SO_VERSION) src/liburing-regions.so

$(PROBE): src/uring-regions-probe.c $(LINK_DEP) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(LINK_LIB)

$(PROBE_INSTALL): src/uring-regions-probe.c $(LIB_SO) $(HEADERS)
	@mkdir -p src/install
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< -Lsrc -luring-regions $(LDFLAGS)

test/helpers.o: test/helpers.c test/helpers.h $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

test/%: test/%.c test/helpers.o test/helpers.h $(LINK_DEP)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< test/helpers.o $(LINK_LIB)

bench/%: bench/%.c bench/bench.c bench/bench.h $(LINK_DEP) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< bench/bench.c $(LINK_LIB)

examples/%: examples/%.c $(LINK_DEP) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(LINK_LIB)

# The family tests again beside liburing: Debian's 2.3, 2.9 and 2.15
# (unpacked into .cache by test/deps/liburing.sh, never installed) and the
# system's own where pkg-config finds one; each linked shared, as
# `pkg-config --libs liburing` gives it, and static (liburing.a):
# <liburing.h> first, liburing's ring core, this library's families.  The
# sets are got at test time by test/deps/beside-sets.sh: one that cannot
# be had (no apt-get, no archive, no system liburing) gets stubs that skip
# with the reason, and only the others are built, by one rule pair each.
FAMILY_TESTS := region reg-wait resize resize-mapfail resize-mmap clone \
		msg-ring probe bad-region bad-reg-wait bad-resize bad-clone \
		bad-msg-ring restrictions after-exit cq-autosize
LIBURING_VERSIONS := 2.3 2.9 2.15
BESIDE_SETS := $(foreach v,$(LIBURING_VERSIONS) system,$(v)-shared $(v)-static)
BESIDE_TESTS := $(foreach s,$(BESIDE_SETS),$(addprefix test/beside-$(s)/,$(FAMILY_TESTS)))
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
liburing_root = .cache/liburing-$(1)/root
liburing_lib = $(call liburing_root,$(1))/usr/lib/$(MULTIARCH)/liburing.a

.cache/liburing-%/stamp:
	sh test/deps/liburing.sh $* >/dev/null

# BESIDE_CFLAGS_<set>, BESIDE_LIBS_<set>
-include $(wildcard $(BESIDE_SETS:%=test/beside-%/flags.mk))

define beside_liburing
test/beside-$(1)/%.o: test/%.c test/helpers.h $(HEADERS) test/beside-$(1)/flags.mk
	$$(CC) $$(CPPFLAGS) -DTEST_BESIDE_LIBURING $$(BESIDE_CFLAGS_$(1)) \
		$$(CFLAGS) $$(WARN) -c -o $$@ $$<
test/beside-$(1)/%: test/beside-$(1)/%.o test/beside-$(1)/helpers.o $(LINK_DEP)
	$$(CC) $$(CFLAGS) -o $$@ $$< test/beside-$(1)/helpers.o \
		$$(BESIDE_LIBS_$(1)) $$(LINK_LIB)
endef
$(foreach s,$(BESIDE_SETS),$(eval $(call beside_liburing,$(s))))

# A test that does not build is missing, and fails in the suite.
beside-tests: all
	@sets=$$(FAMILY_TESTS="$(FAMILY_TESTS)" CC="$(CC)" \
		sh test/deps/beside-sets.sh $(BESIDE_SETS)) && \
	$(MAKE) --no-print-directory -k beside-build BESIDE_READY="$$sets" || \
	echo "beside-tests: not all built; those missing fail in the suite"

beside-build: $(foreach s,$(BESIDE_READY),$(addprefix test/beside-$(s)/,$(FAMILY_TESTS)))

# Everything that builds against Debian's liburing (amd64, glibc): left
# out with BESIDE=no, for the -m32 and musl builds.
BESIDE ?= yes
ifeq ($(BESIDE),yes)
LIBURING_SUITE := beside-tests
LIBURING_CHECKS := $(BESIDE_TESTS) test/layout.sh test/collisions.sh \
		   test/beside-link.sh test/differential.sh test/beside-example.sh
LIBURING_CHECKS += test/int-flags.sh test/wait-reg-ext-arg.sh
endif

runtests: all $(LIBURING_SUITE)
	CC="$(CC)" LDFLAGS="$(LDFLAGS)" KERNEL_HEADERS="$(KERNEL_HEADERS)" \
		sh test/runtests.sh $(TESTS) \
		$(LIBURING_CHECKS) test/header-combos.sh test/exports.sh \
		test/build.sh test/vm-tools.sh \
		test/install.sh

# Both static, bound at start-up (no lazy binding inside the loops).
bench/paths-ours: bench/paths.c $(LIB_A) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(LIB_A) -lpthread \
		-Wl,-z,now $(LDFLAGS)
bench/paths-liburing: bench/paths.c .cache/liburing-2.15/stamp
	$(CC) -D_GNU_SOURCE -DUSE_LIBURING \
		-I$(call liburing_root,2.15)/usr/include \
		-idirafter .cache/liburing-2.15/linux-include $(CFLAGS) $(WARN) -o $@ $< $(call liburing_lib,2.15) \
		-Wl,-z,now $(LDFLAGS)

bench: all $(BENCH_PATHS)
	sh bench/run.sh

# libFuzzer (clang, libclang-rt-14-dev): FUZZ_SECONDS of random input.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZER := test/fuzz/fuzz-register
$(FUZZER): $(FUZZER).c $(LIB_SRCS) src/internal.h src/enter.h src/syscall.h \
	    $(wildcard src/arch/*/syscall.h) $(HEADERS)
	$(FUZZ_CC) -g -O1 -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -Iinclude -o $@ $< $(LIB_SRCS)

fuzz: $(FUZZER)
	d=$$(mktemp -d); ./$(FUZZER) -max_total_time=$(FUZZ_SECONDS) \
		-print_final_stats=1 -rss_limit_mb=4096 $$d test/fuzz/corpus; \
		rc=$$?; rm -rf $$d; exit $$rc

# The suite inside a VM booted with another kernel (default: Debian's 6.1).
runtests-vm: all
	CC="$(CC)" sh test/vm/runtests-vm.sh $(KERNEL)

# The suite under the newest Debian kernel of each series, 6.1 to the
# newest, and the newest on arm64 (cross-built); writes docs/kernels.md.
# KERNELS="6.1 7.3" and KERNELS_ARCH=amd64 narrow it.
runtests-kernels: all
	CC="$(CC)" TESTS="$(TESTS)" LIB_SRCS="$(LIB_SRCS)" \
		sh test/vm/runtests-kernels.sh

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
	$(MAKE) runtests BESIDE=no CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined"
	$(MAKE) clean

# The library and the tests built with -fsanitize=thread: the threaded
# tests and the stress programs; any report fails the test.
TSAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=thread
# The SQ fences order the library's stores against the kernel, which TSan
# cannot see anyway: gcc's -Wtsan would warn at each.
TSAN_FLAGS += $(shell $(CC) -Werror -Wno-tsan -E -x c /dev/null \
		>/dev/null 2>&1 && echo -Wno-tsan)
TSAN_TESTS := test/core-threads test/core-fork test/core-wait-errors \
	      test/clone-keep-tail test/clone-keep-tail-race test/probe \
	      test/msg-ring test/kernel-bugs test/bad-clone test/bad-region \
	      test/bad-reg-wait test/bad-resize
runtests-tsan:
	$(MAKE) clean
	$(MAKE) all BESIDE=no CFLAGS="$(TSAN_FLAGS)" LDFLAGS="-fsanitize=thread"
	TSAN_OPTIONS="halt_on_error=1 exitcode=66 $(TSAN_OPTIONS)" \
		TEST_TIMEOUT=300 sh test/runtests.sh $(TSAN_TESTS) $(STRESS)
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
	ln -sf liburing-regions.so.$(SO_VERSION) $(DESTDIR)$(libdir)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(DESTDIR)$(libdir)/liburing-regions.so
	install -m 644 include/liburing-regions.h $(DESTDIR)$(includedir)/
	install -m 644 include/liburing-regions/uapi.h \
		include/liburing-regions/core.h \
		$(DESTDIR)$(includedir)/liburing-regions/
	sed -e 's|@prefix@|$(prefix)|' -e 's|@libdir@|$(libdir)|' \
	    -e 's|@includedir@|$(includedir)|' -e 's|@version@|$(VERSION)|' \
	    liburing-regions.pc.in > $(DESTDIR)$(libdir)/pkgconfig/liburing-regions.pc
	install -m 755 $(PROBE_INSTALL) $(DESTDIR)$(bindir)/
	install -d $(DESTDIR)$(datadir)/liburing-regions
	install -m 644 test/valgrind.supp \
		$(DESTDIR)$(datadir)/liburing-regions/valgrind.supp
	sh man/install.sh install $(DESTDIR)$(mandir)

uninstall:
	rm -f $(DESTDIR)$(libdir)/liburing-regions.a \
	      $(DESTDIR)$(libdir)/liburing-regions.so* \
	      $(DESTDIR)$(libdir)/pkgconfig/liburing-regions.pc \
	      $(DESTDIR)$(includedir)/liburing-regions.h \
	      $(DESTDIR)$(bindir)/uring-regions-probe
	rm -rf $(DESTDIR)$(includedir)/liburing-regions \
	       $(DESTDIR)$(datadir)/liburing-regions
	sh man/install.sh uninstall $(DESTDIR)$(mandir)

# Release checks, each in its own copy of the tree under .build/:
# make deb         the Debian packages (.build/deb): lintian, dpkg -i, a
#                  program built with pkg-config, dpkg --purge (root)
# make check-abi   abidiff against src/liburing-regions.abi; the headers,
#                  the version script, the symbols file and it agree
# make abi-baseline  moves the baseline and debian's symbols file (releasing)
# make coverage    the suite and the stress tests under gcov: gcovr per file
deb:
	sh test/deb.sh

check-abi:
	sh test/check-abi.sh

abi-baseline:
	sh test/check-abi.sh --update

coverage:
	sh test/coverage.sh

.PHONY: deb check-abi abi-baseline coverage

clean:
	rm -rf $(addprefix test/beside-,$(BESIDE_SETS) $(LIBURING_VERSIONS))
	rm -rf src/install
	rm -f src/*.o src/*.a src/*.so* src/link-mode $(PROBE) test/*.o $(TESTS) $(STRESS) \
	      $(EXAMPLES) $(BENCHES) $(BENCH_PATHS) $(FUZZER)

distclean: clean
	rm -rf config.mk .build

.PHONY: all beside-tests beside-build runtests bench fuzz runtests-vm runtests-kernels stress check-man runtests-asan runtests-valgrind demo install uninstall clean distclean
.PHONY: runtests-tsan
.SECONDARY:
