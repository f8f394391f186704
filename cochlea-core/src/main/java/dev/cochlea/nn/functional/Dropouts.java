package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * Dropout as a stateless, autograd-aware operation ({@code F.dropout}): in training, each element
 * is zeroed with probability {@code p} and the survivors are scaled by {@code 1 / (1 - p)}, so the
 * expected value is unchanged; in evaluation the input passes through untouched. Internal: call
 * it through {@link F}.
 *
 * <pre>{@code
 * Generator g = new Generator(0);
 * Tensor y = F.dropout(h, 0.5f, true, g);   // about half of h zeroed, the rest doubled
 * Tensor z = F.dropout(h, 0.5f, false, g);  // z == h
 * }</pre>
 */
final class Dropouts {
    private Dropouts() {}

    /**
     * Zeroes elements of {@code x} with probability {@code p} (drawn from {@code generator}, or
     * the default generator when null) and scales the rest by {@code 1 / (1 - p)}; returns
     * {@code x} itself when not training or {@code p == 0}. The gradient is masked and scaled the
     * same way.
     *
     * <pre>{@code
     * Tensor y = F.dropout(x, 0.1f, model.isTraining(), null);
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code p} is outside [0, 1]
     */
    static Tensor dropout(Tensor x, float p, boolean training, Generator generator) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout: probability has to be between 0 and 1, but got " + p);
        }
        Support.requireFloat("dropout", "input", x);
        if (!training || p == 0f) return x;
        Generator g = generator == null ? Generator.defaultGenerator() : generator;
        int n = x.numel();
        float[] mask = new float[n];
        if (p < 1f) {
            float scale = (float) (1.0 / (1.0 - p));
            g.fillUniform(mask, 0, n, 0f, 1f);
            for (int i = 0; i < n; i++) mask[i] = mask[i] >= p ? scale : 0f;
        }
        Tensor xc = Support.dense(x);
        float[] xd = xc.storage();
        int xo = xc.offset();
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = xd[xo + i] * mask[i];
        int[] shape = x.shape();
        return Autograd.record(Tensor.wrap(y, shape), "NativeDropoutBackward", new Tensor[] {x}, grad -> {
            Tensor gc = Support.dense(grad);
            float[] gd = gc.storage();
            int go = gc.offset();
            float[] gx = new float[n];
            for (int i = 0; i < n; i++) gx[i] = gd[go + i] * mask[i];
            return new Tensor[] {Tensor.wrap(gx, shape)};
        });
    }

    /** {@link #dropout(Tensor, float, boolean, Generator)} with the default generator. */
    static Tensor dropout(Tensor x, float p, boolean training) {
        return dropout(x, p, training, null);
    }

    /**
     * Channel dropout ({@code F.dropout2d}): in training, every channel {@code [n, c, ...]} of
     * {@code x} ({@code [N, C, ...]}, at least 3-D) is zeroed as a whole with probability {@code p}
     * and the rest are scaled by {@code 1 / (1 - p)}; returns {@code x} itself when not training or
     * {@code p == 0}. The gradient is masked and scaled the same way.
     *
     * <pre>{@code
     * Tensor y = F.dropout2d(h, 0.1f, model.isTraining(), null);   // h [8, 16, 1, 63]
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code p} is outside [0, 1] or {@code x} has fewer than 3 dims
     */
    static Tensor dropout2d(Tensor x, float p, boolean training, Generator generator) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout2d: probability has to be between 0 and 1, but got " + p);
        }
        Support.requireFloat("dropout2d", "input", x);
        if (x.dim() < 3) {
            throw new IllegalArgumentException("dropout2d: input must be at least 3-D [N, C, ...], found shape " + Support.str(x));
        }
        if (!training || p == 0f) return x;
        Generator g = generator == null ? Generator.defaultGenerator() : generator;
        int[] shape = x.shape();
        int planes = shape[0] * shape[1];
        int n = x.numel();
        int plane = planes == 0 ? 0 : n / planes;
        float[] mask = new float[planes];
        if (p < 1f) {
            float scale = (float) (1.0 / (1.0 - p));
            g.fillUniform(mask, 0, planes, 0f, 1f);
            for (int i = 0; i < planes; i++) mask[i] = mask[i] >= p ? scale : 0f;
        }
        Tensor xc = Support.dense(x);
        float[] xd = xc.storage();
        int xo = xc.offset();
        float[] y = new float[n];
        for (int i = 0; i < planes; i++) {
            float m = mask[i];
            for (int j = i * plane, e = j + plane; j < e; j++) y[j] = xd[xo + j] * m;
        }
        return Autograd.record(Tensor.wrap(y, shape), "MulBackward0", new Tensor[] {x}, grad -> {
            Tensor gc = Support.dense(grad);
            float[] gd = gc.storage();
            int go = gc.offset();
            float[] gx = new float[n];
            for (int i = 0; i < planes; i++) {
                float m = mask[i];
                for (int j = i * plane, e = j + plane; j < e; j++) gx[j] = gd[go + j] * m;
            }
            return new Tensor[] {Tensor.wrap(gx, shape)};
        });
    }
}
