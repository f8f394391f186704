package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

/** Test fixtures: the course's CIFAR-10 "quick" model, as a Sequential and as a Module subclass. */
final class CifarQuickFixtures {
    private CifarQuickFixtures() {}

    /** PyTorch's {@code nn.Sequential(...)} of the course; parameters under 0, 2, 4, 7, 8. */
    static Sequential sequential() {
        return new Sequential(
                new Conv2d(3, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 64, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Flatten(), new Linear(1024, 64), new Linear(64, 10));
    }

    /** The same network written as a class with one field per layer. */
    static final class Net extends Module {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(3, 32, 5, Conv2d.options().padding(2)));
        final MaxPool2d pool1 = registerModule("pool1", new MaxPool2d(2));
        final Conv2d conv2 = registerModule("conv2", new Conv2d(32, 32, 5, Conv2d.options().padding(2)));
        final MaxPool2d pool2 = registerModule("pool2", new MaxPool2d(2));
        final Conv2d conv3 = registerModule("conv3", new Conv2d(32, 64, 5, Conv2d.options().padding(2)));
        final MaxPool2d pool3 = registerModule("pool3", new MaxPool2d(2));
        final Flatten flatten = registerModule("flatten", new Flatten());
        final Linear fc1 = registerModule("fc1", new Linear(1024, 64));
        final Linear fc2 = registerModule("fc2", new Linear(64, 10));

        @Override
        public Tensor forward(Tensor x) {
            x = pool1.call(conv1.call(x));
            x = pool2.call(conv2.call(x));
            x = pool3.call(conv3.call(x));
            return fc2.call(fc1.call(flatten.call(x)));
        }
    }

    /** Maps the Sequential's indices to {@link Net}'s field names. */
    static String netName(String sequentialKey) {
        String[] parts = sequentialKey.split("\\.", 2);
        String field = switch (parts[0]) {
            case "0" -> "conv1";
            case "2" -> "conv2";
            case "4" -> "conv3";
            case "7" -> "fc1";
            case "8" -> "fc2";
            default -> throw new IllegalArgumentException(sequentialKey);
        };
        return field + "." + parts[1];
    }
}
