# mip6d kernel/wire side tests (included from daemon/module.mk):
#  test_io_mh  the MH receive path (io_mh_input) on codec-built packets, engine recorded;
#  test_io_mhk the protected MH path (io_mhk_input) and the plain BUs/BAs of a protected
#              pair (io_mh_input), kernel and engine stood in for;
#  test_kern   kern_* against the real kernel in a private network namespace
#              (skips without root; its ip6tnl case skips without ip6_tunnel);
#  test_kern_map  the hash map behind the ledger and the HA tables;
#  test_io_icmp  discovery's ICMPv6 in (DHAAD, errors, MPS/MPA behind their headers) and
#              out (the packets' bytes and checksums);
#  test_io_nd  RA validation/conversion, and the RS/NA bytes mip6d sends (checksums);
#  test_io_proxy  proxy ND answered by mip6d (HaProxyNd mip6d): the answers to built
#              solicitations, then the packet socket on a veth in a private namespace;
#  test_nlmon  the rtnetlink monitor against the real kernel and a forging socket, in a
#              private network namespace (skips without root).
IO_TEST_NAMES := test_io_mh test_io_mhk test_kern test_kern_map test_io_nd test_nlmon test_io_icmp test_io_proxy
IO_TESTS := $(patsubst %,$(BUILD)/tests/daemon/%,$(IO_TEST_NAMES))
UNIT_TESTS += $(IO_TESTS)

$(BUILD)/tests/daemon/test_io_mh: $(BUILD)/tests/daemon/test_io_mh.o $(BUILD)/daemon/io_mh.o \
		$(BUILD)/daemon/io_pkt.o \
		$(BUILD)/daemon/siphash.o \
		$(BUILD)/daemon/io_stats.o $(BUILD)/daemon/config.o \
		$(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/daemon/test_io_mhk: $(BUILD)/tests/daemon/test_io_mhk.o $(BUILD)/daemon/io_mhk.o \
		$(BUILD)/daemon/io_mh.o $(BUILD)/daemon/io_stats.o $(BUILD)/daemon/config.o \
		$(BUILD)/daemon/siphash.o $(BUILD)/daemon/io_pkt.o \
		$(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/daemon/test_kern: $(BUILD)/tests/daemon/test_kern.o \
		$(patsubst %,$(BUILD)/daemon/kern_%.o,nl ledger map link addr route sysctl nft) \
		$(BUILD)/daemon/siphash.o $(BUILD)/daemon/log.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka -lmnl

$(BUILD)/tests/daemon/test_io_nd: $(BUILD)/tests/daemon/test_io_nd.o $(BUILD)/daemon/io_nd.o \
		$(BUILD)/daemon/io_stats.o \
		$(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/daemon/test_io_proxy: $(BUILD)/tests/daemon/test_io_proxy.o \
		$(BUILD)/daemon/io_proxy.o $(BUILD)/daemon/io_pkt.o $(BUILD)/daemon/kern_map.o \
		$(BUILD)/daemon/siphash.o \
		$(BUILD)/daemon/io_stats.o $(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/daemon/test_io_icmp: $(BUILD)/tests/daemon/test_io_icmp.o \
		$(BUILD)/daemon/io_icmp.o $(BUILD)/daemon/io_stats.o $(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/daemon/test_kern_map: $(BUILD)/tests/daemon/test_kern_map.o $(BUILD)/daemon/kern_map.o \
		$(BUILD)/daemon/siphash.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/daemon/test_nlmon: $(BUILD)/tests/daemon/test_nlmon.o $(BUILD)/daemon/io_nlmon.o \
		$(BUILD)/daemon/config.o $(BUILD)/daemon/io_stats.o \
		$(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka -lmnl

# xfrm-ro-tool: the Route Optimization data path (kern_xfrm.c) from the command line, for
# tests/e2e/daemon-xfrm-ro.sh; built with `all` so the lab VM never compiles.
BINS += $(BUILD)/tests/daemon/xfrm-ro-tool
$(BUILD)/tests/daemon/xfrm-ro-tool: $(BUILD)/tests/daemon/xfrm-ro-tool.o \
		$(patsubst %,$(BUILD)/daemon/kern_%.o,xfrm xfrm_nl nl ledger map) \
		$(BUILD)/daemon/siphash.o $(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lmnl

# pcap-csum: the codec's check of every MH/ICMPv6 checksum in captures, used by the
# daemon scenarios (daemon/lab.sh) and tests/e2e/daemon-*.sh; built with `all` so the
# lab VM never compiles.
BINS += $(BUILD)/tests/pcap-csum $(BUILD)/tests/wire-probe
$(BUILD)/tests/wire-probe: $(BUILD)/tests/e2e/wire-probe.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^
$(BUILD)/tests/pcap-csum: $(BUILD)/tests/e2e/pcap-csum.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpcap

# libFuzzer harnesses (clang; not part of `all`), each `make daemon-NAME-fuzz
# FUZZ_SECONDS=60` over $(BUILD)/fuzz/daemon-NAME-corpus, seeded by the harness itself
# (FUZZ_SEEDS=DIR); a finding is left in $(BUILD)/fuzz/daemon-NAME-{crash,leak,timeout}-*:
#   io       the MH and ND receive paths (io_mh_input, io_nd_input, io_proxy_input), engine stubbed;
#   engine   one engine's life from the input: MH, RAs, links, addresses, DAD conflicts,
#            time and failing proposals, with a model of what is in place and the
#            invariants checked after every event;
#   netlink  io_nlmon's link/address news and kern_route's dump entries;
#   config   config_parse() on any text;
#   vt       virtual terminal sessions over loopback sockets.
# daemon-fuzz-short (`make test`): each for DAEMON_FUZZ_SHORT seconds from its seeds,
# then the inputs of tests/daemon/regress/NAME-* (findings since fixed) replayed.
# daemon-fuzz-regress: the open findings too (regress/open-NAME-*, regress/test_*.c),
# which fail until they are fixed; a fix renames open-X to X so that `make test` keeps it.
DAEMON_FUZZ_NAMES := io engine netlink config vt
DAEMON_FUZZ_SHORT ?= 4
DAEMON_FUZZ_CFLAGS := -std=gnu11 -g -O1 -D_GNU_SOURCE -Wall -Wextra -Werror -Icommon -Idaemon \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
DAEMON_FUZZ_SRC_io := tests/daemon/fuzz_io.c daemon/io_mh.c daemon/io_icmp.c daemon/io_nd.c \
	daemon/io_proxy.c daemon/io_pkt.c daemon/kern_map.c daemon/siphash.c \
	daemon/log.c daemon/config.c \
	$(wildcard common/*.c)
DAEMON_FUZZ_SRC_engine := tests/daemon/fuzz_engine.c \
	$(filter-out daemon/eloop.c daemon/vt.c,$(MIP6D_CORE_SRC)) $(wildcard common/*.c)
DAEMON_FUZZ_SRC_netlink := tests/daemon/fuzz_netlink.c daemon/io_nlmon.c daemon/io_stats.c \
	daemon/config.c daemon/log.c $(patsubst %,daemon/kern_%.c,route nl ledger map link) \
	daemon/siphash.c common/pkt_err.c
DAEMON_FUZZ_SRC_config := tests/daemon/fuzz_config.c daemon/config.c
DAEMON_FUZZ_SRC_vt := tests/daemon/fuzz_vt.c daemon/vt.c daemon/log.c
DAEMON_FUZZ_LIBS_netlink := -lmnl
DAEMON_FUZZ_LIBS_io := -lcrypto
DAEMON_FUZZ_LIBS_engine := -lcrypto
DAEMON_FUZZ_MAXLEN := 4096
DAEMON_FUZZ_MAXLEN_io := 2048
DAEMON_FUZZ_OPTS = -max_len=$(or $(DAEMON_FUZZ_MAXLEN_$1),$(DAEMON_FUZZ_MAXLEN)) -timeout=10 \
	-artifact_prefix=$(BUILD)/fuzz/daemon-$1-

define DAEMON_FUZZ_RULES
.PHONY: daemon-$1-fuzz
$(BUILD)/fuzz/daemon-$1: $$(DAEMON_FUZZ_SRC_$1) $$(wildcard daemon/*.h common/*.h tests/daemon/fuzz_*.h)
	@mkdir -p $$(@D)
	$$(Q)clang $$(DAEMON_FUZZ_CFLAGS) -o $$@ $$(DAEMON_FUZZ_SRC_$1) $$(DAEMON_FUZZ_LIBS_$1)
$(BUILD)/fuzz/daemon-$1-corpus/.seeded: $(BUILD)/fuzz/daemon-$1
	@mkdir -p $$(@D)
	$$(Q)FUZZ_SEEDS=$$(@D) $$< && touch $$@
daemon-$1-fuzz: $(BUILD)/fuzz/daemon-$1 $(BUILD)/fuzz/daemon-$1-corpus/.seeded
	$(BUILD)/fuzz/daemon-$1 -max_total_time=$$(or $$(FUZZ_SECONDS),60) \
		$$(call DAEMON_FUZZ_OPTS,$1) $(BUILD)/fuzz/daemon-$1-corpus
endef
$(foreach h,$(DAEMON_FUZZ_NAMES),$(eval $(call DAEMON_FUZZ_RULES,$h)))

# The short runs start from the seeds alone, in a corpus of their own: the same few
# seconds whatever earlier runs collected. A finding fails the target with the end of
# the harness's report; each run's log is $(BUILD)/fuzz/daemon-NAME-short.log.
DAEMON_FUZZ_REGRESS = $(wildcard tests/daemon/regress/$1-*)
daemon_fuzz_fail = { tail -n 40 $2; echo "daemon-fuzz-short: $1: $3 (see $2)"; exit 1; }
daemon_fuzz_short = d=$(BUILD)/fuzz/daemon-$1-short; log=$$d.log; \
	rm -rf $$d && mkdir -p $$d && FUZZ_SEEDS=$$d $(BUILD)/fuzz/daemon-$1 && \
	{ $(BUILD)/fuzz/daemon-$1 -max_total_time=$(DAEMON_FUZZ_SHORT) -print_final_stats=1 \
		$(call DAEMON_FUZZ_OPTS,$1) $$d >$$log 2>&1 || $(call daemon_fuzz_fail,$1,$$log,finding); } && \
	$(if $(call DAEMON_FUZZ_REGRESS,$1),{ $(BUILD)/fuzz/daemon-$1 $(call DAEMON_FUZZ_REGRESS,$1) \
		>>$$log 2>&1 || $(call daemon_fuzz_fail,$1,$$log,a fixed finding is back); } &&) \
	echo "daemon-fuzz-short: $1: $$(sed -n 's/^stat::number_of_executed_units: *//p' $$log)" \
		"runs in $(DAEMON_FUZZ_SHORT) s, $(words $(call DAEMON_FUZZ_REGRESS,$1)) regress inputs, no finding"
.PHONY: daemon-fuzz-short daemon-fuzz-regress
daemon-fuzz-short: $(patsubst %,$(BUILD)/fuzz/daemon-%,$(DAEMON_FUZZ_NAMES))
	$(Q)$(foreach h,$(DAEMON_FUZZ_NAMES),($(call daemon_fuzz_short,$h)) &&) true

# Every input of tests/daemon/regress/ through its harness (open-NAME-* included) and
# the unit tests there, each reported; fails when any does.
DAEMON_REGRESS_TESTS := $(patsubst tests/daemon/regress/%.c,$(BUILD)/tests/daemon/regress/%,\
	$(wildcard tests/daemon/regress/test_*.c))
$(BUILD)/tests/daemon/regress/%.o: override CFLAGS += -Idaemon -Itests/daemon
$(DAEMON_REGRESS_TESTS): $(BUILD)/tests/daemon/regress/%: $(BUILD)/tests/daemon/regress/%.o \
		$(MIP6D_CORE_OBJ) $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka $(MIP6D_LIBS)
daemon-fuzz-regress: $(patsubst %,$(BUILD)/fuzz/daemon-%,$(DAEMON_FUZZ_NAMES)) $(DAEMON_REGRESS_TESTS)
	$(Q)bad=0; for h in $(DAEMON_FUZZ_NAMES); do \
		for f in tests/daemon/regress/$$h-* tests/daemon/regress/open-$$h-*; do \
			[ -e "$$f" ] || continue; \
			if $(BUILD)/fuzz/daemon-$$h -timeout=10 $$f \
				>$(BUILD)/fuzz/regress.log 2>&1; then echo "pass  $$f"; \
			else echo "FAIL  $$f: $$(grep -a -m1 -E 'invariant:|ERROR:' $(BUILD)/fuzz/regress.log)"; \
				bad=$$((bad + 1)); fi; \
		done; \
	done; \
	for t in $(DAEMON_REGRESS_TESTS); do \
		if $$t >$(BUILD)/fuzz/regress.log 2>&1; then echo "pass  $$t"; \
		else echo "FAIL  $$t: $$(awk '/test\(s\) run\./ {exit} /^\[  FAILED  \]/ {n++} \
				END {print n+0}' $(BUILD)/fuzz/regress.log) failed"; \
			bad=$$((bad + 1)); fi; \
	done; \
	echo "daemon-fuzz-regress: $$bad failing"; [ $$bad -eq 0 ]

# ipsec-tool: the home registration's IPsec (kern_ipsec.c, io_mhk.c, io_mh.c's count of
# plain messages) without the engine, for tests/e2e/daemon-ipsec-kern.sh; built with `all` so
# the lab VM never compiles.
BINS += $(BUILD)/tests/daemon/ipsec-tool
$(BUILD)/tests/daemon/ipsec-tool: $(BUILD)/tests/daemon/ipsec-tool.o \
		$(patsubst %,$(BUILD)/daemon/io_%.o,mhk mh tx stats pkt) \
		$(patsubst %,$(BUILD)/daemon/kern_%.o,ipsec xfrm_nl nl ledger map) \
		$(BUILD)/daemon/config.o $(BUILD)/daemon/siphash.o $(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lmnl
