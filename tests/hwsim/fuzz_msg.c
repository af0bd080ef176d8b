/* libFuzzer harness: any bytes as a datagram from the kernel, through the same
 * walk and parsers mip6-hwsim uses. Build and run: make hwsim-fuzz. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "msg.h"

static int on_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct hwsim_radio r;
	uint16_t family;

	(void)arg;
	if (hwsim_parse_radio(nlh, 0x1c, &r) == 0 && strlen(r.name) > HWSIM_NAME_MAX)
		abort();
	hwsim_parse_family(nlh, &family);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* recv() fills an aligned buffer; so does this. */
	static char buf[HWSIM_BUF_SIZE] __attribute__((aligned(4)));
	struct hwsim_ack ack = { 0 };

	if (size > sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	hwsim_walk(buf, size, 1, 0, on_msg, NULL, &ack);
	if (ack.seen && memchr(ack.msg, '\0', sizeof(ack.msg)) == NULL)
		abort();
	return 0;
}
