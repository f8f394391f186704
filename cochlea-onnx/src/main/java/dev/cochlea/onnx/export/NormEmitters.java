package dev.cochlea.onnx.export;

import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.BatchNorm2d;
import dev.cochlea.nn.BatchNormNd;
import dev.cochlea.nn.SubSpectralNorm;
import dev.cochlea.onnx.export.ExportGraph.Value;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Emitters of the normalisations in inference form: batch norm as BatchNormalization with the
 * running statistics; sub-spectral norm as Reshape to {@code [N, C·S, F/S, T]}, BatchNormalization
 * and Reshape back, or, when {@code F} is not a multiple of {@code S}, as a Split of the frequency
 * axis into PyTorch's {@code tensor_split} sub-bands, each normalised with its own slice of the
 * statistics, and a Concat.
 */
final class NormEmitters {
    private NormEmitters() {}

    static void register(LayerEmitters.Registry r) {
        r.put(BatchNorm1d.class, NormEmitters::batchNorm);
        r.put(BatchNorm2d.class, NormEmitters::batchNorm);
        r.put(SubSpectralNorm.class, NormEmitters::subSpectral);
    }

    private static Value batchNorm(BatchNormNd m, Value x, ExportScope s) {
        if (m.runningMean == null || m.runningVar == null) {
            throw s.unsupported("it keeps no running statistics, so evaluation normalises with each batch's own, which has no "
                    + "inference-form BatchNormalization");
        }
        if (x.rank() < 2 || x.dim(1) != m.numFeatures()) throw s.unsupported("input of shape " + Arrays.toString(x.shape()));
        String scale = m.weight != null ? s.weight(m.weight) : s.graph().floats(s.path(), Tensor.ones(m.numFeatures()));
        String shift = m.bias != null ? s.weight(m.bias) : s.graph().floats(s.path(), Tensor.zeros(m.numFeatures()));
        return s.node("BatchNormalization").in(x.name(), scale, shift, s.weight(m.runningMean), s.weight(m.runningVar))
                .f("epsilon", m.eps()).output(x.shape());
    }

    private static Value subSpectral(SubSpectralNorm m, Value x, ExportScope s) {
        int c = m.numFeatures(), bands = m.subBands(), f = x.dim(2), t = x.dim(3);
        if (f % bands == 0) {
            Value split = s.reshape(x, x.dim(0), c * bands, f / bands, t);
            return s.reshape(s.child("ssnorm", split), x.shape());
        }
        BatchNorm2d bn = m.ssnorm;
        if (bn.runningMean == null || bn.weight == null) throw s.unsupported("its batch norm has no running statistics or no affine parameters");
        int base = f / bands, extra = f % bands;
        int[][] shapes = new int[bands][];
        long[] sizes = new long[bands];
        for (int b = 0; b < bands; b++) {
            sizes[b] = base + (b < extra ? 1 : 0);
            shapes[b] = new int[] {x.dim(0), c, (int) sizes[b], t};
        }
        List<Value> parts = s.node("Split").in(x.name(), s.ints(sizes)).i("axis", 2).outputs(shapes);
        Tensor[] stats = {bn.weight, bn.bias, bn.runningMean, bn.runningVar};
        String[] names = {"weight", "bias", "running_mean", "running_var"};
        List<String> normed = new ArrayList<>();
        for (int b = 0; b < bands; b++) {
            String[] in = new String[5];
            in[0] = parts.get(b).name();
            for (int k = 0; k < 4; k++) {
                // channel i of sub-band b is batch-norm channel i·S + b
                Tensor band = stats[k].view(c, bands).select(1, b).contiguous();
                in[k + 1] = s.graph().derived(s.path() + ".ssnorm." + names[k] + ".band" + b, band);
            }
            normed.add(s.node("BatchNormalization").in(in).f("epsilon", bn.eps()).output(shapes[b]).name());
        }
        return s.node("Concat").in(normed.toArray(String[]::new)).i("axis", 2).output(x.shape());
    }
}
