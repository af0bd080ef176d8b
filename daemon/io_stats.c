/* io_stats.c - the I/O side's counters and their VT listing. */
#include "io.h"
#include "pkt_err.h"

struct io_stats io_stats;

void io_print_stats(FILE *out)
{
	const struct io_stats *s = &io_stats;

	fprintf(out, "mh rx %llu tx %llu dropped %llu not-for-us %llu\n",
		(unsigned long long)s->mh_rx, (unsigned long long)s->mh_tx,
		(unsigned long long)s->mh_bad, (unsigned long long)s->mh_not_ours);
	for (unsigned i = 1; i < PKT_E__COUNT &&
	     i < sizeof(s->mh_bad_by_err) / sizeof(s->mh_bad_by_err[0]); i++)
		if (s->mh_bad_by_err[i])
			fprintf(out, "  dropped %s %llu\n", pkt_errname((enum pkt_err)i),
				(unsigned long long)s->mh_bad_by_err[i]);
	if (s->mh_first_queued || s->mh_first_shed)
		fprintf(out, "mh first registrations queued %llu shed %llu\n",
			(unsigned long long)s->mh_first_queued,
			(unsigned long long)s->mh_first_shed);
	if (s->mh_unprotected)
		fprintf(out, "mh unprotected %llu\n",
			(unsigned long long)s->mh_unprotected);
	if (s->mh_esp_rx || s->mh_esp_tx)
		fprintf(out, "mh esp rx %llu tx %llu\n", (unsigned long long)s->mh_esp_rx,
			(unsigned long long)s->mh_esp_tx);
	fprintf(out, "nd ra rx %llu rs tx %llu ns tx %llu na tx %llu dropped %llu\n",
		(unsigned long long)s->ra_rx, (unsigned long long)s->rs_tx,
		(unsigned long long)s->ns_tx, (unsigned long long)s->na_tx,
		(unsigned long long)s->nd_bad);
	if (s->proxy_entries || s->proxy_ns_rx || s->proxy_bad)
		fprintf(out, "proxy nd entries %llu ns rx %llu na tx %llu dropped %llu\n",
			(unsigned long long)s->proxy_entries,
			(unsigned long long)s->proxy_ns_rx,
			(unsigned long long)s->proxy_na_tx, (unsigned long long)s->proxy_bad);
	fprintf(out, "netlink events %llu overruns %llu; tx errors %llu\n",
		(unsigned long long)s->nl_events, (unsigned long long)s->nl_overruns,
		(unsigned long long)s->tx_errors);
	fprintf(out, "icmp discovery rx %llu tx %llu dropped %llu; errors rx %llu\n",
		(unsigned long long)s->icmp_rx, (unsigned long long)s->icmp_tx,
		(unsigned long long)s->icmp_bad, (unsigned long long)s->icmp_err_rx);
	for (unsigned i = 1; i < PKT_E__COUNT &&
	     i < sizeof(s->icmp_bad_by_err) / sizeof(s->icmp_bad_by_err[0]); i++)
		if (s->icmp_bad_by_err[i])
			fprintf(out, "  dropped %s %llu\n", pkt_errname((enum pkt_err)i),
				(unsigned long long)s->icmp_bad_by_err[i]);
}
