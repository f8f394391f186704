package dev.cochlea.cli;

import dev.cochlea.data.DatasetFetcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code cochlea datasets <action>}: public datasets on disk. {@code fetch fsdd DIR} downloads the
 * Free Spoken Digit Dataset from its GitHub repository and extracts its recordings into
 * {@code DIR/recordings}.
 *
 * <pre>{@code
 * ./cochlea datasets fetch fsdd data/fsdd
 * ./cochlea datasets fetch fsdd data/fsdd --sha256 <64 hex digits> --overwrite
 * }</pre>
 */
@Command(name = "datasets",
        description = "Download public datasets.",
        mixinStandardHelpOptions = true,
        subcommands = DatasetsCommand.Fetch.class)
public final class DatasetsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code cochlea datasets fetch NAME DIR}: downloads and extracts one dataset. */
    @Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Download a dataset archive and extract its recordings into DIR/recordings.",
                    "fsdd: the Free Spoken Digit Dataset (CC BY-SA 4.0), https://github.com/Jakobovski/free-spoken-digit-dataset"})
    static final class Fetch implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the dataset: fsdd")
        String name;

        @Parameters(index = "1", paramLabel = "DIR", description = "the folder to create (recordings go to DIR/recordings)")
        Path dir;

        @Option(names = "--url", paramLabel = "URL", description = "download the zip archive from here instead (default: the GitHub archive of the dataset)")
        String url;

        @Option(names = "--sha256", paramLabel = "HEX", description = "refuse the archive unless its SHA-256 is this")
        String sha256;

        @Option(names = "--overwrite", description = "write into DIR even if it is not empty, replacing recordings of the same name")
        boolean overwrite;

        @Override
        public Integer call() throws Exception {
            if (!DatasetFetcher.DATASETS.contains(name)) {
                throw new IllegalArgumentException("NAME: unknown dataset '" + name + "' (expected one of " + DatasetFetcher.DATASETS + ")");
            }
            DatasetFetcher fetcher = new DatasetFetcher().url(parseUrl()).sha256(sha256).overwrite(overwrite).progress(System.err);
            DatasetFetcher.Result r = fetcher.fetch(dir);
            Path folder = dir.resolve("recordings");
            System.out.println("extracted " + r.recordings() + " recordings into " + folder
                    + " (archive " + r.bytes() + " bytes, sha256 " + r.sha256() + ")");
            System.out.println("Free Spoken Digit Dataset, CC BY-SA 4.0: https://github.com/Jakobovski/free-spoken-digit-dataset");
            System.out.println();
            System.out.println("Next:");
            System.out.println("  ./cochlea train --data " + shellQuote(folder.toString())
                    + " --label-pattern '^(\\d+)_' --split official --out runs/fsdd");
            return 0;
        }

        private URI parseUrl() {
            if (url == null) return DatasetFetcher.FSDD_URL;
            try {
                URI u = new URI(url);
                if (u.getScheme() == null || u.getHost() == null) throw new URISyntaxException(url, "expected http(s)://host/path");
                return u;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--url: expected an http or https URL, got '" + url + "' (" + e.getReason() + ")");
            }
        }

        private static String shellQuote(String s) {
            return s.matches("[A-Za-z0-9_./:=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
        }
    }
}
