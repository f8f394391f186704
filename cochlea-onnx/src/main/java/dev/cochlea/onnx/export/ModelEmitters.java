package dev.cochlea.onnx.export;

import dev.cochlea.nn.Sequential;
import dev.cochlea.onnx.export.ExportGraph.Value;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.models.AudioCnn;
import dev.cochlea.train.models.BcResBlock;
import dev.cochlea.train.models.BcResNet;
import dev.cochlea.train.models.CifarQuick;
import dev.cochlea.train.models.ConvNormAct;
import dev.cochlea.train.models.Ensemble;
import dev.cochlea.train.models.LstmClassifier;
import dev.cochlea.train.models.Mlp;
import dev.cochlea.train.models.TcResBlock;
import dev.cochlea.train.models.TcResNet;
import dev.cochlea.train.models.Tdnn;

import java.util.ArrayList;
import java.util.List;

/**
 * Emitters of the built-in models ({@code Models}) and their blocks, each following its
 * {@code forward} in evaluation mode: the children in the order it calls them, and between them
 * its own operations (squeezes, transposes, means over an axis, the TDNN's standard deviation,
 * residual additions, the BC-ResNet's frequency average broadcast back, the ensemble's log of
 * averaged probabilities). Dropout is left out.
 */
final class ModelEmitters {
    private ModelEmitters() {}

    static void register(LayerEmitters.Registry r) {
        r.put(AudioCnn.class, (m, x, s) -> s.child("classifier", s.child("features", x)));
        r.put(CifarQuick.class, (m, x, s) -> s.child("model", x));
        r.put(Mlp.class, (m, x, s) -> s.child("model", x));
        r.put(ConvNormAct.class, (m, x, s) -> s.child("block", x));
        r.put(Tdnn.class, ModelEmitters::tdnn);
        r.put(LstmClassifier.class, ModelEmitters::lstm);
        r.put(BcResNet.class, ModelEmitters::bcResNet);
        r.put(BcResBlock.class, ModelEmitters::bcResBlock);
        r.put(TcResNet.class, ModelEmitters::tcResNet);
        r.put(TcResBlock.class, ModelEmitters::tcResBlock);
        r.put(Ensemble.class, ModelEmitters::ensemble);
    }

    /** {@code x.squeeze(1)} of a [N, 1, bands, frames] input, as the 1-D models do. */
    private static Value bandsFirst(Value x, ExportScope s) {
        return x.rank() == 4 && x.dim(1) == 1 ? s.squeeze(x, 1) : x;
    }

    /** Frames, then mean and (population) standard deviation over time, then the classifier. */
    private static Value tdnn(Tdnn m, Value x, ExportScope s) {
        Value h = s.child("frames", bandsFirst(x, s));                                   // [N, C, T]
        Value mean = s.reduceMean(h, 2, false);
        Value centred = s.binary("Sub", h, s.reduceMean(h, 2, true).name());
        Value var = s.reduceMean(s.binary("Mul", centred, centred.name()), 2, false);
        Value std = s.unary("Sqrt", s.binary("Add", var, BasicEmitters.scalar(s, 1e-5f)));
        Value stats = s.node("Concat").in(mean.name(), std.name()).i("axis", 1).output(new int[] {h.dim(0), 2 * h.dim(1)});
        return s.child("classifier", stats);
    }

    /** [N, bands, frames] to [N, frames, bands], the LSTM, its outputs' mean over time, the classifier. */
    private static Value lstm(LstmClassifier m, Value x, ExportScope s) {
        Value seq = s.transpose(bandsFirst(x, s), 0, 2, 1);
        return s.child("classifier", s.reduceMean(s.child("lstm", seq), 1, false));
    }

    private static Value bcResNet(BcResNet m, Value x, ExportScope s) {
        Value h = s.child("cnn_head", x);
        ExportScope stages = s.within("BCBlocks");
        for (String stage : stages.childNames()) {
            ExportScope blocks = stages.within(stage);
            for (String block : blocks.childNames()) h = blocks.child(block, h);
        }
        Value y = s.child("classifier", h);                                              // [N, classes, 1, 1]
        return s.reshape(y, y.dim(0), y.dim(1));
    }

    /** {@code relu(f2(x) + f1(mean_F(f2(x))) [+ x])}; a transition block (a 1×1 conv first in f2) has no identity shortcut. */
    private static Value bcResBlock(BcResBlock m, Value x, ExportScope s) {
        boolean transition = ((Sequential) m.getModule("f2")).size() == 2;
        Value aux = s.child("f2", x);                                                    // [N, C, F, T]
        Value y = s.binary("Add", aux, s.child("f1", s.reduceMean(aux, 2, true)).name());
        if (!transition) y = s.binary("Add", y, x.name());
        return s.unary("Relu", y);
    }

    private static Value tcResNet(TcResNet m, Value x, ExportScope s) {
        if (x.rank() == 4 && x.dim(1) == 1) x = s.reshape(x, x.dim(0), x.dim(2), x.dim(3));
        Value h = s.child("conv", x);
        ExportScope blocks = s.within("blocks");
        for (String b : blocks.childNames()) h = blocks.child(b, h);
        return s.child("fc", s.child("dropout", s.reduceMean(h, 2, false)));
    }

    /** {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}. */
    private static Value tcResBlock(TcResBlock m, Value x, ExportScope s) {
        Value h = s.child("bn2", s.child("conv2", s.unary("Relu", s.child("bn1", s.child("conv1", x)))));
        Value shortcut = s.hasChild("shortcut") ? s.child("shortcut", x) : x;
        return s.unary("Relu", s.binary("Add", h, shortcut.name()));
    }

    /** {@code log(mean_i softmax(member_i(x)))} as logsumexp of the members' log-softmax minus log n; one member's logits as they are. */
    private static Value ensemble(Ensemble m, Value x, ExportScope s) {
        ExportScope members = s.within("members");
        List<Value> logits = new ArrayList<>();
        for (String name : members.childNames()) logits.add(members.child(name, x));
        if (logits.size() == 1) return logits.get(0);
        int[] shape = logits.get(0).shape();
        List<String> stacked = new ArrayList<>();
        for (Value l : logits) {
            Value logProbs = s.node("LogSoftmax").in(l.name()).i("axis", 1).output(shape);
            int[] one = new int[shape.length + 1];
            one[0] = 1;
            System.arraycopy(shape, 0, one, 1, shape.length);
            stacked.add(s.node("Unsqueeze").in(logProbs.name(), s.ints(0)).output(one).name());
        }
        int[] all = new int[shape.length + 1];
        all[0] = logits.size();
        System.arraycopy(shape, 0, all, 1, shape.length);
        Value cat = s.node("Concat").in(stacked.toArray(String[]::new)).i("axis", 0).output(all);
        Value lse = s.node("ReduceLogSumExp").in(cat.name()).ints("axes", 0).i("keepdims", 0).output(shape);
        return s.binary("Sub", lse, s.graph().floats(s.path(), Tensor.wrap(new float[] {(float) Math.log(logits.size())}, 1)));
    }
}
