# mip6-hwsim: mac80211_hwsim radios over generic netlink (docs/hwsim.md).
HWSIM_LIB_OBJ := $(BUILD)/hwsim/msg.o $(BUILD)/hwsim/genl.o $(BUILD)/hwsim/netdev.o

BINS += $(BUILD)/mip6-hwsim
$(BUILD)/mip6-hwsim: $(BUILD)/hwsim/main.o $(HWSIM_LIB_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lmnl

# Unit tests: message bytes, canned replies (also malformed ones), sysfs lookup.
$(BUILD)/tests/hwsim/%.o: override CFLAGS += -Ihwsim
UNIT_TESTS += $(BUILD)/tests/hwsim/test-hwsim-msg $(BUILD)/tests/hwsim/test-hwsim-netdev
$(BUILD)/tests/hwsim/test-hwsim-msg: $(BUILD)/tests/hwsim/test_msg.o $(BUILD)/hwsim/msg.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lmnl -lcmocka
$(BUILD)/tests/hwsim/test-hwsim-netdev: $(BUILD)/tests/hwsim/test_netdev.o $(BUILD)/hwsim/netdev.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka
