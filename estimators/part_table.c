/*
 * part_table.c - the built-in FPGA devices of the part catalog (part.c):
 * capacity as Vivado/Vitis HLS sees it (LUT, FF, DSP, BRAM18 = 2 x the
 * 36 Kb block count, URAM in 288 Kb blocks) and a full example part
 * string. FF is 2 x LUT on every family listed (16 flip-flops per 8-LUT
 * CLB in 7-series and UltraScale(+), 64 per 32-LUT CLB in Versal).
 *
 * Sources, per row: "certain" = the AvailableResources of real HLS
 * reports; "verified" = checked against the source named; "datasheet"
 * = the vendor's product table, not checked here.
 *   [UP]  the UltraScale+ device table (LUT, BRAM36, URAM, DSP per die,
 *         with the Alveo and Kria rebadges), found through code search;
 *         agrees with DS923/DS891/DS962.
 */
#include "estimators/part.h"

extern const struct part part_builtin[];
extern const int part_builtin_n;

const struct part part_builtin[] = {
	/* DS190 Zynq-7000 overview; datasheet, not verified */
	{ "xc7z007s", "zynq7", "xc7z007sclg400-1", DSP48E1,
	  14400, 28800, 66, 100, 0 },
	/* certain: hls4ml VivadoAccelerator pynq-z2 AvailableResources
	 * (280/220/106400/53200/0); LUT/BRAM36/DSP also verified on a
	 * Zynq device page (53200 LUT, 140 BRAM, 220 DSP) */
	{ "xc7z020", "zynq7", "xc7z020clg400-1", DSP48E1,
	  53200, 106400, 220, 280, 0 },
	/* DS180 7-series overview; verified: Vivado's available resources
	 * for Arty A7-35T (20800 LUT, 41600 FF, 50 BRAM tiles, 90 DSP) in
	 * epsilon537/boxlambda docs/estimated-fpga-utilization.md */
	{ "xc7a35t", "artix7", "xc7a35tcpg236-1", DSP48E1,
	  20800, 41600, 90, 100, 0 },
	/* DS180; verified, same boxlambda page for Arty A7-100T (63400 LUT,
	 * 126800 FF, 135 BRAM tiles, 240 DSP) */
	{ "xc7a100t", "artix7", "xc7a100tcsg324-1", DSP48E1,
	  63400, 126800, 240, 270, 0 },
	/* DS180; agrees with a csynth.xml test fixture found by code search
	 * (BRAM_18K 890, DSP 840, FF 407600, LUT 203800), device unnamed
	 * there: treat as not verified */
	{ "xc7k325t", "kintex7", "xc7k325tffg900-2", DSP48E1,
	  203800, 407600, 840, 890, 0 },
	/* DS891; verified [UP]: 70560 LUT, 216 BRAM36, 360 DSP */
	{ "xczu3eg", "zynquplus", "xczu3eg-sbva484-1-e", DSP48E2,
	  70560, 141120, 360, 432, 0 },
	/* DS891; verified [UP]: 230400 LUT, 312 BRAM36, 96 URAM, 1728 DSP */
	{ "xczu7ev", "zynquplus", "xczu7ev-ffvc1156-2-e", DSP48E2,
	  230400, 460800, 1728, 624, 96 },
	/* DS891; verified [UP]: 274080 LUT, 912 BRAM36, 2520 DSP */
	{ "xczu9eg", "zynquplus", "xczu9eg-ffvb1156-2-e", DSP48E2,
	  274080, 548160, 2520, 1824, 0 },
	/* DS987 Kria K26 (a ZU5EV die); verified [UP] and a KV260
	 * utilisation table: 117120 LUT, 1248 DSP, 5184 Kb BRAM = 144
	 * BRAM36, 64 URAM */
	{ "xck26", "zynquplus", "xck26-sfvc784-2LV-c", DSP48E2,
	  117120, 234240, 1248, 288, 64 },
	/* DS890 UltraScale; datasheet, not verified */
	{ "xcku035", "kintexu", "xcku035-fbva676-1-c", DSP48E2,
	  203128, 406256, 1700, 1080, 0 },
	/* DS890; datasheet, not verified */
	{ "xcku115", "kintexu", "xcku115-flvb2104-2-i", DSP48E2,
	  663360, 1326720, 5520, 4320, 0 },
	/* DS923; verified [UP] and a VU9P utilisation script
	 * (1182240 LUT, 2364480 FF, 2160 BRAM36, 960 URAM, 6840 DSP) */
	{ "xcvu9p", "virtexuplus", "xcvu9p-flga2104-2L-e", DSP48E2,
	  1182240, 2364480, 6840, 4320, 960 },
	/* certain: hls4ml's default part, Vitis/Vivado HLS AvailableResources
	 * 5376/12288/3456000/1728000/1280 */
	{ "xcvu13p", "virtexuplus", "xcvu13p-flga2577-2-e", DSP48E2,
	  1728000, 3456000, 12288, 5376, 1280 },
	/* DS965 Alveo U50 (a VU35P); verified [UP] and an HLS project's U50
	 * capacities (BRAM_18K 2688, DSP 5952, FF 1743360, LUT 871680) */
	{ "xcu50", "virtexuplushbm", "xcu50-fsvh2104-2-e", DSP48E2,
	  871680, 1743360, 5952, 2688, 640 },
	/* DS978 Alveo U55C (a VU37P); verified [UP] */
	{ "xcu55c", "virtexuplushbm", "xcu55c-fsvh2892-2L-e", DSP48E2,
	  1303680, 2607360, 9024, 4032, 960 },
	/* DS962 Alveo U200 (a VU9P); verified [UP] */
	{ "xcu200", "virtexuplus", "xcu200-fsgd2104-2-e", DSP48E2,
	  1182240, 2364480, 6840, 4320, 960 },
	/* certain: wa-hls4ml Vivado HLS 2020.1 reports on
	 * xcu250-figd2104-2L-e (the whole VU13P die, not the shell's
	 * share); [UP] agrees */
	{ "xcu250", "virtexuplus", "xcu250-figd2104-2L-e", DSP48E2,
	  1728000, 3456000, 12288, 5376, 1280 },
	/* DS963 Alveo U280 (a VU37P); verified [UP] */
	{ "xcu280", "virtexuplushbm", "xcu280-fsvh2892-2L-e", DSP48E2,
	  1303680, 2607360, 9024, 4032, 960 },
	/* DS950 Versal AI Core VC1902 (899840 LUT, 1968 DSP58, 967 BRAM36,
	 * 463 URAM); datasheet, not verified */
	{ "xcvc1902", "versal", "xcvc1902-vsva2197-2MP-e-S", DSP58,
	  899840, 1799680, 1968, 1934, 463 },
};

const int part_builtin_n = (int)(sizeof(part_builtin) /
				 sizeof(part_builtin[0]));
