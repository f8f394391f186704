package dev.cochlea.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads one URL into a file with {@link HttpClient}: follows redirects, times out when the
 * server does not answer or stops sending, refuses bodies over a size limit, reports progress, and
 * computes the SHA-256 (and MD5, which some data sets publish) of what it wrote. A status other than 2xx is an {@link IOException} naming
 * the URL and the status.
 *
 * <pre>{@code
 * HttpDownload.Result r = new HttpDownload(1L << 30, DownloadProgress.on(System.err))
 *         .download(URI.create("https://example.org/a.zip"), Path.of(".a.zip.tmp"));
 * System.out.println(r.bytes() + " bytes, sha256 " + r.sha256());
 * }</pre>
 */
final class HttpDownload {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** What was downloaded: the size and the lower-case hex SHA-256 and MD5 of the bytes written. */
    record Result(long bytes, String sha256, String md5) {
    }

    private final long maxBytes;
    private final DownloadProgress progress;

    /** Downloads of at most {@code maxBytes}, reported to {@code progress}. */
    HttpDownload(long maxBytes, DownloadProgress progress) {
        this.maxBytes = maxBytes;
        this.progress = progress;
    }

    /**
     * Writes the body at {@code url} to {@code target}, which must exist and is truncated first.
     *
     * @throws IOException if the server cannot be reached, answers with a status other than 2xx,
     *                     sends more than the limit, stops sending, or the file cannot be written
     */
    Result download(URI url, Path target) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("url: expected an http or https URL, got '" + url + "'");
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET()
                .header("User-Agent", "cochlea-datasets-fetch").build();
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT).build();
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            FileSink[] sink = new FileSink[1];
            HttpResponse.BodyHandler<Long> handler = info -> {
                if (info.statusCode() / 100 != 2) return HttpResponse.BodySubscribers.replacing(-1L);
                long total = info.headers().firstValueAsLong("Content-Length").orElse(-1);
                sink[0] = new FileSink(channel, total, url);
                return sink[0];
            };
            CompletableFuture<HttpResponse<Long>> future = client.sendAsync(request, handler);
            HttpResponse<Long> response = await(future, sink, url);
            if (response.statusCode() / 100 != 2) {
                throw new IOException("download of " + url + " failed: the server answered HTTP " + response.statusCode()
                        + (response.uri().equals(url) ? "" : " for " + response.uri())
                        + " (expected 200; check the URL)");
            }
            channel.force(true);
            progress.done(sink[0].bytes);
            return new Result(sink[0].bytes, HexFormat.of().formatHex(sink[0].digest.digest()), HexFormat.of().formatHex(sink[0].md5.digest()));
        } finally {
            progress.abort();
            client.shutdownNow();
        }
    }

    private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> future, FileSink[] sink, URI url) throws IOException {
        try {
            while (true) {
                try {
                    return future.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    FileSink s = sink[0];
                    if (s != null && System.nanoTime() - s.lastActivityNanos > IDLE_TIMEOUT.toNanos()) {
                        future.cancel(true);
                        throw new IOException("download of " + url + " failed: no data received for "
                                + IDLE_TIMEOUT.toSeconds() + " s after " + s.bytes + " bytes");
                    }
                }
            }
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download of " + url + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new IOException("download of " + url + " failed: no answer within "
                        + RESPONSE_TIMEOUT.toSeconds() + " s (" + cause.getMessage() + ")", cause);
            }
            if (cause instanceof DownloadLimitException d) throw new IOException(d.getMessage(), d);
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new IOException("download of " + url + " failed: " + why, cause);
        }
    }

    /** Raised inside the body subscriber when the body exceeds the limit. */
    private static final class DownloadLimitException extends IOException {
        DownloadLimitException(String message) {
            super(message);
        }
    }

    /** Writes the body to a channel as it arrives, counting, hashing and reporting. */
    private final class FileSink implements HttpResponse.BodySubscriber<Long> {
        private final FileChannel channel;
        private final URI url;
        private final MessageDigest digest;
        // MD5 only to compare with the checksums some data sets publish (UrbanSound8K), never for trust on its own.
        private final MessageDigest md5;
        private final CompletableFuture<Long> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        volatile long bytes;
        volatile long lastActivityNanos = System.nanoTime();

        FileSink(FileChannel channel, long total, URI url) {
            this.channel = channel;
            this.url = url;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
                this.md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
            }
            if (total > maxBytes) {
                result.completeExceptionally(tooLarge(total));
            }
            progress.start(url.toString(), total);
        }

        private DownloadLimitException tooLarge(long size) {
            return new DownloadLimitException("download of " + url + " refused: " + size
                    + " bytes is more than the limit of " + maxBytes + " bytes for a dataset archive");
        }

        @Override
        public CompletionStage<Long> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (result.isDone()) s.cancel();
            else s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) return;
            try {
                long n = bytes;
                for (ByteBuffer b : buffers) {
                    n += b.remaining();
                    if (n > maxBytes) throw tooLarge(n);
                    digest.update(b.duplicate());
                    md5.update(b.duplicate());
                    while (b.hasRemaining()) channel.write(b);
                }
                bytes = n;
                lastActivityNanos = System.nanoTime();
                progress.update(n);
                subscription.request(1);
            } catch (IOException | RuntimeException e) {
                subscription.cancel();
                result.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes);
        }
    }
}
