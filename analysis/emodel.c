/* The E-model of ITU-T G.107 for one G.711 call: the transmission rating
 * factor R = Ro - Is - Id - Ie,eff + A and its MOS (G.107 Annex B). Every
 * parameter keeps its G.107 default value (SLR 8, RLR 2, STMR 15, LSTR 18,
 * Ds 3, TELR 65, WEPL 110, qdu 1, Nc -70, Nfor -64, Ps 35, Pr 35, A 0), with
 * these taken from the capture instead: the packet loss Ppl and its BurstR,
 * and the delays, the mean one-way (mouth-to-ear) delay Ta also standing for
 * the talker echo path T, with Tr = 2 Ta. Codec G.711: Ie 0, Bpl 25.1 (with
 * packet loss concealment, ITU-T G.113 Appendix I). With every default, R is
 * 93.2 (the G.107 reference value; test_golden checks it). */
#include <math.h>

#include "an.h"

#define G711_IE		0.0
#define G711_BPL	25.1

/* Ro - Is and the two echo terms of Id depend only on the defaults and T. */
static void base(double t_ms, double tr_ms, double *ro, double *is, double *idte, double *idle)
{
	const double slr = 8, rlr = 2, stmr = 15, lstr = 18, ds = 3, telr = 65, wepl = 110;
	const double qdu = 1, nc = -70, nfor = -64, ps = 35, pr = 35;
	double olr = slr + rlr, nfo = nfor + rlr;
	double pre = pr + 10 * log10(1 + pow(10, (10 - lstr) / 10));
	double nor = rlr - 121 + pre + 0.008 * (pre - 35) * (pre - 35);
	double nos = ps - slr - ds - 100 + 0.004 * (ps - olr - ds - 14) * (ps - olr - ds - 14);
	double no = 10 * log10(pow(10, nc / 10) + pow(10, nos / 10) + pow(10, nor / 10) +
			       pow(10, nfo / 10));
	double xolr = olr + 0.2 * (64 + no - rlr);
	double iolr = 20 * (pow(1 + pow(xolr / 8, 8), 1.0 / 8) - xolr / 8);
	double stmro = -10 * log10(pow(10, -stmr / 10) + exp(-t_ms / 4) * pow(10, -telr / 10));
	double ist = 12 * pow(1 + pow((stmro - 13) / 6, 8), 1.0 / 8) -
		     28 * pow(1 + pow((stmro + 1) / 19.4, 35), 1.0 / 35) -
		     13 * pow(1 + pow((stmro - 3) / 33, 13), 1.0 / 13) + 29;
	double q = 37 - 15 * log10(qdu);
	double g = 1.07 + 0.258 * q + 0.0602 * q * q;
	double y = (15 - 1.5 * (slr + no) - 100) / 15 + 46 / 8.4 - g / 9;
	double z = 46.0 / 30 - g / 40;
	double iq = 15 * log10(1 + pow(10, y) + pow(10, z));
	double terv = telr - 40 * log10((1 + t_ms / 10) / (1 + t_ms / 150)) +
		      6 * exp(-0.3 * t_ms * t_ms);
	double roe = -1.5 * (no - rlr), re = 80 + 2.5 * (terv - 14);
	double rle = 10.5 * (wepl + 7) * pow(tr_ms + 1, -0.25);
	double r0 = 15 - 1.5 * (slr + no);

	*ro = 15 - 1.5 * (slr + no);
	*is = iolr + ist + iq;
	*idte = ((roe - re) / 2 + sqrt((roe - re) * (roe - re) / 4 + 100) - 1) * (1 - exp(-t_ms));
	*idle = (r0 - rle) / 2 + sqrt((r0 - rle) * (r0 - rle) / 4 + 169);
}

/* Delay impairment of the absolute delay Ta alone (mT 100 ms, sT 1). */
static double idd(double ta_ms)
{
	double x;

	if (ta_ms <= 100)
		return 0;
	x = log10(ta_ms / 100) / log10(2);
	return 25 * (pow(1 + pow(x, 6), 1.0 / 6) - 3 * pow(1 + pow(x / 3, 6), 1.0 / 6) + 2);
}

void emodel_g711(double ppl_pct, double burst_r, double ta_ms, struct emodel *e)
{
	double ro, is, idte, idle;

	if (ta_ms < 0)
		ta_ms = 0;
	if (!(burst_r >= 1))
		burst_r = 1;
	if (!(ppl_pct >= 0))
		ppl_pct = 0;
	if (ppl_pct > 100)
		ppl_pct = 100;
	base(ta_ms, 2 * ta_ms, &ro, &is, &idte, &idle);
	e->ppl = ppl_pct;
	e->burst_r = burst_r;
	e->ta_ms = ta_ms;
	e->is = is;
	e->id = idte + idle + idd(ta_ms);
	e->ie_eff = G711_IE + (95 - G711_IE) * ppl_pct / (ppl_pct / burst_r + G711_BPL);
	e->r = ro - is - e->id - e->ie_eff;
	e->mos = emodel_mos(e->r);
}

double emodel_mos(double r)
{
	if (r < 0)
		return 1;
	if (r > 100)
		return 4.5;
	/* The cubic dips under 1 for R below about 6.5; a MOS is never under 1. */
	double mos = 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;

	return mos < 1 ? 1 : mos;
}
