package dev.cochlea.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The index of a {@link ClipStore}: which segment file holds each source file's values, and where.
 * Written whole to a temporary file and renamed into place; read whole and checked against its
 * CRC-32, so a torn or altered index is never believed. Layout (Java {@code DataOutput}, big-endian):
 * magic {@code CCLIPIDX}, version, segment count, entry count; each segment's name; each entry's
 * source path, size, modification time (ns), segment (-1: the file failed), byte offset, float
 * count, duration, from, to, error ("" when none); then the CRC-32 of everything before it.
 */
final class ClipStoreIndex {
    static final String FILE = "index.bin";
    private static final long MAGIC = 0x43434C4950494458L; // "CCLIPIDX"
    private static final int VERSION = 1;
    private static final long MAX_BYTES = 1L << 30;

    /** Where one source file's values are. */
    /** An index that is not one (wrong magic, checksum, truncated): believed by no one, its values are computed again. */
    static final class Damaged extends IOException {
        Damaged(String message) {
            super(message);
        }
    }

    record Entry(String path, long size, long mtime, int segment, long offset, int length, float duration, int from, int to,
                 String error) {
        boolean matches(long size, long mtime) {
            return this.size == size && this.mtime == mtime;
        }
    }

    final List<String> segments;
    final Map<String, Entry> entries;

    ClipStoreIndex(List<String> segments, Map<String, Entry> entries) {
        this.segments = segments;
        this.entries = entries;
    }

    static ClipStoreIndex empty() {
        return new ClipStoreIndex(new ArrayList<>(), new LinkedHashMap<>());
    }

    /** The index in {@code dir}, empty when there is none; a damaged one is an {@link IOException} naming it. */
    static ClipStoreIndex read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (NoSuchFileException e) {
            return empty();
        }
        if (bytes > MAX_BYTES) throw new Damaged(file + ": an index of " + bytes + " bytes, more than the " + MAX_BYTES + " allowed");
        byte[] all = Files.readAllBytes(file);
        if (all.length < 28) throw new Damaged(file + ": " + all.length + " bytes, too short for an index");
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all));
        try {
            if (in.readLong() != MAGIC) throw new Damaged(file + ": not a clip-store index (wrong magic)");
            int version = in.readInt();
            if (version != VERSION) throw new Damaged(file + ": index version " + version + ", expected " + VERSION);
            int nSeg = in.readInt(), nEntries = in.readInt();
            long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
            if (stored != crc.getValue()) throw new Damaged(file + ": checksum mismatch (damaged or half-written index)");
            if (nSeg < 0 || nEntries < 0 || nSeg > all.length || nEntries > all.length / 40) {
                throw new Damaged(file + ": declares " + nSeg + " segments and " + nEntries + " entries in " + all.length + " bytes");
            }
            List<String> segments = new ArrayList<>(nSeg);
            for (int i = 0; i < nSeg; i++) segments.add(in.readUTF());
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (int i = 0; i < nEntries; i++) {
                Entry e = new Entry(in.readUTF(), in.readLong(), in.readLong(), in.readInt(), in.readLong(), in.readInt(), in.readFloat(),
                        in.readInt(), in.readInt(), in.readUTF());
                if (e.segment < -1 || e.segment >= nSeg || e.length < 0 || e.offset < 0) {
                    throw new Damaged(file + ": entry " + i + " points outside the store (segment " + e.segment + ", offset "
                            + e.offset + ", length " + e.length + ")");
                }
                entries.put(e.path, e);
            }
            return new ClipStoreIndex(segments, entries);
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            throw new Damaged(file + ": truncated or malformed index (" + e + ")");
        }
    }

    /** The index as bytes, checksum included. */
    byte[] bytes() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + entries.size() * 96);
        DataOutputStream out = new DataOutputStream(buf);
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(segments.size());
        out.writeInt(entries.size());
        for (String s : segments) out.writeUTF(s);
        for (Entry e : entries.values()) {
            out.writeUTF(e.path);
            out.writeLong(e.size);
            out.writeLong(e.mtime);
            out.writeInt(e.segment);
            out.writeLong(e.offset);
            out.writeInt(e.length);
            out.writeFloat(e.duration);
            out.writeInt(e.from);
            out.writeInt(e.to);
            out.writeUTF(e.error == null ? "" : e.error);
        }
        out.flush();
        CRC32 crc = new CRC32();
        byte[] body = buf.toByteArray();
        crc.update(body);
        out.writeLong(crc.getValue());
        out.flush();
        if (buf.size() > MAX_BYTES) {
            throw new IOException("clip store: an index of " + buf.size() + " bytes would pass the limit of " + MAX_BYTES
                    + "; use a new store folder for this data (--clip-store)");
        }
        return buf.toByteArray();
    }

    static String utf8Safe(String s) {
        // writeUTF holds at most 65,535 bytes; error messages and paths are cut to fit.
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= 60_000 ? s : new String(b, 0, 60_000, StandardCharsets.UTF_8);
    }
}
