# mip6lab top-level Makefile.
# Each directory contributes a module.mk that appends to BINS (programs) and
# UNIT_TESTS (cmocka test programs) and owns its own rules; objects go to $(BUILD).
BUILD   ?= build
CC      ?= gcc
CFLAGS  ?= -O2 -g
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -MMD -MP -D_GNU_SOURCE -Icommon
LDLIBS  ?=
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

ifeq ($(V),1)
Q :=
else
Q := @
endif

BINS       :=
UNIT_TESTS :=

# `make` alone builds everything, whatever rules the module.mk files define first.
.DEFAULT_GOAL := all

include $(sort $(wildcard */module.mk))

.PHONY: all unit asan e2e e2e-full test deps bench bench-lab bench-smoke layering clean install uninstall docs-test verdict-campaign
all: $(BINS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# Unit tests: every cmocka program, one summary line.
unit: $(UNIT_TESTS)
	$(Q)tests/run-unit $(UNIT_TESTS)

# The same unit tests built and run under AddressSanitizer + UBSan.
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" unit

# Layering rules (tests/layering): no include or call cycle, common/ at the bottom. The
# self-test runs first: a check that stopped catching anything would pass unnoticed.
layering: all
	$(Q)tests/layering --self-test
	$(Q)tests/layering --build $(BUILD)

# End-to-end tests: bring the lab up (VM backend unless forced) and check the wire.
e2e: all
	$(Q)tests/e2e/run

# The same, with every scenario of the library checked (check-verdict.sh's --check all):
# two minutes more than make test can carry.
e2e-full: all
	$(Q)MIP6LAB_E2E_FULL=1 tests/e2e/run

# A fresh machine: install what the tests need first (tests/ensure-deps says what and why).
deps:
	$(Q)tests/ensure-deps

# The builds, and the two short fuzz runs side by side, on every CPU (JOBS, default all
# of them); the tests themselves one at a time, their output in order.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
test: deps
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all
	$(Q)$(MAKE) --no-print-directory layering
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) unit
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) asan
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target analysis-fuzz-short daemon-fuzz-short
	$(Q)$(MAKE) --no-print-directory bench-smoke
	$(Q)$(MAKE) --no-print-directory docs-test
	$(Q)$(MAKE) --no-print-directory e2e

# End-to-end wall time of ./run.sh basic-handover with its per-step breakdown (docs/lab.md).
bench-lab: all
	$(Q)tests/bench-lab.sh $(or $(RUNS),5)

# Can dad's verdict be trusted, and is it sharp? RUNS verdicts per case (clean, a 40 ms
# delay on the BU's way, standard DAD, a scan at the move), each on 3 runs as
# `--runs 3 --check dad` judges them: 240 lab runs, hours; not part of make test
# (docs/scenarios.md "Verdicts you can trust").
verdict-campaign: all
	$(Q)tests/verdict-campaign.sh $(or $(RUNS),20)

# Every benchmark once, at a tiny size, so that none stops building or running unseen.
# bench-lab's once is tests/e2e/lab-handover.sh, whose lab run goes through it.
bench-smoke: all
	$(Q)$(MAKE) --no-print-directory bench-ha N=1000 >/dev/null
	$(Q)$(MAKE) --no-print-directory bench-ro N=1000 >/dev/null
	$(Q)$(MAKE) --no-print-directory analysis-bench BENCH_PACKETS=2000 >/dev/null
	@echo "bench-smoke: bench-ha, bench-ro and analysis-bench ran"

# The documentation that can rot: man pages (groff warnings, options against each
# program's usage, mip6d.conf keywords against the parser), docs links, the tutorial's
# steps parse, the shipped capture re-analysed, report.html in a headless browser,
# make install/uninstall into a temporary DESTDIR. Host only, seconds (tests/docs/run).
docs-test: all
	$(Q)tests/docs/run

# make install [PREFIX=/usr/local] [DESTDIR=]: the programs, their man pages and the
# article's mip6d configurations (the lab itself runs from the source tree: ./run.sh).
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(PREFIX)/bin
SBINDIR := $(PREFIX)/sbin
MANDIR  := $(PREFIX)/share/man
DOCDIR  := $(PREFIX)/share/doc/mip6lab
INSTALL_BIN  := mip6-analyze mip6-probe mip6-rtp mip6-loadgen mip6-forge
INSTALL_SBIN := mip6d mip6-hwsim
INSTALL_MAN  := $(wildcard man/*.[1-8])
INSTALL_EXAMPLES := $(wildcard daemon/examples/*.conf)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DOCDIR)/examples
	install -m 755 $(addprefix $(BUILD)/,$(INSTALL_BIN)) $(DESTDIR)$(BINDIR)/
	install -m 755 $(addprefix $(BUILD)/,$(INSTALL_SBIN)) $(DESTDIR)$(SBINDIR)/
	install -m 644 $(INSTALL_EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/
	@set -e; for m in $(INSTALL_MAN); do \
		s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
		sed 's|/usr/local/|$(PREFIX)/|g' $$m > $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
		chmod 644 $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
		echo "install $$m -> $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}"; \
	done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(INSTALL_BIN)) $(addprefix $(DESTDIR)$(SBINDIR)/,$(INSTALL_SBIN))
	rm -f $(foreach m,$(INSTALL_MAN),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m)))
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(notdir $(INSTALL_EXAMPLES)))
	@rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null || true

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
