# SPDX-License-Identifier: GPL-2.0
#
# kdbg's front door: builds kdbgmod.ko (through Kbuild) and user/kdbgctl,
# and runs the demo, the tests and the benchmarks.
#
#   make            module and kdbgctl (KDIR=... to pick the kernel tree)
#   make check      every test suite (cmocka, conformance, KUnit, guest
#                   integration on the stock and the debug kernel, static)
#   make demo       the used-by sequence in a throwaway VM
#   make bench      benchmarks against ftrace, bpftrace and perf
#   make install    kdbgctl, man page, completion and the DKMS source tree
#   make dkms       make install, then DKMS builds kdbgmod for every kernel
#   make deb        the Debian package (build/deb/kdbg_VERSION-1_ARCH.deb)
#   make clean

ifneq ($(KERNELRELEASE),)
include $(src)/Kbuild
else

SHELL := /bin/bash
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; \
	if [ -f $$d/Makefile ]; then echo $$d; \
	else bash -c '. scripts/lib.sh && stock_kdir' 2>/dev/null; fi)

CC ?= gcc
PKGS := libmnl libprotobuf-c zlib libelf
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# user/ has three rooms: cmd/ (one file per kdbgctl object or command),
# core/ (netlink, output and symbol plumbing), fold/ (the fold and render
# library: parsers, the table, folded/SVG/pprof writers).
USER_DIRS := user/cmd user/core user/fold
USER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	-Iinclude/uapi $(addprefix -I,$(USER_DIRS)) $(CFLAGS)
USER_LDLIBS = $(PKG_LIBS) -lm

PROTOS := $(wildcard user/fold/*.proto)
PROTO_C := $(PROTOS:.proto=.pb-c.c)
PROTO_H := $(PROTOS:.proto=.pb-c.h)
USER_SRCS := $(sort $(filter-out %.pb-c.c,$(wildcard $(addsuffix /*.c,$(USER_DIRS)))) $(PROTO_C))
USER_OBJS := $(USER_SRCS:.c=.o)
USER_LIB_OBJS := $(filter-out user/cmd/main.o,$(USER_OBJS))
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRCS:.c=)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:.c=)

.PHONY: all module user tests clean check demo bench deps install dkms deb FORCE

all: module user

module:
	@echo "kdbg: building kdbgmod.ko against $(KDIR)"
	@test -f $(KDIR)/Makefile || { echo "kdbg: error: no kernel tree at '$(KDIR)'; run scripts/deps.sh or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M="$$(scripts/kbuild-path.sh .)" W=1 modules

user: user/kdbgctl

# Explicit (static pattern) rules: the generated header must be a known
# target, or make drops the user/%.o rule that depends on it.
$(PROTO_C): %.pb-c.c: %.proto
	cd $(dir $<) && protoc-c --c_out=. $(notdir $<)
$(PROTO_H): %.pb-c.h: %.pb-c.c
	@test -f $@

user/%.o: user/%.c $(PROTO_H) $(wildcard $(addsuffix /*.h,$(USER_DIRS))) include/uapi/linux/kdbg.h
	$(CC) $(USER_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# protoc-c's output is not ours to keep -Wextra clean.
user/%.pb-c.o: user/%.pb-c.c
	$(CC) $(filter-out -Wextra,$(USER_CFLAGS)) $(PKG_CFLAGS) -c -o $@ $<

# The system call names, from the uapi headers this build uses.
SYSCALL_NAMES := build/gen/syscall_names.h
$(SYSCALL_NAMES): scripts/gen-syscall-names.sh
	@mkdir -p $(dir $@)
	scripts/gen-syscall-names.sh "$(CC)" > $@.tmp && mv $@.tmp $@
user/core/syscalls.o: $(SYSCALL_NAMES)

user/kdbgctl: $(USER_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(USER_LDLIBS)

tests: $(TEST_BINS) $(TOOL_BINS) user/kdbgctl-asan

# kdbgctl under AddressSanitizer and UBSan, for the tests that hunt memory
# errors under load (62-stats-under-load); built from the sources in one
# step, so it shares no object with the real binary.
user/kdbgctl-asan: $(USER_SRCS) $(PROTO_H) $(SYSCALL_NAMES) $(wildcard $(addsuffix /*.h,$(USER_DIRS))) include/uapi/linux/kdbg.h
	$(CC) $(filter-out -O2,$(USER_CFLAGS)) -O1 -fno-omit-frame-pointer \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined \
		$(PKG_CFLAGS) -o $@ $(USER_SRCS) $(USER_LDLIBS)

tests/test_%: tests/test_%.c $(USER_LIB_OBJS)
	$(CC) $(USER_CFLAGS) $(PKG_CFLAGS) -o $@ $^ $(USER_LDLIBS) -lcmocka

# profile's workload: a frame in every function for the user stack walk
# (gcc 12 drops leaf frames at -O1 even with -fno-omit-frame-pointer),
# and none of kdbgctl's objects.
tests/tools/kdbg_hot: tests/tools/kdbg_hot.c
	$(CC) -std=gnu11 -O0 -g -Wall -Wextra -Werror -fno-omit-frame-pointer -o $@ $<

# the fuzzers' shared message builder
tests/tools/kdbg_nlclient tests/tools/kdbg_nlfuzz: tests/tools/nla_buf.h

tests/tools/%: tests/tools/%.c $(USER_LIB_OBJS)
	$(CC) $(USER_CFLAGS) $(PKG_CFLAGS) $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null) \
		-o $@ $(filter-out %.h,$^) $(USER_LDLIBS) $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)

deps:
	@scripts/deps.sh

check: deps
	@scripts/check.sh

demo: deps
	@scripts/demo.sh

bench: deps
	@scripts/deps.sh --bench
	@scripts/bench.sh

# One version, kdbgctl's: the DKMS tree is /usr/src/kdbg-$(KDBG_VERSION).
KDBG_VERSION := $(shell sed -n 's/^\#define KDBG_VERSION "\(.*\)"$$/\1/p' user/cmd/main.c)
PREFIX ?= /usr/local
ZSH_COMPDIR ?= $(PREFIX)/share/zsh/site-functions
DKMS_SRC := /usr/src/kdbg-$(KDBG_VERSION)
DKMS_FILES := Kbuild include/uapi/linux/kdbg.h $(wildcard module/*.[ch])

install: user
	install -D -m 0755 user/kdbgctl $(DESTDIR)$(PREFIX)/sbin/kdbgctl
	install -D -m 0644 user/kdbgctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/kdbgctl.8
	install -D -m 0644 user/completion/kdbgctl.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/kdbgctl
	install -D -m 0644 user/completion/_kdbgctl $(DESTDIR)$(ZSH_COMPDIR)/_kdbgctl
	rm -rf $(DESTDIR)$(DKMS_SRC)
	for f in $(DKMS_FILES); do install -D -m 0644 $$f $(DESTDIR)$(DKMS_SRC)/$$f || exit; done
	sed 's/#MODULE_VERSION#/$(KDBG_VERSION)/' dkms.conf > $(DESTDIR)$(DKMS_SRC)/dkms.conf

dkms: install
	@scripts/dkms.sh $(KDBG_VERSION)

deb:
	@scripts/deb.sh $(KDBG_VERSION)

clean:
	@if [ -f $(KDIR)/Makefile ]; then $(MAKE) -s -C $(KDIR) M="$$(scripts/kbuild-path.sh .)" clean; fi
	rm -f user/*/*.o user/kdbgctl user/kdbgctl-asan $(PROTO_C) $(PROTO_H) $(TEST_BINS) $(TOOL_BINS)
	rm -rf build

endif
