package dev.cochlea.tensor;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.autograd.Node;

import java.util.Arrays;
import java.util.List;

/**
 * A dense N-dimensional array of {@code float32} (or {@code int64}) values with shape, strides and
 * an offset into shared storage, and with reverse-mode automatic differentiation: the PyTorch
 * {@code torch.Tensor} translated to Java.
 *
 * <p>Views ({@link #view}, {@link #permute}, {@link #narrow}, {@link #expand}, ...) share storage
 * and copy nothing; element-wise operations broadcast like NumPy; every differentiable operation
 * records itself when an input {@link #requiresGrad() requires grad}, and {@link #backward()}
 * fills {@link #grad()} of the leaves.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(64, 1, 40, 32);
 * Tensor w = Tensor.randn(10, 1280).requiresGrad(true);
 * Tensor logits = x.flatten(1).matmul(w.t());       // [64, 10]
 * Tensor loss = logits.logSoftmax(1).mean().neg();
 * loss.backward();
 * System.out.println(w.grad().shape()[1]);          // 1280
 * }</pre>
 */
public final class Tensor {
    final float[] data;
    final long[] ldata;
    final DType dtype;
    final int[] shape;
    final int[] strides;
    final int offset;

    private boolean requiresGrad;
    private boolean retainGrad;
    private Tensor grad;
    private Node gradFn;

    Tensor(float[] data, int[] shape, int[] strides, int offset) {
        this.data = data;
        this.ldata = null;
        this.dtype = DType.FLOAT32;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    Tensor(long[] ldata, int[] shape, int[] strides, int offset) {
        this.data = null;
        this.ldata = ldata;
        this.dtype = DType.INT64;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A new contiguous float tensor over {@code data} (not copied). */
    static Tensor contiguousOf(float[] data, int[] shape) {
        return new Tensor(data, shape, Shape.contiguousStrides(shape), 0);
    }

    /** A new contiguous int64 tensor over {@code data} (not copied). */
    static Tensor contiguousOf(long[] data, int[] shape) {
        return new Tensor(data, shape, Shape.contiguousStrides(shape), 0);
    }

    /** A view of this tensor's storage with another layout (same dtype). */
    Tensor viewOf(int[] newShape, int[] newStrides, int newOffset) {
        return dtype == DType.FLOAT32
                ? new Tensor(data, newShape, newStrides, newOffset)
                : new Tensor(ldata, newShape, newStrides, newOffset);
    }

    // ---------------------------------------------------------------- creation

    /** A float tensor holding a copy of {@code values} with the given shape ({@code torch.tensor(values).view(shape)}). */
    public static Tensor of(float[] values, int... shape) {
        return Creation.of(values, shape);
    }

    /** A 1-D float tensor of the given values. */
    public static Tensor tensor(float... values) {
        return Creation.of(values, values.length);
    }

    /** A 2-D float tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        return Creation.of(rows);
    }

    /** A 0-d float tensor. */
    public static Tensor scalar(float value) {
        return Creation.of(new float[] {value});
    }

    /** A float tensor over {@code values} without copying: writes to either are seen by both. */
    public static Tensor wrap(float[] values, int... shape) {
        return Creation.wrap(values, shape);
    }

    /** An int64 tensor holding a copy of {@code values}. */
    public static Tensor ofLongs(long[] values, int... shape) {
        return Creation.ofLongs(values, shape);
    }

    /** A float tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return Creation.full(0f, shape);
    }

    /** A float tensor of ones. */
    public static Tensor ones(int... shape) {
        return Creation.full(1f, shape);
    }

    /** A float tensor filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        return Creation.full(value, shape);
    }

    /** An int64 tensor of zeros. */
    public static Tensor zerosLong(int... shape) {
        int[] s = Shape.check("zeros", shape);
        return contiguousOf(new long[Shape.numel(s)], s);
    }

    /** Zeros of this tensor's shape and dtype. */
    public Tensor zerosLike() {
        return dtype == DType.INT64 ? zerosLong(shape) : zeros(shape);
    }

    /** Ones of this tensor's shape (float). */
    public Tensor onesLike() {
        return ones(shape);
    }

    /** {@code [0, 1, ..., end-1]} as floats. */
    public static Tensor arange(float end) {
        return Creation.arange(0, end, 1);
    }

    /** {@code [start, start+step, ...)} up to but excluding {@code end}, as floats. */
    public static Tensor arange(float start, float end, float step) {
        return Creation.arange(start, end, step);
    }

    /** {@code steps} evenly spaced floats from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(float start, float end, int steps) {
        return Creation.linspace(start, end, steps);
    }

    /** The n×n identity matrix. */
    public static Tensor eye(int n) {
        return Creation.eye(n, n);
    }

    /** The n×m matrix with ones on the diagonal. */
    public static Tensor eye(int n, int m) {
        return Creation.eye(n, m);
    }

    /**
     * One-hot rows of int64 class indices ({@code F.one_hot}): shape {@code [..., numClasses]}, int64
     * like PyTorch; call {@link #toFloat()} for targets or masks. {@code numClasses = -1} infers
     * {@code max + 1}.
     *
     * <pre>{@code
     * Tensor y = Tensor.oneHot(Tensor.ofLongs(new long[] {0, 2}, 2), 3).toFloat(); // [[1, 0, 0], [0, 0, 1]]
     * }</pre>
     */
    public static Tensor oneHot(Tensor labels, int numClasses) {
        return Indexing.oneHot(labels, numClasses);
    }

    /** Uniform floats in [0, 1) from the default generator. */
    public static Tensor rand(int... shape) {
        return Creation.rand(Generator.defaultGenerator(), shape);
    }

    /** Uniform floats in [0, 1) from {@code g}. */
    public static Tensor rand(Generator g, int... shape) {
        return Creation.rand(g, shape);
    }

    /** Standard normal floats from the default generator. */
    public static Tensor randn(int... shape) {
        return Creation.randn(Generator.defaultGenerator(), shape);
    }

    /** Standard normal floats from {@code g}. */
    public static Tensor randn(Generator g, int... shape) {
        return Creation.randn(g, shape);
    }

    /** Uniform int64 values in [low, high) from the default generator. */
    public static Tensor randint(long low, long high, int... shape) {
        return Creation.randint(Generator.defaultGenerator(), low, high, shape);
    }

    /** Uniform int64 values in [low, high) from {@code g}. */
    public static Tensor randint(Generator g, long low, long high, int... shape) {
        return Creation.randint(g, low, high, shape);
    }

    /** A random permutation of {@code 0..n-1} as int64 ({@code torch.randperm}). */
    public static Tensor randperm(Generator g, int n) {
        return Creation.randperm(g, n);
    }

    /** Reseeds the default generator ({@code torch.manual_seed}). */
    public static void manualSeed(long seed) {
        Generator.defaultGenerator().manualSeed(seed);
    }

    // ---------------------------------------------------------------- metadata and element access

    /** The sizes of each dimension (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape[Shape.dim("size", dim, shape.length)];
    }

    /** The number of dimensions. */
    public int dim() {
        return shape.length;
    }

    /** The number of elements. */
    public int numel() {
        return Shape.numel(shape);
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The strides of each dimension, in elements (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** The offset of the first element in the storage array. */
    public int offset() {
        return offset;
    }

    /**
     * The float storage array this tensor views (shared, not copied); index it with
     * {@link #offset()} and {@link #strides()}. For kernels and I/O code that need raw speed.
     */
    public float[] storage() {
        requireFloat("storage");
        return data;
    }

    /** The int64 storage array this tensor views (shared, not copied). */
    public long[] longStorage() {
        if (dtype != DType.INT64) throw new IllegalStateException("longStorage: tensor is " + dtype.torchName() + ", not torch.int64");
        return ldata;
    }

    /** Whether the elements lie in row-major order without gaps. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** The storage index of the element at {@code index}. */
    int index(String op, int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected " + shape.length + " indices for a tensor of shape "
                    + Shape.str(shape) + ", found " + index.length);
        }
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            int ix = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[i] + " is out of bounds for dimension " + i
                        + " with size " + shape[i]);
            }
            p += ix * strides[i];
        }
        return p;
    }

    /** The float value at {@code index} (one index per dimension; negative counts from the end). */
    public float get(int... index) {
        int p = index("get", index);
        return dtype == DType.FLOAT32 ? data[p] : ldata[p];
    }

    /** The int64 value at {@code index}. */
    public long getLong(int... index) {
        int p = index("getLong", index);
        return dtype == DType.INT64 ? ldata[p] : (long) data[p];
    }

    /** Writes one element in place (not recorded by autograd). */
    public Tensor set(float value, int... index) {
        int p = index("set", index);
        if (dtype == DType.FLOAT32) data[p] = value;
        else ldata[p] = (long) value;
        return this;
    }

    /** The value of a one-element tensor ({@code tensor.item()}). */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: a tensor with " + numel() + " elements (shape " + Shape.str(shape)
                    + ") cannot be converted to a scalar; expected exactly one element");
        }
        return dtype == DType.FLOAT32 ? data[offset] : ldata[offset];
    }

    /** The elements in row-major order as a new float array. */
    public float[] toFloatArray() {
        if (dtype == DType.INT64) {
            long[] l = toLongArray();
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) f[i] = l[i];
            return f;
        }
        if (isContiguous()) return Arrays.copyOfRange(data, offset, offset + numel());
        return Copy.contiguous(this).data;
    }

    /** The elements in row-major order as a new long array. */
    public long[] toLongArray() {
        if (dtype == DType.FLOAT32) {
            float[] f = toFloatArray();
            long[] l = new long[f.length];
            for (int i = 0; i < f.length; i++) l[i] = (long) f[i];
            return l;
        }
        if (isContiguous()) return Arrays.copyOfRange(ldata, offset, offset + numel());
        return Copy.contiguous(this).ldata;
    }

    /** This tensor as float32 (itself if it already is). */
    public Tensor toFloat() {
        return dtype == DType.FLOAT32 ? this : contiguousOf(toFloatArray(), shape.clone());
    }

    /** This tensor as int64, truncating toward zero (itself if it already is). */
    public Tensor toLong() {
        return dtype == DType.INT64 ? this : contiguousOf(toLongArray(), shape.clone());
    }

    void requireFloat(String op) {
        if (dtype != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expected a float32 tensor, found " + dtype.torchName()
                    + " of shape " + Shape.str(shape) + " (convert with toFloat())");
        }
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients are computed for this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks this leaf tensor as needing gradients ({@code requires_grad_()}); returns this. */
    public Tensor requiresGrad(boolean flag) {
        if (gradFn != null && !flag) {
            throw new IllegalStateException("requiresGrad: cannot switch off gradients of a non-leaf tensor (use detach())");
        }
        if (flag && dtype != DType.FLOAT32) {
            throw new IllegalStateException("requiresGrad: only float tensors can require gradients, found " + dtype.torchName());
        }
        this.requiresGrad = flag;
        return this;
    }

    /** The accumulated gradient, or null before the first backward. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shape.str(g.shape) + " differs from tensor shape " + Shape.str(shape));
        }
        this.grad = g;
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** Whether this tensor was created by the user rather than by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Keeps the gradient of this non-leaf tensor in {@link #grad()} during backward. */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    /** Whether {@link #retainGrad()} was called (or this is a leaf). */
    public boolean retainsGrad() {
        return retainGrad || gradFn == null;
    }

    /** Internal: links this freshly computed tensor to the node that produced it. */
    public void attachGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /** Internal: adds {@code g} into {@link #grad()}. */
    public void accumulateGrad(Tensor g) {
        accumulateGrad(g, false);
    }

    /**
     * Internal: adds {@code g} into {@link #grad()}. When {@code owned} (the autograd engine knows no other
     * tensor shares g's storage) and this tensor has no gradient yet, a dense g of the right shape becomes
     * the gradient itself instead of being copied, as PyTorch's AccumulateGrad steals an unshared gradient.
     * Otherwise g is copied: it may also be flowing to other inputs, and grad is updated in place later.
     */
    public void accumulateGrad(Tensor g, boolean owned) {
        Tensor gg = Arrays.equals(g.shape, shape) ? g : g.sumTo(shape);
        if (grad == null) {
            boolean whole = gg.dtype == DType.FLOAT32 && gg.offset == 0 && gg.isContiguous() && gg.data.length == gg.numel();
            grad = owned && gg == g && whole ? gg : Copy.contiguousCopy(gg);
        } else {
            Pointwise.addInto(grad, gg);
        }
    }

    /** Back-propagates from this scalar (gradient 1). */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs; this tensor has shape "
                    + Shape.str(shape) + " (pass a gradient of that shape)");
        }
        Autograd.backward(this, ones(shape), false);
    }

    /** Back-propagates {@code gradient} (of this tensor's shape). */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false);
    }

    /** Back-propagates {@code gradient}, keeping the graph when {@code retainGraph}. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph);
    }

    /** A tensor sharing storage with this one but outside the graph. */
    public Tensor detach() {
        return viewOf(shape, strides, offset);
    }

    // ---------------------------------------------------------------- views and copies

    /** A tensor with the same data and a new shape; one size may be -1. Needs compatible strides. */
    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    /** Like {@link #view} but copies when the layout does not allow a view. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** All dims flattened into one. */
    public Tensor flatten() {
        return Views.flatten(this, 0, -1);
    }

    /** Dims {@code startDim..end} flattened into one. */
    public Tensor flatten(int startDim) {
        return Views.flatten(this, startDim, -1);
    }

    /** Dims {@code startDim..endDim} (inclusive) flattened into one. */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** Dim {@code dim} split into {@code sizes}. */
    public Tensor unflatten(int dim, int... sizes) {
        return Views.unflatten(this, dim, sizes);
    }

    /** All size-1 dims removed. */
    public Tensor squeeze() {
        return Views.squeeze(this, null);
    }

    /** Dim {@code dim} removed if its size is 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** A size-1 dim inserted at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Dims reordered: output dim i is input dim {@code dims[i]}. */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** Two dims swapped. */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** The transpose of a matrix (rank &lt;= 2). */
    public Tensor t() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("t: expects a tensor with <= 2 dimensions, found " + shape.length
                    + " (shape " + Shape.str(shape) + "); use transpose(dim0, dim1)");
        }
        return shape.length < 2 ? this : transpose(0, 1);
    }

    /** The last two dims swapped ({@code tensor.mT}). */
    public Tensor mT() {
        return transpose(-2, -1);
    }

    /** Elements {@code start .. start+length} along {@code dim}. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** Elements {@code start, start+step, ... < end} along {@code dim} ({@code x[..., start:end:step]}). */
    public Tensor slice(int dim, int start, int end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** The slice at {@code index} along {@code dim}, with that dim removed ({@code x[..., index]}). */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** This tensor broadcast to a larger shape without copying; -1 keeps a size. */
    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    /** This tensor broadcast to {@code other}'s shape. */
    public Tensor expandAs(Tensor other) {
        return Views.expand(this, other.shape);
    }

    /** Rows of {@code index} (int64) along {@code dim}, copied ({@code index_select}). */
    public Tensor indexSelect(int dim, Tensor index) {
        return Views.indexSelect(this, dim, index);
    }

    /** Values picked along {@code dim} at {@code index} ({@code torch.gather}). */
    public Tensor gather(int dim, Tensor index) {
        return Views.gather(this, dim, index);
    }

    /**
     * A copy with {@code src} written at {@code index} (int64) along {@code dim} ({@code torch.scatter}):
     * for dim 1, {@code out[i][index[i][j]][k] = src[i][j][k]}. {@code index} has this tensor's rank and
     * is no larger than {@code src} in any dim, nor than this tensor outside {@code dim}. With repeated
     * indices the last write wins. Gradients: to this tensor except at written positions, and to
     * {@code src} where {@code index} reads it.
     */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Indexing.scatter("scatter", this, dim, index, src, 0f, false);
    }

    /** A copy with {@code value} written at {@code index} along {@code dim} ({@code torch.scatter} with a scalar). */
    public Tensor scatter(int dim, Tensor index, float value) {
        return Indexing.scatter("scatter", this, dim, index, null, value, false);
    }

    /**
     * A copy with {@code src} added at {@code index} along {@code dim} ({@code torch.scatter_add}); repeated
     * indices accumulate. Gradients flow to this tensor and to {@code src}.
     *
     * <pre>{@code
     * Tensor counts = Tensor.zeros(3).scatterAdd(0, labels, Tensor.ones(labels.numel())); // class histogram
     * }</pre>
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatter("scatterAdd", this, dim, index, src, 0f, true);
    }

    /**
     * A copy with slice {@code i} of {@code source} along {@code dim} added to slice {@code index[i]}
     * ({@code torch.index_add}); {@code index} is 1-D int64 (negative counts from the end), repeated
     * indices accumulate.
     */
    public Tensor indexAdd(int dim, Tensor index, Tensor source) {
        return Indexing.indexAdd(this, dim, index, source);
    }

    /**
     * A copy with {@code value} where {@code mask} is non-zero ({@code torch.masked_fill}); the mask is a
     * 0/1 float tensor like the comparisons return (or int64) and broadcasts with this tensor.
     *
     * <pre>{@code
     * Tensor scores = logits.maskedFill(padding, Float.NEGATIVE_INFINITY);
     * }</pre>
     */
    public Tensor maskedFill(Tensor mask, float value) {
        return Indexing.maskedFill(this, mask, value);
    }

    /** A copy with the order of elements reversed along each of {@code dims} ({@code torch.flip}). */
    public Tensor flip(int... dims) {
        return Padding.flip(this, dims);
    }

    /**
     * A copy with elements shifted by {@code shift} along {@code dim}, wrapping around ({@code torch.roll}):
     * {@code out[(i + shift) mod n] = x[i]}.
     */
    public Tensor roll(int shift, int dim) {
        return Padding.roll(this, new int[] {shift}, new int[] {dim});
    }

    /** {@link #roll(int, int)} over several dims at once. */
    public Tensor roll(int[] shifts, int[] dims) {
        return Padding.roll(this, shifts, dims);
    }

    /**
     * This tensor tiled {@code repeats[i]} times along each dim ({@code torch.Tensor.repeat}); extra leading
     * repeats add new dims. Copies; gradients of the copies are summed.
     *
     * <pre>{@code
     * Tensor.tensor(1, 2).repeat(2, 2); // [[1, 2, 1, 2], [1, 2, 1, 2]]
     * }</pre>
     */
    public Tensor repeat(int... repeats) {
        return Padding.repeat(this, repeats);
    }

    /** Like {@link #repeat} but fewer repeats than dims are padded with leading ones ({@code torch.tile}). */
    public Tensor tile(int... reps) {
        return Padding.tile(this, reps);
    }

    /**
     * {@code x} padded like {@code F.pad}: {@code pad} lists (before, after) pairs starting from the last dim,
     * e.g. {@code {left, right, top, bottom}}. Modes: {@code "constant"} (with {@code value}; negative pads
     * crop), {@code "reflect"} (mirror without the edge, pads smaller than the dim), {@code "replicate"}
     * (repeat the edge) and {@code "circular"} (wrap, pads at most the dim). Unlike PyTorch, any dims may
     * be padded in every mode. Gradients of the copies accumulate into the elements they came from.
     *
     * <pre>{@code
     * Tensor framed = Tensor.pad(wave, new int[] {256, 256}, "reflect", 0f); // centred STFT frames
     * }</pre>
     */
    public static Tensor pad(Tensor x, int[] pad, String mode, float value) {
        return Padding.pad(x, pad, mode, value);
    }

    /** {@code x} padded with zeros ({@code F.pad(x, pad)}); see {@link #pad(Tensor, int[], String, float)}. */
    public static Tensor pad(Tensor x, int... pad) {
        return Padding.pad(x, pad, "constant", 0f);
    }

    /**
     * The diagonal of a matrix as a 1-D copy, or the square matrix with a 1-D tensor on its diagonal
     * ({@code torch.diag}).
     */
    public Tensor diag() {
        return Matrices.diag(this);
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : Copy.contiguousTracked(this);
    }

    /** A copy with its own storage, recorded by autograd ({@code tensor.clone()}). */
    public Tensor copy() {
        return Copy.cloneTracked(this);
    }

    /** Sums this tensor down to {@code target}, the inverse of broadcasting to this shape. */
    public Tensor sumTo(int... target) {
        return Reductions.sumTo(this, target);
    }

    /** Tensors joined along an existing dim. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Joining.cat(tensors, dim);
    }

    /** Tensors joined along an existing dim. */
    public static Tensor cat(int dim, Tensor... tensors) {
        return Joining.cat(List.of(tensors), dim);
    }

    /** Tensors of equal shape stacked along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Joining.stack(tensors, dim);
    }

    /** Tensors of equal shape stacked along a new dim. */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Joining.stack(List.of(tensors), dim);
    }

    /** Views of at most {@code size} elements each along {@code dim}. */
    public List<Tensor> split(int size, int dim) {
        return Joining.split(this, size, dim);
    }

    /** Views of the given sizes along {@code dim}. */
    public List<Tensor> split(int[] sizes, int dim) {
        return Joining.split(this, sizes, dim);
    }

    /** {@code chunks} views along {@code dim} (the last may be smaller). */
    public List<Tensor> chunk(int chunks, int dim) {
        return Joining.chunk(this, chunks, dim);
    }

    // ---------------------------------------------------------------- element-wise arithmetic

    /** {@code this + other} with broadcasting. */
    public Tensor add(Tensor other) {
        return Pointwise.add(this, other);
    }

    /** {@code this + alpha * other} with broadcasting. */
    public Tensor add(Tensor other, float alpha) {
        return Pointwise.add(this, alpha == 1f ? other : other.mul(alpha));
    }

    /** {@code this + s}. */
    public Tensor add(float s) {
        return Pointwise.addScalar(this, s);
    }

    /** {@code this - other} with broadcasting. */
    public Tensor sub(Tensor other) {
        return Pointwise.sub(this, other);
    }

    /** {@code this - s}. */
    public Tensor sub(float s) {
        return Pointwise.addScalar(this, -s);
    }

    /** {@code s - this}. */
    public Tensor rsub(float s) {
        return Pointwise.scalarSub(s, this);
    }

    /** {@code this * other} with broadcasting. */
    public Tensor mul(Tensor other) {
        return Pointwise.mul(this, other);
    }

    /** {@code this * s}. */
    public Tensor mul(float s) {
        return Pointwise.mulScalar(this, s);
    }

    /** {@code this / other} with broadcasting. */
    public Tensor div(Tensor other) {
        return Pointwise.div(this, other);
    }

    /** {@code this / s}. */
    public Tensor div(float s) {
        return Pointwise.mulScalar(this, 1f / s);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.NEG);
    }

    /** {@code this ^ exponent}. */
    public Tensor pow(float exponent) {
        return Pointwise.powScalar(this, exponent);
    }

    /** {@code this ^ exponent} element-wise with broadcasting. */
    public Tensor pow(Tensor exponent) {
        return Pointwise.pow(this, exponent);
    }

    /** e to the power of each element. */
    public Tensor exp() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.EXP);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.LOG);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.SQRT);
    }

    /** Absolute value. */
    public Tensor abs() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.ABS);
    }

    /** Element-wise square. */
    public Tensor square() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.SQUARE);
    }

    /** {@code 1 / this}. */
    public Tensor reciprocal() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.RECIPROCAL);
    }

    /** Sine. */
    public Tensor sin() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.SIN);
    }

    /** Cosine. */
    public Tensor cos() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.COS);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.TANH);
    }

    /** The logistic sigmoid {@code 1 / (1 + e^-x)}. */
    public Tensor sigmoid() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.SIGMOID);
    }

    /** {@code max(x, 0)}. */
    public Tensor relu() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.RELU);
    }

    /** Rounded down (no gradient). */
    public Tensor floor() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.FLOOR);
    }

    /** Rounded up (no gradient). */
    public Tensor ceil() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.CEIL);
    }

    /** Rounded half to even (no gradient). */
    public Tensor round() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.ROUND);
    }

    /** -1, 0 or 1 (no gradient). */
    public Tensor sign() {
        return Pointwise.unary(this, dev.cochlea.kernels.Kernels.Unary.SIGN);
    }

    /** Values limited to {@code [min, max]}; use infinities for one-sided clamps. */
    public Tensor clamp(float min, float max) {
        return Pointwise.clamp(this, min, max);
    }

    /** Values at least {@code min}. */
    public Tensor clampMin(float min) {
        return Pointwise.clamp(this, min, Float.POSITIVE_INFINITY);
    }

    /** Values at most {@code max}. */
    public Tensor clampMax(float max) {
        return Pointwise.clamp(this, Float.NEGATIVE_INFINITY, max);
    }

    /** The larger of two tensors, element-wise with broadcasting. */
    public Tensor maximum(Tensor other) {
        return Pointwise.maximum(this, other);
    }

    /** The smaller of two tensors, element-wise with broadcasting. */
    public Tensor minimum(Tensor other) {
        return Pointwise.minimum(this, other);
    }

    /** {@code condition ? a : b} element-wise, with {@code condition} a mask (non-zero is true). */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Pointwise.where(condition, a, b);
    }

    // ---------------------------------------------------------------- comparisons (masks of 0/1 floats)

    /** 1 where {@code this == other}, else 0. */
    public Tensor eq(Tensor other) {
        return Compare.compare(this, other, Compare.Op.EQ);
    }

    /** 1 where {@code this == s}, else 0. */
    public Tensor eq(float s) {
        return Compare.compare(this, scalar(s), Compare.Op.EQ);
    }

    /** 1 where {@code this != other}, else 0. */
    public Tensor ne(Tensor other) {
        return Compare.compare(this, other, Compare.Op.NE);
    }

    /** 1 where {@code this < other}, else 0. */
    public Tensor lt(Tensor other) {
        return Compare.compare(this, other, Compare.Op.LT);
    }

    /** 1 where {@code this < s}, else 0. */
    public Tensor lt(float s) {
        return Compare.compare(this, scalar(s), Compare.Op.LT);
    }

    /** 1 where {@code this <= other}, else 0. */
    public Tensor le(Tensor other) {
        return Compare.compare(this, other, Compare.Op.LE);
    }

    /** 1 where {@code this > other}, else 0. */
    public Tensor gt(Tensor other) {
        return Compare.compare(this, other, Compare.Op.GT);
    }

    /** 1 where {@code this > s}, else 0. */
    public Tensor gt(float s) {
        return Compare.compare(this, scalar(s), Compare.Op.GT);
    }

    /** 1 where {@code this >= other}, else 0. */
    public Tensor ge(Tensor other) {
        return Compare.compare(this, other, Compare.Op.GE);
    }

    /** Whether shapes match and all elements are within {@code atol + rtol * |other|}. */
    public boolean allClose(Tensor other, float rtol, float atol) {
        return Compare.allClose(this, other, rtol, atol);
    }

    // ---------------------------------------------------------------- in-place (not recorded by autograd)

    /** {@code this += other} (broadcast into this). */
    public Tensor addInPlace(Tensor other) {
        checkInPlace("addInPlace");
        Pointwise.addInto(this, other);
        return this;
    }

    /** {@code this += alpha * other}. */
    public Tensor addInPlace(Tensor other, float alpha) {
        checkInPlace("addInPlace");
        Pointwise.axpyInto(this, alpha, other);
        return this;
    }

    /** {@code this -= other}. */
    public Tensor subInPlace(Tensor other) {
        return addInPlace(other, -1f);
    }

    /** {@code this *= s}. */
    public Tensor mulInPlace(float s) {
        checkInPlace("mulInPlace");
        Pointwise.scaleShiftInto(this, s, 0f);
        return this;
    }

    /** {@code this *= other} (broadcast into this). */
    public Tensor mulInPlace(Tensor other) {
        checkInPlace("mulInPlace");
        Pointwise.binaryInto(this, other, dev.cochlea.kernels.Kernels.Binary.MUL);
        return this;
    }

    /** {@code this /= other} (broadcast into this). */
    public Tensor divInPlace(Tensor other) {
        checkInPlace("divInPlace");
        Pointwise.binaryInto(this, other, dev.cochlea.kernels.Kernels.Binary.DIV);
        return this;
    }

    /** {@code this += s}. */
    public Tensor addInPlace(float s) {
        checkInPlace("addInPlace");
        Pointwise.scaleShiftInto(this, 1f, s);
        return this;
    }

    /** Clamps in place. */
    public Tensor clampInPlace(float min, float max) {
        checkInPlace("clampInPlace");
        Pointwise.clampInto(this, min, max);
        return this;
    }

    /** Fills with {@code value}. */
    public Tensor fill(float value) {
        checkInPlace("fill");
        Copy.fill(this, value);
        return this;
    }

    /** Fills with zeros ({@code zero_()}). */
    public Tensor zero() {
        return fill(0f);
    }

    /** Copies {@code src} (broadcast) into this tensor ({@code copy_}). */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom");
        Copy.copyInto(this, src);
        return this;
    }

    private void checkInPlace(String op) {
        if (requiresGrad && gradFn == null && dev.cochlea.autograd.GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad is being used in an in-place operation "
                    + "(wrap the update in try (NoGrad g = NoGrad.enter()) { ... })");
        }
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements (0-d). */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /** The sum over {@code dim}. */
    public Tensor sum(int dim) {
        return Reductions.sum(this, new int[] {dim}, false);
    }

    /** The sum over {@code dims}, keeping them as size 1 if {@code keepDim}. */
    public Tensor sum(int[] dims, boolean keepDim) {
        return Reductions.sum(this, dims, keepDim);
    }

    /** The sum over {@code dim}, keeping it as size 1 if {@code keepDim}. */
    public Tensor sum(int dim, boolean keepDim) {
        return Reductions.sum(this, new int[] {dim}, keepDim);
    }

    /** The mean of all elements (0-d). */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /** The mean over {@code dim}. */
    public Tensor mean(int dim) {
        return Reductions.mean(this, new int[] {dim}, false);
    }

    /** The mean over {@code dim}, keeping it if {@code keepDim}. */
    public Tensor mean(int dim, boolean keepDim) {
        return Reductions.mean(this, new int[] {dim}, keepDim);
    }

    /** The mean over {@code dims}, keeping them if {@code keepDim}. */
    public Tensor mean(int[] dims, boolean keepDim) {
        return Reductions.mean(this, dims, keepDim);
    }

    /** The variance over all elements (Bessel-corrected when {@code unbiased}). */
    public Tensor var(boolean unbiased) {
        return Reductions.var(this, null, unbiased, false);
    }

    /** The variance over {@code dims}. */
    public Tensor var(int[] dims, boolean unbiased, boolean keepDim) {
        return Reductions.var(this, dims, unbiased, keepDim);
    }

    /** The standard deviation over all elements. */
    public Tensor std(boolean unbiased) {
        return Reductions.var(this, null, unbiased, false).sqrt();
    }

    /** The standard deviation over {@code dims}. */
    public Tensor std(int[] dims, boolean unbiased, boolean keepDim) {
        return Reductions.var(this, dims, unbiased, keepDim).sqrt();
    }

    /** The largest element (0-d). */
    public Tensor max() {
        return Reductions.maxAll(this, true);
    }

    /** The smallest element (0-d). */
    public Tensor min() {
        return Reductions.maxAll(this, false);
    }

    /** Largest values along {@code dim} and their indices ({@code torch.max(x, dim)}). */
    public ValuesIndices max(int dim, boolean keepDim) {
        return Reductions.maxDim(this, dim, keepDim, true);
    }

    /** Smallest values along {@code dim} and their indices. */
    public ValuesIndices min(int dim, boolean keepDim) {
        return Reductions.maxDim(this, dim, keepDim, false);
    }

    /** The flat index of the largest element (int64, 0-d). */
    public Tensor argmax() {
        return Reductions.maxDim(this.reshape(-1), 0, false, true).indices();
    }

    /** Indices of the largest values along {@code dim} (int64). */
    public Tensor argmax(int dim, boolean keepDim) {
        return Reductions.maxDim(this, dim, keepDim, true).indices();
    }

    /** Indices of the smallest values along {@code dim} (int64). */
    public Tensor argmin(int dim, boolean keepDim) {
        return Reductions.maxDim(this, dim, keepDim, false).indices();
    }

    /** The lower median of all elements (0-d), as {@code torch.median}. */
    public Tensor median() {
        return Reductions.median(this.reshape(-1), 0, false).values();
    }

    /** Lower medians along {@code dim} and their indices. */
    public ValuesIndices median(int dim, boolean keepDim) {
        return Reductions.median(this, dim, keepDim);
    }

    /**
     * Values sorted along {@code dim} and their original positions ({@code torch.sort(stable=True)}): ties keep
     * their order, NaN sorts as the largest value. Gradients flow back to the positions the values came from.
     *
     * <pre>{@code
     * ValuesIndices s = scores.sort(-1, true); // best first
     * }</pre>
     */
    public ValuesIndices sort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending);
    }

    /** Values sorted ascending along the last dim, with their positions. */
    public ValuesIndices sort() {
        return Sorting.sort(this, -1, false);
    }

    /** The positions (int64) that sort this tensor along {@code dim} ({@code torch.argsort}, stable). */
    public Tensor argsort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending).indices();
    }

    /**
     * The {@code k} largest (or smallest) values along {@code dim} and their positions ({@code torch.topk}).
     * They always come in sorted order, best first, ties in index order; {@code sorted = false} is
     * accepted for PyTorch parity (PyTorch leaves that order unspecified).
     *
     * <pre>{@code
     * Tensor top5 = logits.topk(5, 1, true, true).indices(); // [batch, 5]
     * }</pre>
     */
    public ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) {
        return Sorting.topk(this, k, dim, largest);
    }

    /** The {@code k} largest values along the last dim, best first, with their positions. */
    public ValuesIndices topk(int k) {
        return Sorting.topk(this, k, -1, true);
    }

    /** The {@code k}-th smallest value along {@code dim} ({@code k} counts from 1) and its position ({@code torch.kthvalue}). */
    public ValuesIndices kthvalue(int k, int dim, boolean keepDim) {
        return Sorting.kthvalue(this, k, dim, keepDim);
    }

    /** The product of all elements (0-d); the gradient is exact with zeros present. */
    public Tensor prod() {
        return Scans.prod(dim() == 0 ? this : reshape(-1), 0, false);
    }

    /** The product over {@code dim}, keeping it as size 1 if {@code keepDim}. */
    public Tensor prod(int dim, boolean keepDim) {
        return Scans.prod(this, dim, keepDim);
    }

    /**
     * Running sums along {@code dim} ({@code torch.cumsum}), accumulated in double; int64 in, int64 out.
     *
     * <pre>{@code
     * Tensor.tensor(1, 2, 3).cumsum(0); // [1, 3, 6]
     * }</pre>
     */
    public Tensor cumsum(int dim) {
        return Scans.cumsum(this, dim);
    }

    /** Running products along {@code dim} ({@code torch.cumprod}); the gradient is exact with zeros present. */
    public Tensor cumprod(int dim) {
        return Scans.cumprod(this, dim);
    }

    /**
     * Whether every element is non-zero (a mask is all ones): a Java boolean, where PyTorch returns a 0-d
     * bool tensor. NaN counts as non-zero; an empty tensor gives true.
     */
    public boolean all() {
        return Scans.countNonzero(this) == numel();
    }

    /** Whether any element is non-zero: a Java boolean (PyTorch: a 0-d bool tensor); an empty tensor gives false. */
    public boolean any() {
        return Scans.countNonzero(this) > 0;
    }

    /** 1 where every element along {@code dim} is non-zero, else 0: a float mask like the comparisons return. */
    public Tensor all(int dim, boolean keepDim) {
        return Scans.allAny(this, dim, keepDim, true);
    }

    /** 1 where some element along {@code dim} is non-zero, else 0: a float mask like the comparisons return. */
    public Tensor any(int dim, boolean keepDim) {
        return Scans.allAny(this, dim, keepDim, false);
    }

    /** The number of non-zero elements, as a Java long ({@code torch.count_nonzero} returns a 0-d int64 tensor). */
    public long countNonzero() {
        return Scans.countNonzero(this);
    }

    /** The number of non-zero elements along {@code dim}, as int64 without that dim ({@code torch.count_nonzero(x, dim)}). */
    public Tensor countNonzero(int dim) {
        return Scans.countNonzero(this, dim);
    }

    /** Differences of neighbours along the last dim, {@code x[i+1] - x[i]} ({@code torch.diff}). */
    public Tensor diff() {
        return Scans.diff(this, 1, -1);
    }

    /** The {@code n}-th order differences along {@code dim} ({@code torch.diff(x, n, dim)}). */
    public Tensor diff(int n, int dim) {
        return Scans.diff(this, n, dim);
    }

    /** The p-norm of all elements (p = 2 is the Euclidean norm; infinity the max-abs). */
    public Tensor norm(float p) {
        return Reductions.norm(this, p, null, false);
    }

    /** The Euclidean norm of all elements. */
    public Tensor norm() {
        return Reductions.norm(this, 2f, null, false);
    }

    /** The p-norm over {@code dims}. */
    public Tensor norm(float p, int[] dims, boolean keepDim) {
        return Reductions.norm(this, p, dims, keepDim);
    }

    /** {@code log(sum(exp(x)))} over {@code dim}, computed stably. */
    public Tensor logsumexp(int dim, boolean keepDim) {
        return SoftmaxOps.logsumexp(this, dim, keepDim);
    }

    /** Softmax over {@code dim}. */
    public Tensor softmax(int dim) {
        return SoftmaxOps.softmax(this, dim, false);
    }

    /** Log-softmax over {@code dim}. */
    public Tensor logSoftmax(int dim) {
        return SoftmaxOps.softmax(this, dim, true);
    }

    // ---------------------------------------------------------------- linear algebra

    /** The matrix product with batch broadcasting ({@code torch.matmul}). */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** The product of two matrices ({@code torch.mm}). */
    public Tensor mm(Tensor other) {
        if (dim() != 2 || other.dim() != 2) {
            throw new IllegalArgumentException("mm: expects two matrices, found shapes " + Shape.str(shape) + " and " + Shape.str(other.shape));
        }
        return LinearAlgebra.matmul(this, other);
    }

    /** The product of two batches of matrices ({@code torch.bmm}). */
    public Tensor bmm(Tensor other) {
        if (dim() != 3 || other.dim() != 3 || shape[0] != other.shape[0]) {
            throw new IllegalArgumentException("bmm: expects [b, n, m] and [b, m, p], found shapes " + Shape.str(shape) + " and " + Shape.str(other.shape));
        }
        return LinearAlgebra.matmul(this, other);
    }

    /** The outer product of two vectors: {@code [n] x [m] -> [n, m]} ({@code torch.outer}). */
    public Tensor outer(Tensor v) {
        return Matrices.outer(this, v);
    }

    /** The sum of a matrix's main diagonal (0-d, {@code torch.trace}). */
    public Tensor trace() {
        return Matrices.trace(this);
    }

    // ---------------------------------------------------------------- printing

    /** Prints like PyTorch: {@code tensor([[1., 2.], [3., 4.]], requires_grad=True)} plus the shape. */
    @Override
    public String toString() {
        return TensorFormatter.format(this);
    }
}
