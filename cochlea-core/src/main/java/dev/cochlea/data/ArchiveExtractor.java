package dev.cochlea.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Extracts chosen entries of a zip or tar archive safely: entry names are checked for paths that
 * would leave the target folder ("zip slip"), sizes are counted while reading (the sizes an archive
 * declares are not trusted) against per-entry and total limits, zip entries' CRC-32 checksums are
 * verified, and each file is written to a temporary file and renamed into place, so no half-written
 * file is ever visible. Files it creates are listed so a caller can remove them if a later step fails.
 *
 * <pre>{@code
 * ArchiveExtractor x = new ArchiveExtractor(new ArchiveExtractor.Limits(64 << 20, 2L << 30), ArchiveExtractor.ContentCheck.NONE);
 * try (ZipFile zip = new ZipFile(file.toFile())) {
 *     ArchiveExtractor.checkName("a.zip", entry.getName());
 *     x.extract(zip, entry, Path.of("out/recordings/0_a_0.wav"), false);
 * }
 * List<Path> created = x.created();
 * }</pre>
 */
final class ArchiveExtractor {

    /** The most bytes one entry and all entries together may expand to. */
    record Limits(long maxEntryBytes, long maxTotalBytes) {
    }

    /** Checks the first bytes of an entry before it is kept. */
    @FunctionalInterface
    interface ContentCheck {
        /** Accepts every entry. */
        ContentCheck NONE = (name, head) -> { };

        /**
         * Throws an {@link IOException} naming {@code entryName} if {@code head} (the entry's first
         * 16 bytes, fewer if it is shorter) is not what is expected.
         */
        void check(String entryName, byte[] head) throws IOException;
    }

    static final int HEAD_BYTES = 16;

    private final Limits limits;
    private final ContentCheck check;
    private final List<Path> created = new java.util.ArrayList<>();
    private long total;

    ArchiveExtractor(Limits limits, ContentCheck check) {
        this.limits = limits;
        this.check = check;
    }

    /**
     * Throws an {@link IOException} unless {@code name} is a relative path with no {@code ..} part,
     * no backslash, no drive letter and no NUL, so that it cannot point outside a target folder.
     */
    static void checkName(String archive, String name) throws IOException {
        boolean unsafe = name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')
                || Arrays.asList(name.split("/")).contains("..");
        if (unsafe) {
            throw new IOException("archive " + archive + " has an unsafe entry path '" + name.replace("\0", "\\0")
                    + "' (expected relative paths without '..' that stay inside the archive); refusing to extract it");
        }
    }

    /**
     * Writes {@code entry} to {@code target} via a temporary file in the same folder.
     *
     * @param replace whether an existing {@code target} may be replaced
     * @return the entry's size in bytes
     */
    long extract(ZipFile zip, ZipEntry entry, Path target, boolean replace) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return extract(in, entry.getName(), entry.getCrc(), target, replace);
        }
    }

    /**
     * Writes the bytes of {@code in} (an archive entry named {@code name}, whose CRC-32 is
     * {@code crc}, or -1 if unknown) to {@code target} via a temporary file in the same folder.
     *
     * @param replace whether an existing {@code target} may be replaced
     * @return the entry's size in bytes
     */
    long extract(InputStream in, String name, long crc, Path target, boolean replace) throws IOException {
        Path dir = target.getParent();
        if (!target.normalize().equals(target) || !target.startsWith(dir)) {
            throw new IOException("refusing to write " + target + ": not a plain file name inside " + dir);
        }
        boolean existed = Files.exists(target);
        if (existed && !replace) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists and replacing was not requested");
        }
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
        try {
            long n = copy(in, name, crc, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!existed) created.add(target);
            return n;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The files this extractor created (not those it replaced), in order. */
    List<Path> created() {
        return List.copyOf(created);
    }

    /** Bytes extracted so far, over all entries. */
    long totalBytes() {
        return total;
    }

    private long copy(InputStream in, String name, long expectedCrc, Path tmp) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[64 * 1024];
        byte[] head = new byte[HEAD_BYTES];
        int headLen = 0;
        long n = 0;
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
                if (n > limits.maxEntryBytes()) {
                    throw new IOException("archive entry '" + name + "' expands to more than " + limits.maxEntryBytes()
                            + " bytes (the limit for one file); refusing to extract it");
                }
                if (total + n > limits.maxTotalBytes()) {
                    throw new IOException("archive expands to more than " + limits.maxTotalBytes()
                            + " bytes (the limit for all files together) at entry '" + name + "'; refusing to extract it");
                }
                if (headLen < HEAD_BYTES) {
                    int k = Math.min(r, HEAD_BYTES - headLen);
                    System.arraycopy(buf, 0, head, headLen, k);
                    headLen += k;
                }
                crc.update(buf, 0, r);
                out.write(buf, 0, r);
            }
        }
        if (expectedCrc != -1 && expectedCrc != crc.getValue()) {
            throw new IOException("archive entry '" + name + "' is damaged: CRC-32 " + Long.toHexString(crc.getValue())
                    + " does not match the recorded " + Long.toHexString(expectedCrc));
        }
        check.check(name, Arrays.copyOf(head, headLen));
        total += n;
        return n;
    }
}
