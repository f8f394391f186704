package dev.cochlea.kernels;

import java.util.Arrays;

/**
 * The column transforms behind convolution: {@link #im2col} lays every receptive field of an image
 * out as one column of a matrix, so a convolution becomes one matrix product, and {@link #col2im}
 * is its adjoint (it sums columns back into the image, which is the gradient of im2col and the core
 * of transposed convolution).
 *
 * <p>One implementation serves 1-D, 2-D and 3-D: a {@link Geometry} always has three spatial
 * dimensions, the missing leading ones of size 1. The column matrix of one image of {@code C}
 * channels has {@code C·kd·kh·kw} rows (channel slowest, then kernel depth, height, width, the
 * order of a PyTorch weight {@code [out, in, kd, kh, kw]}) and {@code od·oh·ow} columns; its row
 * stride {@code ld} may be larger, so several images can share one matrix side by side.
 * Positions that fall into the padding read as zero (im2col) or are dropped (col2im).
 *
 * <pre>{@code
 * Im2col.Geometry g = Im2col.Geometry.of(new int[] {5, 5}, new int[] {4, 4},
 *         new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1});
 * float[] col = new float[1 * g.kernelSize() * g.outSize()];      // 4 rows, 16 columns
 * Im2col.im2col(g, image, 0, 0, 1, col, 0, g.outSize());
 * }</pre>
 */
public final class Im2col {
    private Im2col() {}

    /**
     * The spatial geometry of one convolution, always three dimensions (depth, height, width):
     * input (image) size, output size, kernel, stride, padding before each dimension and dilation.
     * The padding after a dimension is implied by the output size.
     */
    public static final class Geometry {
        public final int id, ih, iw;
        public final int od, oh, ow;
        public final int kd, kh, kw;
        public final int sd, sh, sw;
        public final int pd, ph, pw;
        public final int dd, dh, dw;

        private Geometry(int[] in, int[] out, int[] k, int[] s, int[] p, int[] d) {
            id = in[0]; ih = in[1]; iw = in[2];
            od = out[0]; oh = out[1]; ow = out[2];
            kd = k[0]; kh = k[1]; kw = k[2];
            sd = s[0]; sh = s[1]; sw = s[2];
            pd = p[0]; ph = p[1]; pw = p[2];
            dd = d[0]; dh = d[1]; dw = d[2];
        }

        /**
         * A geometry from per-dimension arrays of one to three entries (the last dimensions; missing
         * leading ones get size 1, kernel 1, stride 1, padding 0, dilation 1).
         */
        public static Geometry of(int[] in, int[] out, int[] kernel, int[] stride, int[] padBefore, int[] dilation) {
            int r = in.length;
            if (r < 1 || r > 3 || out.length != r || kernel.length != r || stride.length != r
                    || padBefore.length != r || dilation.length != r) {
                throw new IllegalArgumentException("Im2col.Geometry: expected 1 to 3 entries per argument, found in="
                        + Arrays.toString(in) + " out=" + Arrays.toString(out) + " kernel=" + Arrays.toString(kernel)
                        + " stride=" + Arrays.toString(stride) + " padding=" + Arrays.toString(padBefore)
                        + " dilation=" + Arrays.toString(dilation));
            }
            return new Geometry(pad3(in, 1), pad3(out, 1), pad3(kernel, 1), pad3(stride, 1), pad3(padBefore, 0),
                    pad3(dilation, 1));
        }

        private static int[] pad3(int[] a, int fill) {
            int[] r = new int[3];
            Arrays.fill(r, fill);
            System.arraycopy(a, 0, r, 3 - a.length, a.length);
            return r;
        }

        /** Elements of one input (image) channel: {@code id·ih·iw}. */
        public int inSize() {
            return id * ih * iw;
        }

        /** Elements of one output channel (columns of the column matrix): {@code od·oh·ow}. */
        public int outSize() {
            return od * oh * ow;
        }

        /** Kernel elements per channel: {@code kd·kh·kw}. */
        public int kernelSize() {
            return kd * kh * kw;
        }

        /** Whether im2col is the identity (1×1 kernel, stride 1, no padding, same size). */
        public boolean isIdentity() {
            return kd == 1 && kh == 1 && kw == 1 && sd == 1 && sh == 1 && sw == 1 && pd == 0 && ph == 0 && pw == 0
                    && od == id && oh == ih && ow == iw;
        }

        /**
         * The output dimension that {@link #slice} cuts: the first with more than one position
         * (0 depth, 1 height, 2 width), so that a slice is a contiguous run of output positions.
         */
        public int sliceDim() {
            return od > 1 ? 0 : oh > 1 ? 1 : 2;
        }

        /** The number of outputs along {@link #sliceDim()}. */
        public int sliceExtent() {
            return od > 1 ? od : oh > 1 ? oh : ow;
        }

        /** Output positions per step along {@link #sliceDim()}. */
        public int sliceStride() {
            return od > 1 ? oh * ow : oh > 1 ? ow : 1;
        }

        /**
         * The same convolution restricted to outputs {@code [from, to)} along {@link #sliceDim()}:
         * output positions {@code [from·sliceStride(), to·sliceStride())} of this geometry, as a
         * geometry of its own (the padding before moves by {@code from·stride}, and may go negative).
         */
        public Geometry slice(int from, int to) {
            int[] out = {od, oh, ow};
            int[] p = {pd, ph, pw};
            int[] s = {sd, sh, sw};
            int dim = sliceDim();
            out[dim] = to - from;
            p[dim] -= from * s[dim];
            return new Geometry(new int[] {id, ih, iw}, out, new int[] {kd, kh, kw}, s, p, new int[] {dd, dh, dw});
        }

        /**
         * For a stride-1 geometry, the geometry of the convolution that computes its input gradient
         * with the kernel flipped: image and output sizes swapped, padding before
         * {@code dilation·(kernel-1) - padding} (possibly negative).
         */
        public Geometry flipped() {
            if (sd != 1 || sh != 1 || sw != 1) throw new IllegalStateException("flipped: stride must be 1, " + this);
            return new Geometry(new int[] {od, oh, ow}, new int[] {id, ih, iw}, new int[] {kd, kh, kw},
                    new int[] {1, 1, 1}, new int[] {dd * (kd - 1) - pd, dh * (kh - 1) - ph, dw * (kw - 1) - pw},
                    new int[] {dd, dh, dw});
        }

        @Override
        public String toString() {
            return "Geometry[in=" + id + "x" + ih + "x" + iw + ", out=" + od + "x" + oh + "x" + ow + ", k=" + kd + "x" + kh
                    + "x" + kw + ", s=" + sd + "x" + sh + "x" + sw + ", p=" + pd + "x" + ph + "x" + pw + ", d=" + dd + "x"
                    + dh + "x" + dw + "]";
        }
    }

    /**
     * Writes the column rows of channels {@code [c0, c1)} of one image ({@code src} from
     * {@code srcOff}, channel after channel, each {@link Geometry#inSize()} long) into {@code dst}:
     * row {@code (c·kd + a)·kh·kw + b·kw + e} starts at {@code dstOff + row·ld} and holds
     * {@link Geometry#outSize()} values.
     */
    public static void im2col(Geometry g, float[] src, int srcOff, int c0, int c1, float[] dst, int dstOff, int ld) {
        final int id = g.id, ih = g.ih, iw = g.iw, od = g.od, oh = g.oh, ow = g.ow;
        final int kd = g.kd, kh = g.kh, kw = g.kw, sd = g.sd, sh = g.sh, sw = g.sw;
        final int pd = g.pd, ph = g.ph, pw = g.pw, dd = g.dd, dh = g.dh, dw = g.dw;
        final int inSize = id * ih * iw;
        for (int c = c0; c < c1; c++) {
            int srcC = srcOff + c * inSize;
            int row = c * kd * kh * kw;
            for (int a = 0; a < kd; a++) {
                for (int b = 0; b < kh; b++) {
                    for (int e = 0; e < kw; e++, row++) {
                        int q = dstOff + row * ld;
                        int xoff = e * dw - pw;
                        if (e > 0 && sw == 1 && dw == 1 && ow >= 2) {
                            // Stride and dilation 1: this row is the previous one moved left by one
                            // place, except the last column of every output line.
                            System.arraycopy(dst, q - ld + 1, dst, q, od * oh * ow - 1);
                            int ix = ow - 1 + xoff;
                            boolean xin = ix >= 0 && ix < iw;
                            int t = q + ow - 1;
                            for (int z = 0; z < od; z++) {
                                int iz = z * sd - pd + a * dd;
                                boolean zin = xin && iz >= 0 && iz < id;
                                for (int y = 0; y < oh; y++, t += ow) {
                                    int iy = y * sh - ph + b * dh;
                                    dst[t] = zin && iy >= 0 && iy < ih ? src[srcC + (iz * ih + iy) * iw + ix] : 0f;
                                }
                            }
                            continue;
                        }
                        int xlo = xoff >= 0 ? 0 : Math.min(ow, (-xoff + sw - 1) / sw);
                        int xhi = iw - xoff <= 0 ? 0 : Math.min(ow, (iw - xoff + sw - 1) / sw);
                        if (xhi < xlo) xhi = xlo;
                        for (int z = 0; z < od; z++) {
                            int iz = z * sd - pd + a * dd;
                            if (iz < 0 || iz >= id) {
                                Arrays.fill(dst, q, q + oh * ow, 0f);
                                q += oh * ow;
                                continue;
                            }
                            for (int y = 0; y < oh; y++, q += ow) {
                                int iy = y * sh - ph + b * dh;
                                if (iy < 0 || iy >= ih) {
                                    Arrays.fill(dst, q, q + ow, 0f);
                                    continue;
                                }
                                int base = srcC + (iz * ih + iy) * iw + xoff;
                                if (xlo > 0) Arrays.fill(dst, q, q + xlo, 0f);
                                if (sw == 1) {
                                    if (xhi > xlo) System.arraycopy(src, base + xlo, dst, q + xlo, xhi - xlo);
                                } else if (sw == 2) {
                                    for (int x = xlo; x < xhi; x++) dst[q + x] = src[base + 2 * x];
                                } else {
                                    for (int x = xlo; x < xhi; x++) dst[q + x] = src[base + x * sw];
                                }
                                if (xhi < ow) Arrays.fill(dst, q + xhi, q + ow, 0f);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes one image in channels-last order: {@code dst[s·c + j] = src[srcOff + j·inSize + s]}
     * ({@code [C, inSize]} to {@code [inSize, C]}), the input of {@link #im2row}.
     */
    public static void toChannelsLast(float[] src, int srcOff, int c, int inSize, float[] dst) {
        final int block = 64;
        for (int s0 = 0; s0 < inSize; s0 += block) {
            int s1 = Math.min(inSize, s0 + block);
            for (int j = 0; j < c; j++) {
                int so = srcOff + j * inSize;
                for (int s = s0; s < s1; s++) dst[s * c + j] = src[so + s];
            }
        }
    }

    /**
     * The transpose of {@link #im2col} with the kernel offset before the channel: row {@code r} (one
     * output position, {@code dstOff + r·ld}) holds, for each kernel offset {@code (a, b, e)} in turn,
     * the {@code c} channel values it reads, so its columns are ordered {@code ((a·kh + b)·kw + e)·c + j}.
     * {@code xt} is the image in channels-last order ({@link #toChannelsLast}); with dilation 1 each
     * kernel row is one contiguous copy of {@code kw·c} values.
     */
    public static void im2row(Geometry g, float[] xt, int c, float[] dst, int dstOff, int ld) {
        final int id = g.id, ih = g.ih, iw = g.iw, od = g.od, oh = g.oh, ow = g.ow;
        final int kd = g.kd, kh = g.kh, kw = g.kw, sd = g.sd, sh = g.sh, sw = g.sw;
        final int pd = g.pd, ph = g.ph, pw = g.pw, dd = g.dd, dh = g.dh, dw = g.dw;
        final int seg = kw * c;
        int r = 0;
        for (int z = 0; z < od; z++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++, r++) {
                    int q = dstOff + r * ld;
                    int ix0 = x * sw - pw;
                    for (int a = 0; a < kd; a++) {
                        int iz = z * sd - pd + a * dd;
                        for (int b = 0; b < kh; b++, q += seg) {
                            int iy = y * sh - ph + b * dh;
                            if (iz < 0 || iz >= id || iy < 0 || iy >= ih) {
                                Arrays.fill(dst, q, q + seg, 0f);
                                continue;
                            }
                            int rowAt = (iz * ih + iy) * iw;
                            if (dw == 1) {
                                int lo = ix0 >= 0 ? 0 : Math.min(kw, -ix0);
                                int hi = Math.max(lo, Math.min(kw, iw - ix0));
                                if (lo > 0) Arrays.fill(dst, q, q + lo * c, 0f);
                                if (hi > lo) System.arraycopy(xt, (rowAt + ix0 + lo) * c, dst, q + lo * c, (hi - lo) * c);
                                if (hi < kw) Arrays.fill(dst, q + hi * c, q + seg, 0f);
                            } else {
                                for (int e = 0; e < kw; e++) {
                                    int ix = ix0 + e * dw;
                                    if (ix < 0 || ix >= iw) {
                                        Arrays.fill(dst, q + e * c, q + (e + 1) * c, 0f);
                                    } else {
                                        System.arraycopy(xt, (rowAt + ix) * c, dst, q + e * c, c);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: adds every column entry of channels {@code [c0, c1)} into the
     * image position it was read from ({@code dst} must hold the starting values, usually zeros).
     * Channels write disjoint parts of {@code dst}, so callers may split channels over threads.
     */
    public static void col2im(Geometry g, float[] col, int colOff, int ld, int c0, int c1, float[] dst, int dstOff) {
        final int id = g.id, ih = g.ih, iw = g.iw, od = g.od, oh = g.oh, ow = g.ow;
        final int kd = g.kd, kh = g.kh, kw = g.kw, sd = g.sd, sh = g.sh, sw = g.sw;
        final int pd = g.pd, ph = g.ph, pw = g.pw, dd = g.dd, dh = g.dh, dw = g.dw;
        final int inSize = id * ih * iw;
        final Kernels k = KernelProvider.get();
        for (int c = c0; c < c1; c++) {
            int dstC = dstOff + c * inSize;
            int row = c * kd * kh * kw;
            for (int a = 0; a < kd; a++) {
                for (int b = 0; b < kh; b++) {
                    for (int e = 0; e < kw; e++, row++) {
                        int q = colOff + row * ld;
                        int xoff = e * dw - pw;
                        int xlo = xoff >= 0 ? 0 : Math.min(ow, (-xoff + sw - 1) / sw);
                        int xhi = iw - xoff <= 0 ? 0 : Math.min(ow, (iw - xoff + sw - 1) / sw);
                        if (xhi <= xlo) continue;
                        for (int z = 0; z < od; z++) {
                            int iz = z * sd - pd + a * dd;
                            if (iz < 0 || iz >= id) {
                                q += oh * ow;
                                continue;
                            }
                            for (int y = 0; y < oh; y++, q += ow) {
                                int iy = y * sh - ph + b * dh;
                                if (iy < 0 || iy >= ih) continue;
                                int base = dstC + (iz * ih + iy) * iw + xoff;
                                if (sw == 1) {
                                    int n = xhi - xlo;
                                    if (n >= 16) {
                                        k.axpy(1f, col, q + xlo, dst, base + xlo, n);
                                    } else {
                                        for (int x = xlo; x < xhi; x++) dst[base + x] += col[q + x];
                                    }
                                } else {
                                    for (int x = xlo; x < xhi; x++) dst[base + x * sw] += col[q + x];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
