package dev.cochlea.cli;

import picocli.CommandLine;

/**
 * Supplies {@code cochlea --version}: the Cochlea version, the Java runtime and the kernels in use.
 *
 * <pre>{@code
 * ./cochlea --version
 * }</pre>
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
                "Cochlea " + dev.cochlea.Cochlea.VERSION,
                "Java " + Runtime.version() + ", kernels: " + dev.cochlea.kernels.KernelProvider.get().name()
                        + ", threads: " + dev.cochlea.kernels.Parallel.threads()
        };
    }
}
