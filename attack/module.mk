# attack/: mip6-forge, the binding hijack's attacker (scenario hijack, docs/hijack.md).
# attack/module.mk is included before common/module.mk ($(MH_OBJ) is not set yet):
# common's objects are named here, as analysis/module.mk does.
FORGE_COMMON_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out common/rr.c,$(wildcard common/*.c)))

BINS += $(BUILD)/mip6-forge
$(BUILD)/mip6-forge: $(BUILD)/attack/mip6-forge.o $(FORGE_COMMON_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^

# Unit test: the command line, and the packet it prints with -n read back by the codec.
$(BUILD)/attack/tests/test_forge.o: override CFLAGS += -DFORGE_BIN='"$(BUILD)/mip6-forge"'
UNIT_TESTS += $(BUILD)/attack/tests/test-forge
$(BUILD)/attack/tests/test-forge: $(BUILD)/attack/tests/test_forge.o $(FORGE_COMMON_OBJ) | $(BUILD)/mip6-forge
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka
