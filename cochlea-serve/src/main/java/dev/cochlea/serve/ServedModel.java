package dev.cochlea.serve;

import dev.cochlea.train.Classifier;

/**
 * One model a {@link ModelServer} serves: the name in its URLs, the trained run, and the batcher
 * its predictions go through.
 *
 * <pre>{@code
 * ServedModel m = new ServedModel("fsdd", classifier, new MicroBatcher("fsdd", classifier, options, metrics));
 * }</pre>
 */
record ServedModel(String name, Classifier classifier, MicroBatcher batcher) {
}
