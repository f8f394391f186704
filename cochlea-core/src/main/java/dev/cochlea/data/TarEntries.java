package dev.cochlea.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The kept entries of a gzip-compressed tar archive, extracted as they stream past (a tar has no
 * index to read first): every entry's name is checked, links and devices are never created, and
 * the extractor bounds each file and the total. Parsing is Apache Commons Compress's.
 */
final class TarEntries {
    private TarEntries() {}

    /** Extracts {@code dataset}'s entries of the tar.gz {@code file} under {@code target}; returns the number of audio files. */
    static int extract(Path file, String archive, PublicDataset dataset, Path target, ArchiveExtractor x, boolean overwrite,
                       Deque<Path> createdDirs) throws IOException {
        int entries = 0, audio = 0;
        Set<String> seen = new HashSet<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(gunzip(raw, archive))) {
            for (TarArchiveEntry e; (e = next(tar, archive)) != null; ) {
                if (++entries > DatasetFetcher.MAX_ENTRIES) {
                    throw new IOException("archive " + archive + " has more than " + DatasetFetcher.MAX_ENTRIES + " entries; refusing to extract it");
                }
                String name = e.getName();
                ArchiveExtractor.checkName(archive, name.startsWith("./") ? name.substring(2).isEmpty() ? "." : name.substring(2) : name);
                if (e.isSymbolicLink() || e.isLink() || e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO() || !e.isFile()) continue;
                String to = dataset.target(archive, name);
                if (to == null) continue;
                if (!seen.add(to)) throw new IOException("archive " + archive + " has two entries for " + to + "; refusing to extract it");
                Path out = target.resolve(to);
                DatasetFetcher.createDirectories(out.getParent(), createdDirs);
                DatasetFetcher.requireInside(out, target, archive);
                x.extract(tar, name, -1, out, overwrite);
                if (DatasetFetcher.isAudio(to)) audio++;
            }
        }
        if (audio == 0) {
            throw new IOException("archive " + archive + " has no recordings of " + dataset.id() + " (" + entries
                    + " entries without any); check url(...)");
        }
        return audio;
    }

    private static InputStream gunzip(InputStream raw, String archive) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException e) {
            throw new IOException("download from " + archive + " is not a gzip-compressed tar archive (" + e.getMessage() + "); check url(...)", e);
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String archive) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("archive " + archive + " is not a readable tar archive (" + e.getMessage() + "); check url(...)", e);
        }
    }
}
