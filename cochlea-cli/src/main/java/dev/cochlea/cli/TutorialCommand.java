package dev.cochlea.cli;

import dev.cochlea.tutorial.Chapter;
import dev.cochlea.tutorial.Chapters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code cochlea tutorial}: lists and runs the course chapters.
 *
 * <pre>{@code
 * ./cochlea tutorial list
 * ./cochlea tutorial 3
 * ./cochlea tutorial convolution
 * }</pre>
 */
@Command(name = "tutorial", mixinStandardHelpOptions = true,
        description = "Run a chapter of the course (list: show them all).")
final class TutorialCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CHAPTER", defaultValue = "list", description = "list, a chapter number, or a chapter name.")
    String chapter;

    @Option(names = "--out", defaultValue = "runs/tutorial", description = "Folder for TensorBoard logs and pictures. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--quick", description = "Small data and few steps.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (chapter.equals("list")) {
            for (Chapter c : Chapters.all()) {
                System.out.printf("%2d  %-16s %s  [%s]%n", c.number(), c.name(), c.title(), c.slide());
            }
            return 0;
        }
        Chapter c = Chapters.find(chapter);
        System.out.printf("== Chapter %d: %s ==%n(follows the slide %s)%n%n", c.number(), c.title(), c.slide());
        Path dir = out.resolve(String.format("%02d-%s", c.number(), c.name()));
        c.run(new Chapter.Context(System.out, dir, quick, seed));
        return 0;
    }
}
