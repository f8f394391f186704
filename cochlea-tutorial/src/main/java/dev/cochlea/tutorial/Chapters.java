package dev.cochlea.tutorial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The course chapters, in order. Each chapter is a class of its own in this package.
 *
 * <pre>{@code
 * for (Chapter c : Chapters.all()) System.out.println(c.number() + " " + c.name());
 * }</pre>
 */
public final class Chapters {
    private Chapters() {}

    /** Every chapter, by number. */
    public static List<Chapter> all() {
        List<Chapter> list = new ArrayList<>(List.of(new Chapter[] {
                // one line per chapter, e.g. new Ch03Perceptron(),
                new Ch01Pipeline(),
                new Ch02Traditional(),
                new Ch03Perceptron(),
                new Ch04Shallow(),
                new Ch05Deep(),
                new Ch06Convolution(),
                new Ch07Pooling(),
                new Ch08NonLinear(),
                new Ch09Linear(),
                new Ch10Module(),
                new Ch11Softmax(),
                new Ch12Backprop(),
                new Ch13Recurrent(),
        }));
        list.sort(Comparator.comparingInt(Chapter::number));
        return list;
    }

    /** The chapter with this number or name. */
    public static Chapter find(String numberOrName) {
        String key = numberOrName.trim().toLowerCase(Locale.ROOT);
        for (Chapter c : all()) {
            if (key.equals(String.valueOf(c.number())) || key.equals(c.name())
                    || key.equals(String.format(Locale.ROOT, "%02d", c.number()))) {
                return c;
            }
        }
        List<String> names = new ArrayList<>();
        for (Chapter c : all()) names.add(c.number() + " " + c.name());
        throw new IllegalArgumentException("tutorial: no chapter '" + numberOrName + "'; chapters: " + names);
    }
}
