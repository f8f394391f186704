package dev.cochlea.train.models;

import dev.cochlea.nn.Module;
import dev.cochlea.nn.ModuleList;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Several classifiers that answer together: the output is the log of their averaged class
 * probabilities, {@code log(mean_i softmax(member_i(x)))}, so that {@code softmax} of it is the
 * mean of the members' probabilities and its argmax is the ensemble's answer. Selected with a
 * {@code +}-joined model name ({@code --model cnn+cifar}); parameters are named
 * {@code members.0.…}, {@code members.1.…}, as a {@code torch.nn.ModuleList} called
 * {@code members} would name them.
 *
 * <p>Training keeps the members independent: {@link #memberLogits} gives each member's own logits
 * and each gets its own loss (their parameters are disjoint, so one optimiser over all of them is
 * the same as one per member).
 *
 * <p>Shapes: input whatever the members take, output [N, classes].
 *
 * <pre>{@code
 * Ensemble e = new Ensemble(List.of(new AudioCnn(10), new CifarQuick(1, 40, 63, 10)));
 * Tensor logProbs = e.call(Tensor.randn(8, 1, 40, 63));   // [8, 10]
 * }</pre>
 */
public final class Ensemble extends Module {
    private final ModuleList members;

    /** An ensemble of {@code members} (at least one), all with the same classes. */
    public Ensemble(List<? extends Module> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("Ensemble: needs at least one member");
        this.members = registerModule("members", new ModuleList(members));
    }

    /** The number of members. */
    public int size() {
        return members.size();
    }

    /** Member {@code i}. */
    public Module member(int i) {
        return members.get(i);
    }

    /** Each member's logits for {@code x}, in order. */
    public List<Tensor> memberLogits(Tensor x) {
        List<Tensor> out = new ArrayList<>(members.size());
        for (Module m : members) out.add(m.call(x));
        return out;
    }

    /** The ensemble's output for members' {@code logits}: log of the mean of their softmax. */
    public static Tensor combine(List<Tensor> logits) {
        if (logits.size() == 1) return logits.get(0);
        List<Tensor> logProbs = new ArrayList<>(logits.size());
        for (Tensor l : logits) logProbs.add(l.logSoftmax(1));
        return Tensor.stack(logProbs, 0).logsumexp(0, false).sub((float) Math.log(logits.size()));
    }

    @Override
    public Tensor forward(Tensor x) {
        return combine(memberLogits(x));
    }

    @Override
    public String extraRepr() {
        return "members=" + members.size();
    }
}
