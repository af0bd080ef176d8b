# loadgen/: mip6-loadgen, mobile nodes by the thousand (and an attacker) against a
# running mip6d home agent over a real link; make bench-ha-wire runs it in the VM.
LOADGEN_LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out loadgen/main.c,$(wildcard loadgen/*.c)))

BINS += $(BUILD)/mip6-loadgen
$(BUILD)/mip6-loadgen: $(BUILD)/loadgen/main.o $(LOADGEN_LIB_OBJ) $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lmnl

# Unit tests: the command line, the address plan, the BA checks, the percentiles.
$(BUILD)/loadgen/tests/%.o: override CFLAGS += -Iloadgen
LOADGEN_TESTS := $(patsubst loadgen/tests/%.c,$(BUILD)/loadgen/tests/%,$(wildcard loadgen/tests/test_*.c))
UNIT_TESTS += $(LOADGEN_TESTS)
$(LOADGEN_TESTS): $(BUILD)/loadgen/tests/%: $(BUILD)/loadgen/tests/%.o $(LOADGEN_LIB_OBJ) $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka -lmnl

# The curve of docs/mip6d.md: N = 1k, 10k, 100k bindings, HA DAD on and off, in the VM.
.PHONY: bench-ha-wire
bench-ha-wire: $(BUILD)/mip6-loadgen $(BUILD)/mip6d $(BUILD)/tests/daemon/bench-ha
	$(Q)loadgen/bench-ha-wire.sh $(or $(SIZES),1000 10000 100000)
