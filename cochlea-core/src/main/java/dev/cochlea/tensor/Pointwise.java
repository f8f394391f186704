package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Kernels.Binary;
import dev.cochlea.kernels.Kernels.Unary;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.kernels.ScalarMath;

import java.util.Arrays;

/**
 * Element-wise operations with broadcasting, each next to its backward rule. Contiguous operands go
 * straight to the kernels in parallel chunks; other layouts are walked row by row.
 */
final class Pointwise {
    static final Kernels K = KernelProvider.get();
    /** Below this many elements an op stays on the calling thread. */
    static final int GRAIN = 1 << 15;

    private Pointwise() {}

    // ------------------------------------------------------------------ raw compute

    private static float scalarOp(Binary op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case POW -> ScalarMath.pow(x, y);
        };
    }

    /** {@code a op b} with broadcasting into a new contiguous tensor (not recorded). */
    static Tensor binaryRaw(String name, Binary op, Tensor a, Tensor b) {
        a.requireFloat(name);
        b.requireFloat(name);
        int[] os = Arrays.equals(a.shape, b.shape) ? a.shape.clone() : Shape.broadcast(name, a.shape, b.shape);
        int n = Shape.numel(os);
        float[] out = new float[n];
        float[] ad = a.data, bd = b.data;
        if (a.isContiguous() && b.isContiguous() && a.numel() == n && b.numel() == n) {
            int ao = a.offset, bo = b.offset;
            Parallel.forRange(n, GRAIN, (from, to) -> K.binary(op, ad, ao + from, bd, bo + from, out, from, to - from));
        } else if (a.isContiguous() && a.numel() == n && b.numel() == 1) {
            int ao = a.offset;
            float s = bd[b.offset];
            Parallel.forRange(n, GRAIN, (from, to) -> K.binaryScalar(op, ad, ao + from, s, out, from, to - from));
        } else if (b.isContiguous() && b.numel() == n && a.numel() == 1) {
            int bo = b.offset;
            float s = ad[a.offset];
            Parallel.forRange(n, GRAIN, (from, to) -> K.scalarBinary(op, s, bd, bo + from, out, from, to - from));
        } else {
            int[] outStrides = Shape.contiguousStrides(os);
            int[] as = Strided.broadcastStrides(a.shape, a.strides, os);
            int[] bs = Strided.broadcastStrides(b.shape, b.strides, os);
            rowsParallel(os, new int[][] {outStrides, as, bs}, new int[] {0, a.offset, b.offset}, (offs, len, inner) -> {
                int o = offs[0], p = offs[1], q = offs[2], ps = inner[1], qs = inner[2];
                if (inner[0] == 1 && ps == 1 && qs == 1) K.binary(op, ad, p, bd, q, out, o, len);
                else if (inner[0] == 1 && ps == 1 && qs == 0) K.binaryScalar(op, ad, p, bd[q], out, o, len);
                else if (inner[0] == 1 && ps == 0 && qs == 1) K.scalarBinary(op, ad[p], bd, q, out, o, len);
                else for (int i = 0; i < len; i++) out[o + i * inner[0]] = scalarOp(op, ad[p + i * ps], bd[q + i * qs]);
            });
        }
        return Tensor.contiguousOf(out, os);
    }

    /** Walks rows, splitting the first dimension over threads when the work is large. */
    static void rowsParallel(int[] shape, int[][] strides, int[] base, Strided.Row row) {
        int n = Shape.numel(shape);
        if (n < 2 * GRAIN || shape.length == 0 || shape[0] < 2 || Parallel.threads() == 1) {
            Strided.rows(shape, strides, base, row);
            return;
        }
        int[] sub = shape.clone();
        int outer = shape[0];
        Parallel.forRange(outer, 1, (from, to) -> {
            int[] s = sub.clone();
            s[0] = to - from;
            int[] b = base.clone();
            for (int k = 0; k < b.length; k++) b[k] += from * strides[k][0];
            Strided.rows(s, strides, b, row);
        });
    }

    /** {@code op(a)} into a new contiguous tensor (not recorded). */
    static Tensor unaryRaw(Unary op, Tensor a) {
        a.requireFloat(op.name().toLowerCase());
        Tensor c = a.isContiguous() ? a : Copy.contiguous(a);
        int n = c.numel();
        float[] out = new float[n];
        float[] cd = c.data;
        int co = c.offset;
        Parallel.forRange(n, GRAIN, (from, to) -> K.unary(op, cd, co + from, out, from, to - from));
        return Tensor.contiguousOf(out, a.shape.clone());
    }

    /** {@code a * alpha + beta} into a new contiguous tensor (not recorded). */
    static Tensor scaleShiftRaw(Tensor a, float alpha, float beta) {
        a.requireFloat("mul");
        Tensor c = a.isContiguous() ? a : Copy.contiguous(a);
        int n = c.numel();
        float[] out = new float[n];
        float[] cd = c.data;
        int co = c.offset;
        Parallel.forRange(n, GRAIN, (from, to) -> K.scaleShift(cd, co + from, alpha, beta, out, from, to - from));
        return Tensor.contiguousOf(out, a.shape.clone());
    }

    // ------------------------------------------------------------------ differentiable ops

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = binaryRaw("add", Binary.ADD, a, b);
        int[] as = a.shape, bs = b.shape;
        return Autograd.record(out, "AddBackward", new Tensor[] {a, b}, g -> new Tensor[] {
                a.requiresGrad() ? g.sumTo(as) : null,
                b.requiresGrad() ? g.sumTo(bs) : null});
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binaryRaw("sub", Binary.SUB, a, b);
        int[] as = a.shape, bs = b.shape;
        return Autograd.record(out, "SubBackward", new Tensor[] {a, b}, g -> new Tensor[] {
                a.requiresGrad() ? g.sumTo(as) : null,
                b.requiresGrad() ? g.neg().sumTo(bs) : null});
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binaryRaw("mul", Binary.MUL, a, b);
        Tensor ad = a.detach(), bd = b.detach();
        return Autograd.record(out, "MulBackward", new Tensor[] {a, b}, g -> new Tensor[] {
                a.requiresGrad() ? g.mul(bd).sumTo(a.shape) : null,
                b.requiresGrad() ? g.mul(ad).sumTo(b.shape) : null});
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = binaryRaw("div", Binary.DIV, a, b);
        Tensor ad = a.detach(), bd = b.detach();
        return Autograd.record(out, "DivBackward", new Tensor[] {a, b}, g -> new Tensor[] {
                a.requiresGrad() ? g.div(bd).sumTo(a.shape) : null,
                b.requiresGrad() ? g.mul(ad).div(bd.mul(bd)).neg().sumTo(b.shape) : null});
    }

    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = binaryRaw("pow", Binary.POW, a, b);
        Tensor ad = a.detach(), bd = b.detach(), od = out.detach();
        return Autograd.record(out, "PowBackward", new Tensor[] {a, b}, g -> new Tensor[] {
                a.requiresGrad() ? g.mul(bd).mul(ad.pow(bd.sub(1f))).sumTo(a.shape) : null,
                b.requiresGrad() ? g.mul(od).mul(ad.log()).sumTo(b.shape) : null});
    }

    static Tensor maximum(Tensor a, Tensor b) {
        return extremum("maximum", Binary.MAX, a, b);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        return extremum("minimum", Binary.MIN, a, b);
    }

    private static Tensor extremum(String name, Binary op, Tensor a, Tensor b) {
        Tensor out = binaryRaw(name, op, a, b);
        Tensor ad = a.detach(), bd = b.detach();
        return Autograd.record(out, op == Binary.MAX ? "MaximumBackward" : "MinimumBackward", new Tensor[] {a, b}, g -> {
            // The winner takes the gradient; ties split it evenly, as PyTorch does.
            Tensor aWins = op == Binary.MAX ? ad.gt(bd) : ad.lt(bd);
            Tensor tie = ad.eq(bd).mul(0.5f);
            Tensor wa = aWins.add(tie);
            return new Tensor[] {
                    a.requiresGrad() ? g.mul(wa).sumTo(a.shape) : null,
                    b.requiresGrad() ? g.mul(wa.rsub(1f)).sumTo(b.shape) : null};
        });
    }

    static Tensor addScalar(Tensor a, float s) {
        return Autograd.record(scaleShiftRaw(a, 1f, s), "AddBackward", new Tensor[] {a}, g -> new Tensor[] {g});
    }

    static Tensor scalarSub(float s, Tensor a) {
        return Autograd.record(scaleShiftRaw(a, -1f, s), "RsubBackward", new Tensor[] {a}, g -> new Tensor[] {g.neg()});
    }

    static Tensor mulScalar(Tensor a, float s) {
        return Autograd.record(scaleShiftRaw(a, s, 0f), "MulBackward", new Tensor[] {a}, g -> new Tensor[] {g.mul(s)});
    }

    static Tensor powScalar(Tensor a, float p) {
        a.requireFloat("pow");
        Tensor out;
        if (p == 2f) out = unaryRaw(Unary.SQUARE, a);
        else if (p == 1f) out = Copy.contiguous(a);
        else if (p == 0.5f) out = unaryRaw(Unary.SQRT, a);
        else if (p == -1f) out = unaryRaw(Unary.RECIPROCAL, a);
        else {
            Tensor c = a.isContiguous() ? a : Copy.contiguous(a);
            float[] o = new float[c.numel()];
            for (int i = 0; i < o.length; i++) o[i] = ScalarMath.pow(c.data[c.offset + i], p);
            out = Tensor.contiguousOf(o, a.shape.clone());
        }
        Tensor ad = a.detach();
        return Autograd.record(out, "PowBackward", new Tensor[] {a}, g -> {
            if (p == 0f) return new Tensor[] {g.mul(0f)};
            if (p == 1f) return new Tensor[] {g};
            if (p == 2f) return new Tensor[] {g.mul(ad).mul(2f)};
            return new Tensor[] {g.mul(ad.pow(p - 1f)).mul(p)};
        });
    }

    static Tensor unary(Tensor a, Unary op) {
        Tensor out = unaryRaw(op, a);
        Tensor ad = a.detach(), od = out.detach();
        String name = switch (op) {
            case NEG -> "NegBackward";
            case EXP -> "ExpBackward";
            case LOG -> "LogBackward";
            case SQRT -> "SqrtBackward";
            case ABS -> "AbsBackward";
            case TANH -> "TanhBackward";
            case SIGMOID -> "SigmoidBackward";
            case RELU -> "ReluBackward";
            case SQUARE -> "PowBackward";
            case RECIPROCAL -> "ReciprocalBackward";
            case SIN -> "SinBackward";
            case COS -> "CosBackward";
            default -> op.name().charAt(0) + op.name().substring(1).toLowerCase() + "Backward";
        };
        return Autograd.record(out, name, new Tensor[] {a}, g -> new Tensor[] {switch (op) {
            case NEG -> g.neg();
            case EXP -> g.mul(od);
            case LOG -> g.div(ad);
            case SQRT -> g.div(od.mul(2f));
            case ABS -> g.mul(ad.sign());
            case TANH -> g.mul(od.square().rsub(1f));
            case SIGMOID -> g.mul(od.mul(od.rsub(1f)));
            case RELU -> g.mul(od.gt(0f));
            case SQUARE -> g.mul(ad).mul(2f);
            case RECIPROCAL -> g.mul(od.square()).neg();
            case SIN -> g.mul(ad.cos());
            case COS -> g.mul(ad.sin()).neg();
            case FLOOR, CEIL, ROUND, SIGN -> g.mul(0f);
        }});
    }

    static Tensor clamp(Tensor a, float min, float max) {
        a.requireFloat("clamp");
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        Tensor out = Copy.contiguous(a);
        clampInto(out, min, max);
        Tensor ad = a.detach();
        return Autograd.record(out, "ClampBackward", new Tensor[] {a}, g -> {
            Tensor inside = ad.ge(Tensor.scalar(min)).mul(ad.le(Tensor.scalar(max)));
            return new Tensor[] {g.mul(inside)};
        });
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        a.requireFloat("where");
        b.requireFloat("where");
        Tensor mask = Compare.compare(cond.toFloat(), Tensor.scalar(0f), Compare.Op.NE);
        int[] os = Shape.broadcast("where", Shape.broadcast("where", mask.shape, a.shape), b.shape);
        float[] mc = Copy.contiguous(mask.expand(os)).data;
        float[] ac = Copy.contiguous(a.detach().expand(os)).data;
        float[] bc = Copy.contiguous(b.detach().expand(os)).data;
        float[] o = new float[mc.length];
        for (int i = 0; i < o.length; i++) o[i] = mc[i] != 0f ? ac[i] : bc[i];
        Tensor out = Tensor.contiguousOf(o, os);
        int[] as = a.shape, bs = b.shape;
        return Autograd.record(out, "WhereBackward", new Tensor[] {a, b}, g -> new Tensor[] {
                a.requiresGrad() ? g.mul(mask).sumTo(as) : null,
                b.requiresGrad() ? g.mul(mask.rsub(1f)).sumTo(bs) : null});
    }

    // ------------------------------------------------------------------ in place

    /** {@code dst op= src} with src broadcast to dst's shape. */
    static void binaryInto(Tensor dst, Tensor src, Binary op) {
        dst.requireFloat("in-place " + op.name().toLowerCase());
        int[] bs = Shape.broadcast("in-place " + op.name().toLowerCase(), dst.shape, src.shape);
        if (!Arrays.equals(bs, dst.shape)) {
            throw new IllegalArgumentException("in-place " + op.name().toLowerCase() + ": shape " + Shape.str(src.shape)
                    + " cannot be broadcast to the destination's shape " + Shape.str(dst.shape));
        }
        Tensor s = src.toFloat();
        if (s.data == dst.data && s != dst) s = Copy.contiguous(s);
        float[] d = dst.data, sd = s.data;
        if (dst.isContiguous() && s.isContiguous() && s.numel() == dst.numel()) {
            int doff = dst.offset, soff = s.offset;
            Parallel.forRange(dst.numel(), GRAIN, (from, to) -> K.binary(op, d, doff + from, sd, soff + from, d, doff + from, to - from));
            return;
        }
        int[] ss = Strided.broadcastStrides(s.shape, s.strides, dst.shape);
        rowsParallel(dst.shape, new int[][] {dst.strides, ss}, new int[] {dst.offset, s.offset}, (offs, len, inner) -> {
            int o = offs[0], p = offs[1];
            if (inner[0] == 1 && inner[1] == 1) K.binary(op, d, o, sd, p, d, o, len);
            else if (inner[0] == 1 && inner[1] == 0) K.binaryScalar(op, d, o, sd[p], d, o, len);
            else for (int i = 0; i < len; i++) d[o + i * inner[0]] = scalarOp(op, d[o + i * inner[0]], sd[p + i * inner[1]]);
        });
    }

    static void addInto(Tensor dst, Tensor src) {
        binaryInto(dst, src, Binary.ADD);
    }

    /** {@code dst += alpha * src}. */
    static void axpyInto(Tensor dst, float alpha, Tensor src) {
        if (dst.isContiguous() && src.isContiguous() && Arrays.equals(dst.shape, src.shape) && src.data != dst.data) {
            float[] d = dst.data, sd = src.data;
            int doff = dst.offset, soff = src.offset;
            Parallel.forRange(dst.numel(), GRAIN, (from, to) -> K.axpy(alpha, sd, soff + from, d, doff + from, to - from));
            return;
        }
        binaryInto(dst, alpha == 1f ? src : scaleShiftRaw(src, alpha, 0f), Binary.ADD);
    }

    /** {@code dst = dst * alpha + beta}. */
    static void scaleShiftInto(Tensor dst, float alpha, float beta) {
        dst.requireFloat("in-place scale");
        float[] d = dst.data;
        rowsParallel(dst.shape, new int[][] {dst.strides}, new int[] {dst.offset}, (offs, len, inner) -> {
            if (inner[0] == 1) K.scaleShift(d, offs[0], alpha, beta, d, offs[0], len);
            else for (int i = 0; i < len; i++) d[offs[0] + i * inner[0]] = d[offs[0] + i * inner[0]] * alpha + beta;
        });
    }

    static void clampInto(Tensor dst, float min, float max) {
        float[] d = dst.data;
        rowsParallel(dst.shape, new int[][] {dst.strides}, new int[] {dst.offset}, (offs, len, inner) -> {
            if (inner[0] == 1) {
                if (min != Float.NEGATIVE_INFINITY) K.binaryScalar(Binary.MAX, d, offs[0], min, d, offs[0], len);
                if (max != Float.POSITIVE_INFINITY) K.binaryScalar(Binary.MIN, d, offs[0], max, d, offs[0], len);
            } else {
                for (int i = 0; i < len; i++) {
                    int p = offs[0] + i * inner[0];
                    d[p] = Math.min(Math.max(d[p], min), max);
                }
            }
        });
    }
}
