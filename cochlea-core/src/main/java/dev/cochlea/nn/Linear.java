package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.nn.init.Init;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * A fully connected layer, {@code y = x Aᵀ + b} ({@code torch.nn.Linear}). Input {@code [*, in]},
 * output {@code [*, out]}; weight {@code [out, in]}, bias {@code [out]}. Parameters start as
 * PyTorch's: {@code U(-1/√in, 1/√in)} for both weight and bias.
 *
 * <pre>{@code
 * Linear fc = new Linear(1024, 64);
 * Tensor y = fc.forward(Tensor.randn(8, 1024));   // [8, 64]
 * fc.toString();   // Linear(in_features=1024, out_features=64, bias=True)
 * }</pre>
 */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    /** The weight {@code [out_features, in_features]}. */
    public final Tensor weight;
    /** The bias {@code [out_features]}, or null without bias. */
    public final Tensor bias;

    /** A layer with bias. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /** A layer with or without bias, initialised from the default generator. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Generator.defaultGenerator());
    }

    /** A layer with or without bias, initialised from {@code generator}. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Generator generator) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be >= 0, found "
                    + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = registerParameter("bias", bias ? Tensor.zeros(outFeatures) : null);
        resetParameters(generator);
    }

    /** Re-draws the parameters as PyTorch's {@code reset_parameters} does. */
    public void resetParameters(Generator generator) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.Mode.FAN_IN, "leaky_relu", generator);
        if (bias != null) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform(bias, -bound, bound, generator);
        }
    }

    /** The input size. */
    public int inFeatures() {
        return inFeatures;
    }

    /** The output size. */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.linear(x, weight, bias);
    }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + Repr.bool(bias != null);
    }
}
