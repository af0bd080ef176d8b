# analysis/: mip6-analyze, the capture analyzer.
# analysis/module.mk is included before common/module.mk, so common's objects
# are named here rather than through $(MH_OBJ), which is not yet set.
AN_COMMON_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard common/*.c))
ANALYZE_SRC := $(filter-out analysis/main.c,$(wildcard analysis/*.c))
ANALYZE_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(ANALYZE_SRC))

# This file is the first module.mk included; without this its first rule
# would become the default goal of a bare `make`.
.DEFAULT_GOAL := all

BINS += $(BUILD)/mip6-analyze
$(BUILD)/mip6-analyze: $(BUILD)/analysis/main.o $(ANALYZE_OBJ) $(AN_COMMON_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpcap

# Test-data writer, golden tests (tests/analysis/), run by `make unit`.
AN_TEST_LIB := $(BUILD)/tests/analysis/writer.o
$(BUILD)/tests/analysis/%.o: override CFLAGS += -Ianalysis -Itests/analysis
UNIT_TESTS += $(BUILD)/tests/analysis/test-golden
$(BUILD)/tests/analysis/test-golden: $(BUILD)/tests/analysis/test_golden.o $(AN_TEST_LIB) \
		$(ANALYZE_OBJ) $(AN_COMMON_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpcap -lcmocka
BINS += $(BUILD)/gen-pcaps
$(BUILD)/gen-pcaps: $(BUILD)/tests/analysis/gen.o $(AN_TEST_LIB) $(AN_COMMON_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpcap
