# daemon/: mip6d. The protocol core (config, engine, logging, event loop, VT) has no
# kernel dependency and is what the unit tests and the benchmark link; main.c and the
# kernel/wire side (ops*.c, kern_*.c, io*.c) complete the daemon.
MIP6D_CORE_SRC := daemon/config.c daemon/log.c daemon/engine.c daemon/proposal.c \
	daemon/iface.c daemon/ha.c daemon/mn.c daemon/md.c daemon/bul.c daemon/bcache.c \
	daemon/srcquota.c daemon/cn.c daemon/ro.c daemon/halist.c daemon/ha_disc.c daemon/mn_disc.c \
	daemon/timer.c daemon/engine_print.c daemon/eloop.c daemon/vt.c
# Return routability's crypto (common/rr.c) comes with the core, and libcrypto with it.
MIP6D_CORE_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(MIP6D_CORE_SRC)) $(RR_OBJ)
MIP6D_LIBS := -lcrypto
MIP6D_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard daemon/*.c))

BINS += $(BUILD)/mip6d
$(BUILD)/mip6d: $(MIP6D_OBJ) $(MH_OBJ) $(RR_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lmnl $(MIP6D_LIBS)

# The kernel/wire side's own tests (tests/daemon/io.mk) link other objects.
include tests/daemon/io.mk
DAEMON_TESTS := $(filter-out $(IO_TESTS),\
	$(patsubst tests/daemon/%.c,$(BUILD)/tests/daemon/%,$(wildcard tests/daemon/test_*.c)))
UNIT_TESTS += $(DAEMON_TESTS)
$(DAEMON_TESTS): $(BUILD)/tests/daemon/%: $(BUILD)/tests/daemon/%.o $(MIP6D_CORE_OBJ) $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lcmocka $(MIP6D_LIBS)

# tests/daemon/*.c include daemon headers.
$(BUILD)/tests/daemon/%.o: override CFLAGS += -Idaemon

# test_cli runs the daemon program itself.
$(BUILD)/tests/daemon/test_cli.o: override CFLAGS += -DMIP6D_BIN='"$(BUILD)/mip6d"'
$(BUILD)/tests/daemon/test_cli: | $(BUILD)/mip6d

# HA registration throughput and memory per binding; `make test` runs it once at a tiny
# size (bench-smoke) so that it cannot stop linking unseen.
.PHONY: bench-ha
$(BUILD)/tests/daemon/bench-ha: $(BUILD)/tests/daemon/bench-ha.o $(MIP6D_CORE_OBJ) \
		$(BUILD)/daemon/io_mh.o $(BUILD)/daemon/io_nlmon.o $(BUILD)/daemon/io_stats.o \
		$(BUILD)/daemon/siphash.o $(BUILD)/daemon/io_pkt.o $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lmnl $(MIP6D_LIBS)
bench-ha: $(BUILD)/tests/daemon/bench-ha
	$(Q)$(BUILD)/tests/daemon/bench-ha $(or $(N),100000)


# The correspondent role's rates and memory per binding (docs/mip6d.md, "Route
# optimisation"); bench-smoke runs it once at a tiny size.
.PHONY: bench-ro
$(BUILD)/tests/daemon/bench-ro: $(BUILD)/tests/daemon/bench-ro.o $(MIP6D_CORE_OBJ) $(MH_OBJ)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(MIP6D_LIBS)
bench-ro: $(BUILD)/tests/daemon/bench-ro
	$(Q)$(BUILD)/tests/daemon/bench-ro $(or $(N),100000)
