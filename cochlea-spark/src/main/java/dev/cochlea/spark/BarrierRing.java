package dev.cochlea.spark;

import org.apache.spark.BarrierTaskContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * Joins the tasks of a Spark barrier stage into a {@link RingAllReduce}: each task opens a server
 * socket on its executor's address, the tasks exchange their {@code host:port} with
 * {@link BarrierTaskContext#allGather} (one small message through the driver, once), and then talk
 * to their neighbours directly, so gradients never pass through the driver.
 *
 * <pre>{@code
 * rdd.barrier().mapPartitions(it -> {
 *     try (RingAllReduce ring = BarrierRing.join(BarrierTaskContext.get())) { ... ring.mean(gradients); ... }
 * });
 * }</pre>
 */
public final class BarrierRing {
    private BarrierRing() {}

    /** This barrier task's place in a ring of all the stage's tasks, in partition order. */
    public static RingAllReduce join(BarrierTaskContext ctx) throws IOException {
        String address = ctx.getTaskInfos()[ctx.partitionId()].address();
        String host = address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
        ServerSocket own = new ServerSocket(0, 8, InetAddress.getByName(host));
        String[] all = ctx.allGather(host + ":" + own.getLocalPort());
        return RingAllReduce.connect(ctx.partitionId(), List.of(all), own);
    }
}
