# mip6-hwsim: mac80211_hwsim radios over generic netlink (docs/hwsim.md).
HWSIM_LIB_OBJ := $(BUILD)/hwsim/msg.o $(BUILD)/hwsim/genl.o $(BUILD)/hwsim/netdev.o

BINS += $(BUILD)/mip6-hwsim
$(BUILD)/mip6-hwsim: $(BUILD)/hwsim/main.o $(HWSIM_LIB_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lmnl

# Unit tests: message bytes, canned replies (also malformed ones), sysfs lookup.
$(BUILD)/tests/hwsim/%.o: override CFLAGS += -Ihwsim
UNIT_TESTS += $(BUILD)/tests/hwsim/test-hwsim-msg $(BUILD)/tests/hwsim/test-hwsim-netdev \
	$(BUILD)/tests/hwsim/test-hwsim-cli
$(BUILD)/tests/hwsim/test-hwsim-msg: $(BUILD)/tests/hwsim/test_msg.o $(BUILD)/hwsim/msg.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lmnl -lcmocka
$(BUILD)/tests/hwsim/test-hwsim-netdev: $(BUILD)/tests/hwsim/test_netdev.o $(BUILD)/hwsim/netdev.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka
# The command line, run as a program (the ASan build tests the ASan binary).
$(BUILD)/tests/hwsim/test_cli.o: override CFLAGS += -DHWSIM_BIN='"$(BUILD)/mip6-hwsim"'
$(BUILD)/tests/hwsim/test-hwsim-cli: $(BUILD)/tests/hwsim/test_cli.o | $(BUILD)/mip6-hwsim
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka

# libFuzzer on the reply walker and parsers (clang); not part of the default build.
.PHONY: hwsim-fuzz
hwsim-fuzz: $(BUILD)/fuzz/hwsim-msg
	mkdir -p $(BUILD)/fuzz/hwsim-corpus
	$(BUILD)/fuzz/hwsim-msg -max_total_time=$(or $(FUZZ_SECONDS),60) \
		-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/hwsim-corpus
$(BUILD)/fuzz/hwsim-msg: tests/hwsim/fuzz_msg.c hwsim/msg.c hwsim/msg.h
	@mkdir -p $(@D)
	$(Q)clang -std=gnu11 -g -O1 -D_GNU_SOURCE -Ihwsim -fsanitize=fuzzer,address,undefined \
		-o $@ tests/hwsim/fuzz_msg.c hwsim/msg.c -lmnl
