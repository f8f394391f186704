package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The signal-processing operators of opset 17, so a model that keeps its spectrogram inside the
 * graph runs too: HannWindow, HammingWindow, BlackmanWindow, MelWeightMatrix, DFT and STFT (complex
 * values as a trailing dimension of 2). Transforms are products with cosine and sine matrices, so
 * they run on the GEMM kernels and carry gradients.
 */
final class Spectral {
    private Spectral() {}

    static void register(Map<String, Operator> ops) {
        window(ops, "HannWindow", new double[] {0.5, 0.5, 0});
        window(ops, "HammingWindow", new double[] {25.0 / 46, 21.0 / 46, 0});
        window(ops, "BlackmanWindow", new double[] {0.42, 0.5, 0.08});
        ops.put("MelWeightMatrix", Spectral::melWeightMatrix);
        ops.put("DFT", Spectral::dft);
        ops.put("STFT", Spectral::stft);
    }

    private static void window(Map<String, Operator> ops, String name, double[] a) {
        ops.put(name, n -> {
            long size = Ints.values(n.input(0))[0];
            Shapes.requireAllocatable(n, new long[] {size});
            boolean periodic = n.attributes().i("periodic", 1) != 0;
            double period = periodic ? size : size - 1;
            float[] w = new float[(int) size];
            for (int i = 0; i < w.length; i++) {
                double t = 2 * Math.PI * i / period;
                w[i] = (float) (a[0] - a[1] * Math.cos(t) + a[2] * Math.cos(2 * t));
            }
            return new Tensor[] {typed(n, Tensor.wrap(w, w.length))};
        });
    }

    private static Tensor typed(NodeCall n, Tensor y) {
        int type = (int) n.attributes().i("output_datatype", 1);
        return type == 1 || type == 11 || type == 10 || type == 16 ? y : y.toLong();
    }

    /** ONNX's mel filter bank: triangles on HTK-mel-spaced DFT bins, [dft_length / 2 + 1, num_mel_bins]. */
    private static Tensor[] melWeightMatrix(NodeCall n) {
        int mels = (int) Ints.values(n.input(0))[0], dft = (int) Ints.values(n.input(1))[0];
        long rate = Ints.values(n.input(2))[0];
        double lo = Ints.toFloat(n.input(3)).toFloatArray()[0], hi = Ints.toFloat(n.input(4)).toFloatArray()[0];
        int bins = dft / 2 + 1;
        Shapes.requireAllocatable(n, new long[] {bins, mels});
        double loMel = 2595 * Math.log10(1 + lo / 700), hiMel = 2595 * Math.log10(1 + hi / 700);
        double step = (hiMel - loMel) / (mels + 2);    // the specification's spacing: the top edge lies below upper_edge_hertz
        int[] edge = new int[mels + 2];
        for (int i = 0; i < edge.length; i++) {
            double hz = 700 * (Math.pow(10, (i * step + loMel) / 2595) - 1);
            edge[i] = (int) Math.floor((dft + 1) * hz / rate);
        }
        float[] w = new float[bins * mels];
        for (int m = 0; m < mels; m++) {
            int left = edge[m], centre = edge[m + 1], right = edge[m + 2];
            if (centre == left) {
                if (centre >= 0 && centre < bins) w[centre * mels + m] = 1f;
            } else {
                for (int j = Math.max(left, 0); j <= centre && j < bins; j++) w[j * mels + m] = (float) (j - left) / (centre - left);
            }
            if (right > centre) {
                for (int j = Math.max(centre, 0); j < right && j < bins; j++) w[j * mels + m] = (float) (right - j) / (right - centre);
            }
        }
        return new Tensor[] {typed(n, Tensor.wrap(w, bins, mels))};
    }

    /** {cos, sin} of 2πkt/length for t < rows, k < bins: [rows, bins] each. */
    private static Tensor[] basis(int rows, int bins, int length) {
        float[] c = new float[rows * bins], s = new float[rows * bins];
        for (int t = 0; t < rows; t++) {
            for (int k = 0; k < bins; k++) {
                double a = 2 * Math.PI * ((long) k * t % length) / length;
                c[t * bins + k] = (float) Math.cos(a);
                s[t * bins + k] = (float) Math.sin(a);
            }
        }
        return new Tensor[] {Tensor.wrap(c, rows, bins), Tensor.wrap(s, rows, bins)};
    }

    /**
     * The DFT of {@code re} (+ i {@code im}, null when real) along their last axis, of length
     * {@code length} (the signals are cut or zero-padded to it): {real, imag} over {@code bins} bins.
     */
    private static Tensor[] transform(Tensor re, Tensor im, int length, int bins, boolean inverse) {
        int have = re.size(re.dim() - 1);
        if (have > length) {
            re = re.narrow(re.dim() - 1, 0, length);
            if (im != null) im = im.narrow(im.dim() - 1, 0, length);
            have = length;
        }
        Tensor[] b = basis(have, bins, length);
        Tensor c = b[0], s = inverse ? b[1].neg() : b[1];
        // X = Σ (re + i·im)(cos − i·sin) = (re·cos + im·sin) + i(im·cos − re·sin); the inverse flips sin and divides by the length.
        Tensor real = re.matmul(c), imag = re.matmul(s).neg();
        if (im != null) {
            real = real.add(im.matmul(s));
            imag = imag.add(im.matmul(c));
        }
        if (inverse) {
            real = real.div(length);
            imag = imag.div(length);
        }
        return new Tensor[] {real, imag};
    }

    private static Tensor[] dft(NodeCall n) {
        Tensor x = Ints.toFloat(n.input(0));
        if (n.opset() >= 20) throw n.unsupported("DFT of opset 20 (axis as an input) is not supported");
        int rank = x.dim();
        int last = x.size(rank - 1);
        if (last != 1 && last != 2) throw n.error("the last dimension must be 1 (real) or 2 (complex), found " + last);
        int axis = Shapes.axis(n, n.attributes().i("axis", 1), rank - 1);
        boolean inverse = n.attributes().i("inverse", 0) != 0, onesided = n.attributes().i("onesided", 0) != 0;
        if (onesided && last == 2) throw n.error("onesided needs a real input");
        int length = n.has(1) ? (int) Ints.values(n.input(1))[0] : x.size(axis);
        if (length < 1) throw n.error("dft_length " + length);
        int bins = onesided ? length / 2 + 1 : length;
        Shapes.requireAllocatable(n, new long[] {length, bins, 2});
        Tensor re = x.narrow(rank - 1, 0, 1).squeeze(rank - 1).transpose(axis, rank - 2);
        Tensor im = last == 2 ? x.narrow(rank - 1, 1, 1).squeeze(rank - 1).transpose(axis, rank - 2) : null;
        Tensor[] out = transform(re.contiguous(), im == null ? null : im.contiguous(), length, bins, inverse);
        Tensor y = Tensor.stack(List.of(out[0].transpose(axis, rank - 2), out[1].transpose(axis, rank - 2)), rank - 1);
        return new Tensor[] {y.contiguous()};
    }

    private static Tensor[] stft(NodeCall n) {
        Tensor x = Ints.toFloat(n.input(0));
        if (x.dim() != 3) throw n.error("signal must be [batch, length, 1 or 2], found " + java.util.Arrays.toString(x.shape()));
        int last = x.size(2);
        if (last != 1 && last != 2) throw n.error("the last dimension must be 1 (real) or 2 (complex), found " + last);
        int step = (int) Ints.values(n.input(1))[0];
        Tensor window = n.optional(2) == null ? null : Ints.toFloat(n.input(2));
        int frameLength = n.has(3) ? (int) Ints.values(n.input(3))[0] : window != null ? window.numel() : -1;
        if (frameLength < 1) throw n.error("frame_length or a window is required");
        if (window != null && window.numel() != frameLength) throw n.error("window of " + window.numel() + " for frames of " + frameLength);
        if (step < 1) throw n.error("frame_step " + step);
        boolean onesided = n.attributes().i("onesided", 1) != 0;
        if (onesided && last == 2) throw n.error("onesided needs a real signal");
        int length = x.size(1);
        int frames = length < frameLength ? 0 : (length - frameLength) / step + 1;
        int bins = onesided ? frameLength / 2 + 1 : frameLength;
        Shapes.requireAllocatable(n, new long[] {x.size(0), frames, bins, 2});
        long[] idx = new long[frames * frameLength];
        for (int f = 0; f < frames; f++) for (int t = 0; t < frameLength; t++) idx[f * frameLength + t] = (long) f * step + t;
        Tensor pick = Ints.vector(idx);
        List<Tensor> parts = new ArrayList<>();
        for (int c = 0; c < last; c++) {
            Tensor framed = x.narrow(2, c, 1).squeeze(2).indexSelect(1, pick).reshape(x.size(0), frames, frameLength);
            parts.add(window == null ? framed : framed.mul(window));
        }
        Tensor[] out = transform(parts.get(0), last == 2 ? parts.get(1) : null, frameLength, bins, false);
        return new Tensor[] {Tensor.stack(List.of(out[0], out[1]), 3).contiguous()};
    }
}
