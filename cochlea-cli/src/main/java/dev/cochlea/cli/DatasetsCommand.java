package dev.cochlea.cli;

import dev.cochlea.data.DatasetFetcher;
import dev.cochlea.data.PublicDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code cochlea datasets <action>}: public datasets on disk. {@code fetch NAME DIR} downloads the
 * Free Spoken Digit Dataset (into {@code DIR/recordings}), Speech Commands, ESC-50 or UrbanSound8K
 * and extracts them in the layout {@code train --data} recognises.
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
            description = {"Download a dataset archive and extract what Cochlea reads of it into DIR, in the layout train --data recognises.",
                    "fsdd: the Free Spoken Digit Dataset (CC BY-SA 4.0, 8 MB), into DIR/recordings",
                    "speechcommands: Google Speech Commands v0.02 (CC BY 4.0, 2.3 GB; SHA-256 checked)",
                    "esc50: ESC-50 environmental sounds (CC BY-NC 3.0, 600 MB)",
                    "urbansound8k: UrbanSound8K (CC BY-NC 3.0, 5.6 GB; MD5 checked)"})
    static final class Fetch implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the dataset: fsdd, speechcommands, esc50 or urbansound8k")
        String name;

        @Parameters(index = "1", paramLabel = "DIR", description = "the folder to create")
        Path dir;

        @Option(names = "--url", paramLabel = "URL", description = "download the archive from here instead (a mirror; default: the dataset's home)")
        String url;

        @Option(names = "--sha256", paramLabel = "HEX", description = "refuse the archive unless its SHA-256 is this")
        String sha256;

        @Option(names = "--overwrite", description = "write into DIR even if it is not empty, replacing files of the same name")
        boolean overwrite;

        @Override
        public Integer call() throws Exception {
            PublicDataset d = PublicDataset.byName(name);
            DatasetFetcher fetcher = new DatasetFetcher(d).url(parseUrl(d)).sha256(sha256).overwrite(overwrite).progress(System.err);
            DatasetFetcher.Result r = fetcher.fetch(dir);
            System.out.println("extracted " + r.recordings() + " recordings into " + r.folder()
                    + " (archive " + r.bytes() + " bytes, sha256 " + r.sha256() + ")");
            System.out.println(d.credit());
            System.out.println();
            System.out.println("Next:");
            String data = shellQuote(r.folder().toString());
            System.out.println("  ./cochlea train --data " + data + switch (d) {
                case FSDD -> " --label-pattern '^(\\d+)_' --split official --out runs/fsdd";
                case SPEECH_COMMANDS -> " --sample-rate 16000 --split official --out runs/speechcommands";
                case ESC50 -> " --sample-rate 22050 --clip-seconds 5 --split fold:5 --out runs/esc50";
                case URBANSOUND8K -> " --sample-rate 22050 --clip-seconds 4 --split fold:10 --out runs/urbansound8k";
            });
            if (d == PublicDataset.ESC50 || d == PublicDataset.URBANSOUND8K) {
                System.out.println("  ./cochlea crossval --data " + data + " --sample-rate 22050 --clip-seconds " + (d == PublicDataset.ESC50 ? 5 : 4)
                        + " --out runs/" + d.id() + "-cv      # one model per fold");
            }
            return 0;
        }

        private URI parseUrl(PublicDataset d) {
            if (url == null) return d.url();
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
