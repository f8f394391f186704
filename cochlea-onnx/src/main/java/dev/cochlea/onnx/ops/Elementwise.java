package dev.cochlea.onnx.ops;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.UnaryOperator;

/** Arithmetic, comparison and logic operators, with NumPy broadcasting; int64 inputs compute in integers. */
final class Elementwise {
    private Elementwise() {}

    static void register(Map<String, Operator> ops) {
        binary(ops, "Add", Elementwise::add, Math::addExact);
        binary(ops, "Sub", Tensor::sub, Math::subtractExact);
        binary(ops, "Mul", Tensor::mul, Math::multiplyExact);
        binary(ops, "Div", Tensor::div, (a, b) -> {
            if (b == 0) throw new ArithmeticException("integer division by zero");
            return a / b;
        });
        ops.put("Pow", n -> {
            Tensor a = n.input(0), b = n.input(1);
            if (Ints.isInt(a) && Ints.isInt(b)) return new Tensor[] {Ints.binary(a, b, (x, y) -> (long) Math.pow(x, y))};
            Tensor y = pow(Ints.toFloat(a), Ints.toFloat(b));
            return new Tensor[] {Ints.isInt(a) ? y.toLong() : y};      // the result has the base's type
        });
        ops.put("Mod", n -> {
            Tensor a = n.input(0), b = n.input(1);
            boolean fmod = n.attributes().i("fmod", 0) != 0;
            if (Ints.isInt(a) && Ints.isInt(b)) {
                return new Tensor[] {Ints.binary(a, b, (x, y) -> {
                    if (y == 0) throw new ArithmeticException("integer modulo by zero");
                    return fmod ? x % y : Math.floorMod(x, y);
                })};
            }
            if (!fmod) throw n.error("a float Mod needs fmod=1");
            Tensor x = Ints.toFloat(a), y = Ints.toFloat(b);
            Tensor q = x.div(y);
            Tensor truncated = q.abs().floor().mul(q.sign());
            return new Tensor[] {x.sub(truncated.mul(y))};
        });
        ops.put("Max", n -> new Tensor[] {fold(n, Tensor::maximum, Math::max)});
        ops.put("Min", n -> new Tensor[] {fold(n, Tensor::minimum, Math::min)});
        ops.put("Sum", n -> new Tensor[] {fold(n, Tensor::add, Math::addExact)});
        ops.put("Mean", n -> new Tensor[] {fold(n, Tensor::add, Math::addExact).div(n.inputsFrom(0).length)});
        unary(ops, "Neg", Tensor::neg, v -> -v);
        unary(ops, "Abs", Tensor::abs, Math::abs);
        unary(ops, "Sign", Tensor::sign, Long::signum);
        unary(ops, "Sqrt", Tensor::sqrt, null);
        unary(ops, "Exp", Tensor::exp, null);
        unary(ops, "Log", Tensor::log, null);
        unary(ops, "Reciprocal", x -> x.pow(-1f), null);
        unary(ops, "Floor", Tensor::floor, v -> v);
        unary(ops, "Ceil", Tensor::ceil, v -> v);
        unary(ops, "Round", Tensor::round, v -> v);
        unary(ops, "Sin", Tensor::sin, null);
        unary(ops, "Cos", Tensor::cos, null);
        unary(ops, "Erf", Erf::of, null);
        compare(ops, "Equal", Tensor::eq, (a, b) -> a == b ? 1 : 0);
        compare(ops, "Less", Tensor::lt, (a, b) -> a < b ? 1 : 0);
        compare(ops, "LessOrEqual", Tensor::le, (a, b) -> a <= b ? 1 : 0);
        compare(ops, "Greater", Tensor::gt, (a, b) -> a > b ? 1 : 0);
        compare(ops, "GreaterOrEqual", Tensor::ge, (a, b) -> a >= b ? 1 : 0);
        ops.put("Not", n -> new Tensor[] {Ints.binary(bool(n.input(0)), Ints.vector(1), (a, b) -> a == 0 ? 1 : 0)});
        ops.put("And", n -> new Tensor[] {Ints.binary(bool(n.input(0)), bool(n.input(1)), (a, b) -> a != 0 && b != 0 ? 1 : 0)});
        ops.put("Or", n -> new Tensor[] {Ints.binary(bool(n.input(0)), bool(n.input(1)), (a, b) -> a != 0 || b != 0 ? 1 : 0)});
        ops.put("Xor", n -> new Tensor[] {Ints.binary(bool(n.input(0)), bool(n.input(1)), (a, b) -> (a != 0) != (b != 0) ? 1 : 0)});
        ops.put("Where", n -> {
            Tensor c = n.input(0), a = n.input(1), b = n.input(2);
            if (Ints.isInt(a) && Ints.isInt(b)) return new Tensor[] {Ints.where(c, a, b)};
            return new Tensor[] {Tensor.where(Ints.toFloat(c), Ints.toFloat(a), Ints.toFloat(b))};
        });
    }

    /** a + b, taking the fused path for a [N, C, F, T] map plus a [N, C, 1, T] one (BC-ResNet's broadcast residual). */
    private static Tensor add(Tensor a, Tensor b) {
        if (a.dim() == 4 && b.dim() == 4 && a.size(0) == b.size(0) && a.size(1) == b.size(1) && a.size(3) == b.size(3)) {
            if (b.size(2) == 1 && a.size(2) > 1) return F.frequencyBroadcastAdd(a, b);
            if (a.size(2) == 1 && b.size(2) > 1) return F.frequencyBroadcastAdd(b, a);
        }
        return a.add(b);
    }

    private static Tensor bool(Tensor x) {
        return Ints.isInt(x) ? x : x.ne(Tensor.scalar(0f)).toLong();
    }

    private static Tensor pow(Tensor a, Tensor b) {
        if (b.numel() == 1 && b.dim() <= a.dim()) return a.pow(b.toFloatArray()[0]);
        return a.pow(b);
    }

    private static void binary(Map<String, Operator> ops, String name, BinaryOperator<Tensor> f, LongBinaryOperator i) {
        ops.put(name, n -> new Tensor[] {apply(n.input(0), n.input(1), f, i)});
    }

    static Tensor apply(Tensor a, Tensor b, BinaryOperator<Tensor> f, LongBinaryOperator i) {
        if (Ints.isInt(a) && Ints.isInt(b)) return Ints.binary(a, b, i);
        return f.apply(Ints.toFloat(a), Ints.toFloat(b));
    }

    private static Tensor fold(NodeCall n, BinaryOperator<Tensor> f, LongBinaryOperator i) {
        Tensor[] xs = n.inputsFrom(0);
        if (xs.length == 0) throw n.error("needs at least one input");
        Tensor acc = xs[0];
        for (int k = 1; k < xs.length; k++) acc = apply(acc, xs[k], f, i);
        return acc;
    }

    private static void compare(Map<String, Operator> ops, String name, BinaryOperator<Tensor> f, LongBinaryOperator i) {
        ops.put(name, n -> {
            Tensor a = n.input(0), b = n.input(1);
            if (Ints.isInt(a) && Ints.isInt(b)) return new Tensor[] {Ints.binary(a, b, i)};
            return new Tensor[] {f.apply(Ints.toFloat(a), Ints.toFloat(b)).toLong()};
        });
    }

    private static void unary(Map<String, Operator> ops, String name, UnaryOperator<Tensor> f, java.util.function.LongUnaryOperator i) {
        ops.put(name, n -> {
            Tensor x = n.input(0);
            if (Ints.isInt(x) && i != null) return new Tensor[] {Ints.binary(x, Ints.vector(0), (a, b) -> i.applyAsLong(a))};
            return new Tensor[] {f.apply(Ints.toFloat(x))};
        });
    }
}
