package dev.cochlea.data;

/**
 * What a {@link ClipStore} keeps for one file: the computed values (a decoded waveform, or a
 * clip's features) with the recording's duration and a range of frames or samples that hold sound,
 * or the reason the file could not be used.
 *
 * <pre>{@code
 * StoredClip ok = StoredClip.of(features, 0.62f, 0, 40);
 * StoredClip bad = StoredClip.failed("a.wav: not a WAV file (starts with 'OggS')");
 * }</pre>
 *
 * @param values   the floats to keep (null when failed)
 * @param duration the recording's duration in seconds
 * @param from     first frame (or sample) holding the recording
 * @param to       one past the last frame holding the recording
 * @param error    why the file could not be used, or null
 * @param lasting  whether the failure lies in the file's content (kept in a store until the file
 *                 changes), rather than in reading it this time (permissions, a disk error: tried again next run)
 */
public record StoredClip(float[] values, float duration, int from, int to, String error, boolean lasting) {
    /** A computed clip. */
    public static StoredClip of(float[] values, float duration, int from, int to) {
        return new StoredClip(values, duration, from, to, null, false);
    }

    /** A file whose content cannot be used, with the message that says why (naming the file). */
    public static StoredClip failed(String error) {
        return new StoredClip(null, 0, 0, 0, error, true);
    }

    /** A file that could not be read this time (permissions, an I/O error), with the message; not kept in a store. */
    public static StoredClip failedForNow(String error) {
        return new StoredClip(null, 0, 0, 0, error, false);
    }

    /** Whether the file could not be used. */
    public boolean isFailure() {
        return error != null;
    }
}
