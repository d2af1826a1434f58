package io.energymon.collector.steam;

/**
 * Thermodynamic properties of water and steam by the IAPWS Industrial Formulation 1997 (IAPWS R7-97(2012),
 * "Revised Release on the IAPWS Industrial Formulation 1997 for the Thermodynamic Properties of Water and Steam"):
 * the basic equations of region 1 (compressed water, Eq. 7), region 2 (superheated steam, Eq. 15, the stable
 * region only), region 4 (saturation line, Eqs. 30 and 31) and the boundary between regions 2 and 3 (B23, Eqs. 5
 * and 6). Region 3 (near the critical point, a Helmholtz equation in density that needs an iteration for (p, T)) and
 * region 5 (above 800 °C) are recognised by {@link #region} but have no properties here: {@link #state} refuses them.
 *
 * <p>Units are the release's: pressure in MPa (absolute), temperature in K, specific volume in m³/kg, enthalpy and
 * internal energy in kJ/kg, entropy and heat capacity in kJ/(kg·K), speed of sound in m/s. Checked against the
 * release's computer-program verification tables (5, 15, 35, 36) in {@code If97Test}. Stateless and thread-safe.
 *
 * <p>No maintained IF97 library is on Maven Central: {@code com.hummeling:if97} (LGPL) was last released there as
 * 1.0.5 in 2017; its later versions are published on SourceForge only.
 */
public final class If97 {
    /** Specific gas constant of water, kJ/(kg·K) (Eq. 1). */
    public static final double R = 0.461526;
    /** Critical temperature, K (Eq. 2). */
    public static final double T_CRITICAL = 647.096;
    /** Critical pressure, MPa (Eq. 3). */
    public static final double P_CRITICAL = 22.064;
    /** Lowest temperature of the formulation, K (0 °C). */
    public static final double T_MIN = 273.15;
    /** Highest temperature of regions 1 and 3 (350 °C), K: the lower end of the B23 boundary. */
    public static final double T_13 = 623.15;
    /** Highest temperature of region 2 (800 °C), K. */
    public static final double T_MAX_2 = 1073.15;
    /** Highest temperature of region 5 (2000 °C), K. */
    public static final double T_MAX_5 = 2273.15;
    /** Highest pressure of regions 1 to 3, MPa. */
    public static final double P_MAX = 100;
    /** Highest pressure of region 5, MPa. */
    public static final double P_MAX_5 = 50;

    /** Where a state (p, T) lies in the formulation (Figure 1 of the release). */
    public enum Region {
        /** Compressed (sub-cooled) water. */
        REGION_1,
        /** Superheated steam. */
        REGION_2,
        /** Near the critical point, above 350 °C and above the B23 boundary: not computed here. */
        REGION_3,
        /** On the saturation line (exactly): liquid and vapour coexist, (p, T) does not fix the state. */
        REGION_4,
        /** High-temperature steam above 800 °C: not computed here. */
        REGION_5,
        /** Outside the range of validity of IAPWS-IF97. */
        OUTSIDE
    }

    /**
     * Properties of one single-phase state.
     *
     * @param region    region 1 or 2
     * @param volume    specific volume v, m³/kg
     * @param enthalpy  specific enthalpy h, kJ/kg
     * @param energy    specific internal energy u, kJ/kg
     * @param entropy   specific entropy s, kJ/(kg·K)
     * @param cp        specific isobaric heat capacity, kJ/(kg·K)
     * @param sound     speed of sound w, m/s
     */
    public record State(Region region, double volume, double enthalpy, double energy, double entropy, double cp,
                        double sound) {
        /** Density, kg/m³. */
        public double density() {
            return 1 / volume;
        }
    }

    /** A (p, T) for which this implementation has no properties. */
    public static final class OutOfRangeException extends IllegalArgumentException {
        private final Region region;

        OutOfRangeException(Region region, String message) {
            super(message);
            this.region = region;
        }

        public Region region() {
            return region;
        }
    }

    // Region 1, Table 2: I, J, n of Eq. (7)
    private static final int[] I1 = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 8,
        8, 21, 23, 29, 30, 31, 32};
    private static final int[] J1 = {-2, -1, 0, 1, 2, 3, 4, 5, -9, -7, -1, 0, 1, 3, -3, 0, 1, 3, 17, -4, 0, 6, -5, -2,
        10, -8, -11, -6, -29, -31, -38, -39, -40, -41};
    private static final double[] N1 = {
        0.14632971213167, -0.84548187169114, -0.37563603672040e1, 0.33855169168385e1,
        -0.95791963387872, 0.15772038513228, -0.16616417199501e-1, 0.81214629983568e-3,
        0.28319080123804e-3, -0.60706301565874e-3, -0.18990068218419e-1, -0.32529748770505e-1,
        -0.21841717175414e-1, -0.52838357969930e-4, -0.47184321073267e-3, -0.30001780793026e-3,
        0.47661393906987e-4, -0.44141845330846e-5, -0.72694996297594e-15, -0.31679644845054e-4,
        -0.28270797985312e-5, -0.85205128120103e-9, -0.22425281908000e-5, -0.65171222895601e-6,
        -0.14341729937924e-12, -0.40516996860117e-6, -0.12734301741641e-8, -0.17424871230634e-9,
        -0.68762131295531e-18, 0.14478307828521e-19, 0.26335781662795e-22, -0.11947622640071e-22,
        0.18228094581404e-23, -0.93537087292458e-25};

    // Region 2, Table 10: ideal-gas part of Eq. (16)
    private static final int[] J0 = {0, 1, -5, -4, -3, -2, -1, 2, 3};
    private static final double[] N0 = {
        -0.96927686500217e1, 0.10086655968018e2, -0.56087911283020e-2, 0.71452738081455e-1,
        -0.40710498223928, 0.14240819171444e1, -0.43839511319450e1, -0.28408632460772, 0.21268463753307e-1};

    // Region 2, Table 11: residual part of Eq. (17)
    private static final int[] I2 = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 5, 6, 6, 6, 7, 7, 7, 8, 8, 9,
        10, 10, 10, 16, 16, 18, 20, 20, 20, 21, 22, 23, 24, 24, 24};
    private static final int[] J2 = {0, 1, 2, 3, 6, 1, 2, 4, 7, 36, 0, 1, 3, 6, 35, 1, 2, 3, 7, 3, 16, 35, 0, 11, 25, 8,
        36, 13, 4, 10, 14, 29, 50, 57, 20, 35, 48, 21, 53, 39, 26, 40, 58};
    private static final double[] N2 = {
        -0.17731742473213e-2, -0.17834862292358e-1, -0.45996013696365e-1, -0.57581259083432e-1,
        -0.50325278727930e-1, -0.33032641670203e-4, -0.18948987516315e-3, -0.39392777243355e-2,
        -0.43797295650573e-1, -0.26674547914087e-4, 0.20481737692309e-7, 0.43870667284435e-6,
        -0.32277677238570e-4, -0.15033924542148e-2, -0.40668253562649e-1, -0.78847309559367e-9,
        0.12790717852285e-7, 0.48225372718507e-6, 0.22922076337661e-5, -0.16714766451061e-10,
        -0.21171472321355e-2, -0.23895741934104e2, -0.59059564324270e-17, -0.12621808899101e-5,
        -0.38946842435739e-1, 0.11256211360459e-10, -0.82311340897998e1, 0.19809712802088e-7,
        0.10406965210174e-18, -0.10234747095929e-12, -0.10018179379511e-8, -0.80882908646985e-10,
        0.10693031879409, -0.33662250574171, 0.89185845355421e-24, 0.30629316876232e-12,
        -0.42002467698208e-5, -0.59056029685639e-25, 0.37826947613457e-5, -0.12768608934681e-14,
        0.73087610595061e-28, 0.55414715350778e-16, -0.94369707241210e-6};

    // Region 4, Table 34: n1..n10 of Eqs. (29) to (31), index 0 unused
    private static final double[] N4 = {Double.NaN,
        0.11670521452767e4, -0.72421316703206e6, -0.17073846940092e2, 0.12020824702470e5,
        -0.32325550322333e7, 0.14915108613530e2, -0.48232657361591e4, 0.40511340542057e6,
        -0.23855557567849, 0.65017534844798e3};

    /** Lowest pressure of the saturation line, MPa: Eq. (30) at 273.15 K (611.213 Pa). */
    public static final double P_SAT_MIN = saturationPressure(T_MIN);
    /** Highest pressure of the saturation line, MPa: Eq. (30) at the critical temperature (22.064 MPa). */
    public static final double P_SAT_MAX = saturationPressure(T_CRITICAL);

    // B23, Table 1: n1..n5 of Eqs. (5) and (6), index 0 unused
    private static final double[] NB23 = {Double.NaN,
        0.34805185628969e3, -0.11671859879975e1, 0.10192970039326e-2, 0.57254459862746e3, 0.13918839778870e2};

    private If97() {
    }

    /** The region of (p, T); p in MPa (absolute), T in K. NaN or infinite values are {@link Region#OUTSIDE}. */
    public static Region region(double p, double t) {
        if (!(p > 0) || !(t >= T_MIN) || Double.isInfinite(p) || Double.isInfinite(t)) {
            return Region.OUTSIDE;
        }
        if (t > T_MAX_2) {
            return t <= T_MAX_5 && p <= P_MAX_5 ? Region.REGION_5 : Region.OUTSIDE;
        }
        if (p > P_MAX) {
            return Region.OUTSIDE;
        }
        if (t <= T_13) {
            double ps = saturationPressure(t);
            if (p > ps) {
                return Region.REGION_1;
            }
            return p < ps ? Region.REGION_2 : Region.REGION_4;
        }
        return p <= b23Pressure(t) ? Region.REGION_2 : Region.REGION_3;
    }

    /**
     * Properties of the single-phase state (p, T); p in MPa (absolute), T in K.
     *
     * @throws OutOfRangeException when (p, T) is not in region 1 or 2
     */
    public static State state(double p, double t) {
        Region r = region(p, t);
        return switch (r) {
            case REGION_1 -> region1(p, t);
            case REGION_2 -> region2(p, t);
            case REGION_3 -> throw new OutOfRangeException(r, "IF97 region 3 (near the critical point) is not supported: p = "
                    + p + " MPa, T = " + t + " K");
            case REGION_4 -> throw new OutOfRangeException(r, "on the saturation line, (p, T) does not fix the state: p = "
                    + p + " MPa, T = " + t + " K");
            case REGION_5 -> throw new OutOfRangeException(r, "IF97 region 5 (above 800 °C) is not supported: p = " + p
                    + " MPa, T = " + t + " K");
            case OUTSIDE -> throw new OutOfRangeException(r, "outside the range of IAPWS-IF97: p = " + p + " MPa, T = "
                    + t + " K");
        };
    }

    /** Specific enthalpy, kJ/kg, of (p, T) in region 1 or 2. */
    public static double enthalpy(double p, double t) {
        return state(p, t).enthalpy();
    }

    /** Specific volume, m³/kg, of (p, T) in region 1 or 2. */
    public static double volume(double p, double t) {
        return state(p, t).volume();
    }

    /** Region 1, Eq. (7) and Table 3; no range check. */
    static State region1(double p, double t) {
        double pi = p / 16.53;
        double tau = 1386 / t;
        double a = 7.1 - pi;
        double b = tau - 1.222;
        double g = 0, gp = 0, gpp = 0, gt = 0, gtt = 0, gpt = 0;
        for (int k = 0; k < N1.length; k++) {
            int i = I1[k];
            int j = J1[k];
            double n = N1[k];
            double ai = Math.pow(a, i);
            double bj = Math.pow(b, j);
            double ai1 = i == 0 ? 0 : Math.pow(a, i - 1);
            double bj1 = j == 0 ? 0 : Math.pow(b, j - 1);
            g += n * ai * bj;
            gp -= n * i * ai1 * bj;
            gpp += i < 2 ? 0 : n * i * (i - 1) * Math.pow(a, i - 2) * bj;
            gt += n * ai * j * bj1;
            gtt += j == 0 || j == 1 ? 0 : n * ai * j * (j - 1) * Math.pow(b, j - 2);
            gpt -= n * i * ai1 * j * bj1;
        }
        double rt = R * t;
        double sound2 = 1000 * rt * gp * gp / ((gp - tau * gpt) * (gp - tau * gpt) / (tau * tau * gtt) - gpp);
        return new State(Region.REGION_1, pi * gp * rt / (p * 1000), rt * tau * gt, rt * (tau * gt - pi * gp),
                R * (tau * gt - g), -R * tau * tau * gtt, Math.sqrt(sound2));
    }

    /** Region 2, Eq. (15) and Table 12; no range check. */
    static State region2(double p, double t) {
        double pi = p;
        double tau = 540 / t;
        double g0 = Math.log(pi), g0t = 0, g0tt = 0;
        for (int k = 0; k < N0.length; k++) {
            int j = J0[k];
            g0 += N0[k] * Math.pow(tau, j);
            g0t += N0[k] * j * Math.pow(tau, j - 1);
            g0tt += N0[k] * j * (j - 1) * Math.pow(tau, j - 2);
        }
        double b = tau - 0.5;
        double gr = 0, grp = 0, grpp = 0, grt = 0, grtt = 0, grpt = 0;
        for (int k = 0; k < N2.length; k++) {
            int i = I2[k];
            int j = J2[k];
            double n = N2[k];
            double pii = Math.pow(pi, i);
            double pii1 = Math.pow(pi, i - 1);
            double bj = Math.pow(b, j);
            double bj1 = j == 0 ? 0 : Math.pow(b, j - 1);
            gr += n * pii * bj;
            grp += n * i * pii1 * bj;
            grpp += i < 2 ? 0 : n * i * (i - 1) * Math.pow(pi, i - 2) * bj;
            grt += n * pii * j * bj1;
            grtt += j == 0 || j == 1 ? 0 : n * pii * j * (j - 1) * Math.pow(b, j - 2);
            grpt += n * i * pii1 * j * bj1;
        }
        double rt = R * t;
        double gammaTau = g0t + grt;
        double gammaTauTau = g0tt + grtt;
        double x = 1 + pi * grp - tau * pi * grpt;
        double sound2 = 1000 * rt * (1 + 2 * pi * grp + pi * pi * grp * grp)
                / ((1 - pi * pi * grpp) + x * x / (tau * tau * gammaTauTau));
        return new State(Region.REGION_2, pi * (1 / pi + grp) * rt / (p * 1000), rt * tau * gammaTau,
                rt * (tau * gammaTau - pi * (1 / pi + grp)), R * (tau * gammaTau - (g0 + gr)),
                -R * tau * tau * gammaTauTau, Math.sqrt(sound2));
    }

    /**
     * Saturation pressure, MPa, at temperature T in K (Eq. 30), for 273.15 K ≤ T ≤ 647.096 K.
     *
     * @throws OutOfRangeException outside that range
     */
    public static double saturationPressure(double t) {
        if (!(t >= T_MIN && t <= T_CRITICAL)) {
            throw new OutOfRangeException(Region.OUTSIDE, "no saturation pressure at T = " + t
                    + " K: the saturation line runs from 273.15 K to 647.096 K");
        }
        double theta = t + N4[9] / (t - N4[10]);
        double a = theta * theta + N4[1] * theta + N4[2];
        double b = N4[3] * theta * theta + N4[4] * theta + N4[5];
        double c = N4[6] * theta * theta + N4[7] * theta + N4[8];
        double x = 2 * c / (-b + Math.sqrt(b * b - 4 * a * c));
        return x * x * x * x;
    }

    /**
     * Saturation temperature, K, at pressure p in MPa (Eq. 31), for 611.213 Pa ≤ p ≤ 22.064 MPa.
     *
     * @throws OutOfRangeException outside that range
     */
    public static double saturationTemperature(double p) {
        if (!(p >= P_SAT_MIN && p <= P_SAT_MAX)) {
            throw new OutOfRangeException(Region.OUTSIDE, "no saturation temperature at p = " + p
                    + " MPa: the saturation line runs from 611.213 Pa to 22.064 MPa");
        }
        double beta = Math.pow(p, 0.25);
        double e = beta * beta + N4[3] * beta + N4[6];
        double f = N4[1] * beta * beta + N4[4] * beta + N4[7];
        double g = N4[2] * beta * beta + N4[5] * beta + N4[8];
        double d = 2 * g / (-f - Math.sqrt(f * f - 4 * e * g));
        double s = N4[10] + d;
        return (s - Math.sqrt(s * s - 4 * (N4[9] + N4[10] * d))) / 2;
    }

    /** Pressure, MPa, of the boundary between regions 2 and 3 at temperature T in K (Eq. 5). */
    public static double b23Pressure(double t) {
        return NB23[1] + NB23[2] * t + NB23[3] * t * t;
    }

    /** Temperature, K, of the boundary between regions 2 and 3 at pressure p in MPa (Eq. 6). */
    public static double b23Temperature(double p) {
        return NB23[4] + Math.sqrt((p - NB23[5]) / NB23[3]);
    }
}
