# common/: the one Mobility Header / IPv6 extension header / ND codec, linked
# by mip6d and mip6-analyze through MH_OBJ.
MH_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard common/*.c))

COMMON_TESTS := $(patsubst common/tests/%.c,$(BUILD)/common/tests/%,$(wildcard common/tests/test_*.c))
UNIT_TESTS += $(COMMON_TESTS)

$(COMMON_TESTS): $(BUILD)/common/tests/%: $(BUILD)/common/tests/%.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka
