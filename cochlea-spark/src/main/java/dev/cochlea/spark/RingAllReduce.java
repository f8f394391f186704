package dev.cochlea.spark;

import dev.cochlea.train.Collective;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sums (or averages) a float vector across the tasks of a job in place, every task ending with the
 * same result: a ring all-reduce over TCP, as data-parallel training needs for its gradients. Each
 * task connects to the next around the ring; the vector is cut into one chunk per task, and in
 * {@code 2(n-1)} steps every task sends one chunk to the next while receiving one from the previous
 * (reduce-scatter, then all-gather), so each task sends and receives {@code 2(n-1)/n} of the vector
 * whatever the number of tasks — the bandwidth-optimal schedule. Chunks are summed in ring order, so
 * every task gets bit-identical results.
 *
 * <pre>{@code
 * try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, serverSocket)) {
 *     ring.sum(gradients);       // gradients now hold the sum over all tasks
 * }
 * }</pre>
 */
public final class RingAllReduce implements AutoCloseable, Collective {
    private static final int CONNECT_TIMEOUT_MS = 120_000;
    /** How long a task waits for its neighbour's next message: long, since members may prepare data for minutes before the first. */
    private static final int READ_TIMEOUT_MS = 3_600_000;

    private final int rank;
    private final int size;
    private final Socket toNext;
    private final Socket fromPrevious;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final ExecutorService sender;
    private ByteBuffer sendBuffer = ByteBuffer.allocate(0);
    private ByteBuffer receiveBuffer = ByteBuffer.allocate(0);

    private RingAllReduce(int rank, int size, Socket toNext, Socket fromPrevious) throws IOException {
        this.rank = rank;
        this.size = size;
        this.toNext = toNext;
        this.fromPrevious = fromPrevious;
        this.out = toNext == null ? null : new DataOutputStream(new BufferedOutputStream(toNext.getOutputStream(), 1 << 16));
        this.in = fromPrevious == null ? null : new DataInputStream(new BufferedInputStream(fromPrevious.getInputStream(), 1 << 16));
        this.sender = size == 1 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cochlea-ring-send-" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins the ring as task {@code rank} of {@code addresses.size()}: connects to the next task's
     * address ({@code host:port}) and accepts the previous one on {@code own}, which is closed once
     * it has. Every task must call this with the same addresses.
     */
    public static RingAllReduce connect(int rank, List<String> addresses, ServerSocket own) throws IOException {
        int n = addresses.size();
        if (rank < 0 || rank >= n) throw new IllegalArgumentException("rank: expected 0.." + (n - 1) + ", found " + rank);
        if (n == 1) {
            own.close();
            return new RingAllReduce(0, 1, null, null);
        }
        String next = addresses.get((rank + 1) % n);
        int colon = next.lastIndexOf(':');
        Socket toNext = new Socket();
        own.setSoTimeout(CONNECT_TIMEOUT_MS);
        Socket fromPrevious;
        try {
            toNext.connect(new InetSocketAddress(next.substring(0, colon), Integer.parseInt(next.substring(colon + 1))), CONNECT_TIMEOUT_MS);
            fromPrevious = own.accept();
        } catch (IOException e) {
            toNext.close();
            throw new IOException("ring all-reduce: task " + rank + " of " + n + " could not join the ring (next: " + next + "): "
                    + e.getMessage(), e);
        } finally {
            own.close();
        }
        for (Socket s : new Socket[] {toNext, fromPrevious}) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MS);
        }
        return new RingAllReduce(rank, n, toNext, fromPrevious);
    }

    /** This task's place in the ring. */
    @Override
    public int rank() {
        return rank;
    }

    /** The number of tasks. */
    @Override
    public int size() {
        return size;
    }

    /** Replaces {@code v} with its sum over all tasks (every task must pass a vector of the same length). */
    @Override
    public void sum(float[] v) throws IOException {
        if (size == 1) return;
        int n = v.length;
        // Reduce-scatter: after n-1 steps task r holds the full sum of chunk (r + 1) mod size.
        for (int step = 0; step < size - 1; step++) {
            int send = Math.floorMod(rank - step, size), receive = Math.floorMod(rank - step - 1, size);
            exchange(v, send, receive, n, true);
        }
        // All-gather: pass the summed chunks around.
        for (int step = 0; step < size - 1; step++) {
            int send = Math.floorMod(rank + 1 - step, size), receive = Math.floorMod(rank - step, size);
            exchange(v, send, receive, n, false);
        }
    }

    /** Replaces {@code v} with its mean over all tasks. */
    public void mean(float[] v) throws IOException {
        sum(v);
        float inv = 1f / size;
        for (int i = 0; i < v.length; i++) v[i] *= inv;
    }

    private void exchange(float[] v, int sendChunk, int receiveChunk, int n, boolean add) throws IOException {
        int s0 = start(sendChunk, n), s1 = start(sendChunk + 1, n);
        int r0 = start(receiveChunk, n), r1 = start(receiveChunk + 1, n);
        ByteBuffer sb = sendBuffer(4 * (s1 - s0));
        sb.asFloatBuffer().put(v, s0, s1 - s0);
        Future<?> sent = sender.submit(() -> {
            out.writeInt(s1 - s0);
            out.write(sb.array(), 0, 4 * (s1 - s0));
            out.flush();
            return null;
        });
        int count;
        try {
            count = in.readInt();
        } catch (IOException e) {
            throw new IOException("ring all-reduce: task " + rank + " could not receive from the previous task (it failed, or left the ring): "
                    + e, e);
        }
        if (count != r1 - r0) {
            throw new IOException("ring all-reduce: task " + rank + " expected " + (r1 - r0) + " values from the previous task, it sent "
                    + count + " (vectors of different lengths?)");
        }
        ByteBuffer rb = receiveBuffer(4 * count);
        try {
            in.readFully(rb.array(), 0, 4 * count);
        } catch (IOException e) {
            throw new IOException("ring all-reduce: task " + rank + " lost the previous task mid-message: " + e, e);
        }
        var floats = rb.asFloatBuffer();
        if (add) {
            for (int i = r0; i < r1; i++) v[i] += floats.get(i - r0);
        } else {
            floats.get(v, r0, r1 - r0);
        }
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("ring all-reduce: interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("ring all-reduce: task " + rank + " could not send: " + e.getCause(), e.getCause());
        }
    }

    private int start(int chunk, int n) {
        return (int) ((long) chunk * n / size);
    }

    private ByteBuffer sendBuffer(int bytes) {
        if (sendBuffer.capacity() < bytes) sendBuffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return sendBuffer.clear().order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer receiveBuffer(int bytes) {
        if (receiveBuffer.capacity() < bytes) receiveBuffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return receiveBuffer.clear().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        if (sender != null) sender.shutdownNow();
        if (toNext != null) toNext.close();
        if (fromPrevious != null) fromPrevious.close();
    }
}
