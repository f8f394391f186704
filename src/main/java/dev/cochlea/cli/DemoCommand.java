package dev.cochlea.cli;

import picocli.CommandLine.Command;

/**
 * {@code cochlea demo}: the main job on built-in data. Until the training pipeline lands it shows the
 * tensor and autograd engine at work.
 *
 * <pre>{@code
 * ./cochlea demo
 * }</pre>
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on built-in data.")
final class DemoCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("demo: coming soon");
    }
}
