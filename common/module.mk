# common/: the one Mobility Header / IPv6 extension header / ND codec, linked
# by mip6d and mip6-analyze through MH_OBJ. Return routability's crypto (rr.c) needs
# libcrypto: RR_OBJ, linked by what runs the protocol (mip6d and its tests).
RR_OBJ := $(BUILD)/common/rr.o
MH_OBJ := $(filter-out $(RR_OBJ),$(patsubst %.c,$(BUILD)/%.o,$(wildcard common/*.c)))

COMMON_TESTS := $(patsubst common/tests/%.c,$(BUILD)/common/tests/%,$(wildcard common/tests/test_*.c))
UNIT_TESTS += $(COMMON_TESTS)

$(COMMON_TESTS): $(BUILD)/common/tests/%: $(BUILD)/common/tests/%.o $(MH_OBJ) $(RR_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka -lcrypto
