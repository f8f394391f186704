package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

/** The error function element-wise (no gradient): W. J. Cody's rational approximations, to double precision. */
final class Erf {
    private Erf() {}

    static Tensor of(Tensor x) {
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] = (float) erf(v[i]);
        return Tensor.wrap(v, x.shape());
    }

    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 0.5) {
            double t = x * x;
            double top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t
                    + 3209.37758913846947;
            double bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
            return x * top / bot;
        } else if (a < 4) {
            double top = (((((((2.15311535474403846e-8 * a + 0.564188496988670089) * a + 8.88314979438837594) * a
                    + 66.1191906371416295) * a + 298.635138197400131) * a + 881.952221241769090) * a + 1712.04761263407058) * a
                    + 2051.07837782607147) * a + 1230.33935479799725;
            double bot = (((((((a + 15.7449261107098347) * a + 117.693950891312499) * a + 537.181101862009858) * a
                    + 1621.38957456669019) * a + 3290.79923573345963) * a + 4362.61909014324716) * a + 3439.36767414372164) * a
                    + 1230.33935480374942;
            r = 1 - Math.exp(-a * a) * top / bot;
        } else {
            double t = 1 / (a * a);
            double top = ((((0.0163153871373020978 * t + 0.305326634961232344) * t + 0.360344899949804439) * t
                    + 0.125781726111229246) * t + 0.0160837851487422766) * t + 0.000658749161529837803;
            double bot = ((((t + 2.56852019228982242) * t + 1.87295284992346725) * t + 0.527905102951428412) * t
                    + 0.0605183413124413191) * t + 0.00233520497626869185;
            r = 1 - Math.exp(-a * a) / a * (0.564189583547756287 - t * top / bot);
        }
        return x < 0 ? -r : r;
    }
}
