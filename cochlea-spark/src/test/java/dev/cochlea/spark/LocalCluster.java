package dev.cochlea.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: a master and {@code workers} worker JVMs
 * started from the Maven-resolved Spark jars of this test's class path (no Spark distribution is
 * installed), each worker offering one core; executors are launched by the workers as separate JVMs
 * with the same class path. Stopped (every process destroyed) by {@link #close()}.
 */
final class LocalCluster implements AutoCloseable {
    /** The JVM flags Spark 4 needs on Java 17+, from the pom's {@code spark.opens} (one source), with the Vector API module. */
    static final String OPENS = "--add-modules jdk.incubator.vector " + sparkOpens();

    private static String sparkOpens() {
        String opens = System.getProperty("cochlea.spark.opens");
        if (opens == null || opens.isBlank()) {
            throw new IllegalStateException("system property cochlea.spark.opens is not set: run the tests through Maven "
                    + "(cochlea-spark/pom.xml passes its spark.opens property)");
        }
        return opens.trim();
    }

    private final List<Process> processes = new ArrayList<>();
    private final String master;
    private final Path home;
    private final Path logConfig;

    LocalCluster(Path dir, int workers) throws IOException, InterruptedException {
        home = Files.createDirectories(dir.resolve("spark-home"));
        // The master and workers log at INFO (what waitFor reads), whatever the tests' own log configuration says.
        logConfig = Files.writeString(dir.resolve("log4j2-cluster.properties"), """
                rootLogger.level = info
                rootLogger.appenderRef.stdout.ref = console
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
                """);
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        start(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--webui-port", Integer.toString(freePort()));
        waitFor(dir.resolve("master.log"), "I have been elected leader", 60);
        for (int w = 0; w < workers; w++) {
            Path log = dir.resolve("worker-" + w + ".log");
            start(log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                    "--webui-port", Integer.toString(freePort()), "--work-dir", Files.createDirectories(dir.resolve("work-" + w)).toString(), master);
            waitFor(log, "Successfully registered with master", 60);
        }
    }

    /** The master's URL, for {@code SparkSession.builder().master(...)}. */
    String master() {
        return master;
    }

    /** The class path executors are started with (everything this test JVM has). */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    private void start(Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dlog4j2.configurationFile=" + logConfig));
        cmd.addAll(List.of(OPENS.split(" ")));
        cmd.addAll(List.of("-cp", classPath(), main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // The workers build each executor's command from SPARK_HOME; testing mode lets them take the class path from the
        // application (spark.executor.extraClassPath) instead of a distribution's jars/ folder.
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_TESTING", "1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        processes.add(pb.start());
    }

    private static void waitFor(Path log, String text, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(text)) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("Spark did not say '" + text + "' within " + seconds + " s; see " + log + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
