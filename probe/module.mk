# probe/: mip6-probe, the lab's constant-rate ICMPv6 echo probe (docs/lab.md).
PROBE_LIB_OBJ := $(BUILD)/probe/echo.o $(BUILD)/probe/loop.o

BINS += $(BUILD)/mip6-probe
$(BUILD)/mip6-probe: $(BUILD)/probe/main.o $(PROBE_LIB_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^

# Unit tests: the echo bytes; the command line, run as a program.
$(BUILD)/tests/probe/%.o: override CFLAGS += -Iprobe
$(BUILD)/tests/probe/test_cli.o: override CFLAGS += -DPROBE_BIN='"$(BUILD)/mip6-probe"'
UNIT_TESTS += $(BUILD)/tests/probe/test-probe-echo $(BUILD)/tests/probe/test-probe-cli
$(BUILD)/tests/probe/test-probe-echo: $(BUILD)/tests/probe/test_echo.o $(PROBE_LIB_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka
$(BUILD)/tests/probe/test-probe-cli: $(BUILD)/tests/probe/test_cli.o | $(BUILD)/mip6-probe
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

# mip6-rtp: the lab's voice call (MIP6LAB_STREAM=voice), G.711 RTP sender and receiver.
BINS += $(BUILD)/mip6-rtp
$(BUILD)/mip6-rtp: $(BUILD)/probe/rtp_main.o $(BUILD)/probe/g711.o $(BUILD)/probe/loop.o \
		$(BUILD)/common/rtp.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lm
$(BUILD)/tests/probe/test_rtp_cli.o: override CFLAGS += -DRTP_BIN='"$(BUILD)/mip6-rtp"'
UNIT_TESTS += $(BUILD)/tests/probe/test-g711 $(BUILD)/tests/probe/test-rtp-cli
$(BUILD)/tests/probe/test-g711: $(BUILD)/tests/probe/test_g711.o $(BUILD)/probe/g711.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka -lm
$(BUILD)/tests/probe/test-rtp-cli: $(BUILD)/tests/probe/test_rtp_cli.o | $(BUILD)/mip6-rtp
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka
