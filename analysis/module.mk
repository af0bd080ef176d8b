# analysis/: mip6-analyze, the capture analyzer.
# analysis/module.mk is included before common/module.mk, so common's objects
# are named here rather than through $(MH_OBJ), which is not yet set. ESP (esp.c)
# opens the home registration's packets with libcrypto; common/rr.c stays out.
AN_COMMON_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out common/rr.c,$(wildcard common/*.c)))
ANALYZE_SRC := $(filter-out analysis/main.c,$(wildcard analysis/*.c))
ANALYZE_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(ANALYZE_SRC))


BINS += $(BUILD)/mip6-analyze
$(BUILD)/mip6-analyze: $(BUILD)/analysis/main.o $(ANALYZE_OBJ) $(AN_COMMON_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpcap -lcrypto -lm

# Test-data writer, golden tests (tests/analysis/), run by `make unit`.
AN_TEST_LIB := $(BUILD)/tests/analysis/writer.o $(BUILD)/tests/analysis/writer_ro.o \
	$(BUILD)/tests/analysis/scenarios.o $(BUILD)/tests/analysis/scenarios_ro.o \
	$(BUILD)/tests/analysis/air.o $(BUILD)/tests/analysis/scenarios_l2.o \
	$(BUILD)/tests/analysis/scenarios_multi.o $(BUILD)/tests/analysis/writer_esp.o \
	$(BUILD)/tests/analysis/scenarios_esp.o $(BUILD)/tests/analysis/writer_had.o \
	$(BUILD)/tests/analysis/scenarios_had.o
$(BUILD)/tests/analysis/%.o: override CFLAGS += -Ianalysis -Itests/analysis
UNIT_TESTS += $(BUILD)/tests/analysis/test-golden
$(BUILD)/tests/analysis/test-golden: $(BUILD)/tests/analysis/test_golden.o $(AN_TEST_LIB) \
		$(ANALYZE_OBJ) $(AN_COMMON_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpcap -lcmocka -lcrypto -lm
BINS += $(BUILD)/gen-pcaps
$(BUILD)/gen-pcaps: $(BUILD)/tests/analysis/gen.o $(AN_TEST_LIB) $(AN_COMMON_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpcap -lcrypto

# libFuzzer harness over an_packet (clang; not part of the default build).
#   make analysis-fuzz-short   10 s, for `make test`
#   make analysis-fuzz FUZZ_SECONDS=3600
# Crashes land in $(BUILD)/fuzz/analysis-crash-*; copy each into
# tests/analysis/regress/ as a one-packet pcap (test-golden replays them).
AN_FUZZ_SRC := tests/analysis/fuzz_packet.c $(ANALYZE_SRC) $(filter-out common/rr.c,$(wildcard common/*.c))
.PHONY: analysis-fuzz analysis-fuzz-short
$(BUILD)/fuzz/analysis-packet: $(AN_FUZZ_SRC) $(wildcard analysis/*.h common/*.h tests/analysis/*.h)
	@mkdir -p $(@D)
	$(Q)clang -std=gnu11 -g -O1 -D_GNU_SOURCE -Icommon -Ianalysis -Itests/analysis \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $(AN_FUZZ_SRC) -lpcap -lcrypto -lm
$(BUILD)/fuzz/analysis-corpus/.seeded: $(BUILD)/gen-pcaps
	@mkdir -p $(@D)
	$(Q)$(BUILD)/gen-pcaps seeds $(@D) && touch $@
analysis-fuzz: $(BUILD)/fuzz/analysis-packet $(BUILD)/fuzz/analysis-corpus/.seeded
	$(BUILD)/fuzz/analysis-packet -max_total_time=$(or $(FUZZ_SECONDS),60) -max_len=65536 \
		-artifact_prefix=$(BUILD)/fuzz/analysis- $(BUILD)/fuzz/analysis-corpus
analysis-fuzz-short:
	$(Q)$(MAKE) --no-print-directory analysis-fuzz FUZZ_SECONDS=10

# Benchmark (not part of `make test`): packets/s, peak RSS, tshark side by side.
.PHONY: analysis-bench
analysis-bench: $(BUILD)/mip6-analyze $(BUILD)/gen-pcaps
	tests/analysis/bench.sh $(BUILD) $(or $(BENCH_PACKETS),1000000)
