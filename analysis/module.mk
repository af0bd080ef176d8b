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
