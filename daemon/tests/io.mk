# mip6d kernel/wire side tests (included from daemon/module.mk):
#  test_io_mh  the MH receive path (io_mh_input) on codec-built packets, engine recorded;
#  test_kern   kern_* against the real kernel in a private network namespace
#              (skips without root; its ip6tnl case skips without ip6_tunnel);
#  test_kern_map  the hash map behind the ledger and the HA tables;
#  test_io_nd  RA validation/conversion, and the RS/NA bytes mip6d sends (checksums).
IO_TESTS := $(BUILD)/daemon/tests/test_io_mh $(BUILD)/daemon/tests/test_kern \
	$(BUILD)/daemon/tests/test_kern_map $(BUILD)/daemon/tests/test_io_nd
UNIT_TESTS += $(IO_TESTS)

$(BUILD)/daemon/tests/test_io_mh: $(BUILD)/daemon/tests/test_io_mh.o $(BUILD)/daemon/io_mh.o \
		$(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/daemon/tests/test_kern: $(BUILD)/daemon/tests/test_kern.o \
		$(patsubst %,$(BUILD)/daemon/kern_%.o,nl map link addr route sysctl)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka -lmnl

$(BUILD)/daemon/tests/test_io_nd: $(BUILD)/daemon/tests/test_io_nd.o $(BUILD)/daemon/io_nd.o \
		$(BUILD)/daemon/log.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/daemon/tests/test_kern_map: $(BUILD)/daemon/tests/test_kern_map.o $(BUILD)/daemon/kern_map.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/daemon/tests/%.o: override CFLAGS += -Idaemon

# pcap-csum: the codec's check of every MH/ICMPv6 checksum in captures, used by the
# daemon scenarios (daemon/lab.sh) and tests/e2e/daemon-*.sh; built with `all` so the
# lab VM never compiles.
BINS += $(BUILD)/tests/pcap-csum
$(BUILD)/tests/pcap-csum: $(BUILD)/tests/e2e/pcap-csum.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpcap
