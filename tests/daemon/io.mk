# mip6d kernel/wire side tests (included from daemon/module.mk):
#  test_io_mh  the MH receive path (io_mh_input) on codec-built packets, engine recorded;
#  test_kern   kern_* against the real kernel in a private network namespace
#              (skips without root; its ip6tnl case skips without ip6_tunnel);
#  test_kern_map  the hash map behind the ledger and the HA tables;
#  test_io_nd  RA validation/conversion, and the RS/NA bytes mip6d sends (checksums);
#  test_nlmon  the rtnetlink monitor against the real kernel and a forging socket, in a
#              private network namespace (skips without root).
IO_TEST_NAMES := test_io_mh test_kern test_kern_map test_io_nd test_nlmon
IO_TESTS := $(patsubst %,$(BUILD)/tests/daemon/%,$(IO_TEST_NAMES))
UNIT_TESTS += $(IO_TESTS)

$(BUILD)/tests/daemon/test_io_mh: $(BUILD)/tests/daemon/test_io_mh.o $(BUILD)/daemon/io_mh.o \
		$(BUILD)/daemon/io_stats.o \
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

$(BUILD)/tests/daemon/test_kern_map: $(BUILD)/tests/daemon/test_kern_map.o $(BUILD)/daemon/kern_map.o \
		$(BUILD)/daemon/siphash.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/daemon/test_nlmon: $(BUILD)/tests/daemon/test_nlmon.o $(BUILD)/daemon/io_nlmon.o \
		$(BUILD)/daemon/config.o $(BUILD)/daemon/io_stats.o \
		$(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka -lmnl

# pcap-csum: the codec's check of every MH/ICMPv6 checksum in captures, used by the
# daemon scenarios (daemon/lab.sh) and tests/e2e/daemon-*.sh; built with `all` so the
# lab VM never compiles.
BINS += $(BUILD)/tests/pcap-csum $(BUILD)/tests/wire-probe
$(BUILD)/tests/wire-probe: $(BUILD)/tests/e2e/wire-probe.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^
$(BUILD)/tests/pcap-csum: $(BUILD)/tests/e2e/pcap-csum.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpcap

# libFuzzer over the MH and ND receive paths (not part of `make test`):
#   make daemon-io-fuzz FUZZ_SECONDS=60
IO_FUZZ_SRC := tests/daemon/fuzz_io.c daemon/io_mh.c daemon/io_nd.c daemon/log.c $(wildcard common/*.c)
.PHONY: daemon-io-fuzz
$(BUILD)/fuzz/daemon-io: $(IO_FUZZ_SRC)
	@mkdir -p $(@D)
	$(Q)clang -std=gnu11 -g -O1 -D_GNU_SOURCE -Icommon -Idaemon \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $(IO_FUZZ_SRC)
daemon-io-fuzz: $(BUILD)/fuzz/daemon-io
	@mkdir -p $(BUILD)/fuzz/daemon-io-corpus
	$(BUILD)/fuzz/daemon-io -max_total_time=$(or $(FUZZ_SECONDS),60) -max_len=2048 \
		-artifact_prefix=$(BUILD)/fuzz/daemon-io- $(BUILD)/fuzz/daemon-io-corpus
