import java.util.List;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * An in-memory MongoDB (mongo-java-server) on 127.0.0.1 for the integration tests.
 *
 * <pre>java -cp CLASSPATH Launcher PORT</pre>
 *
 * Prints one "ready" line to stdout once it accepts connections, and shuts down on SIGTERM
 * or SIGINT. Data lives in memory only.
 */
public final class Launcher {
    /**
     * The version the server reports. mongo-java-server's newest ServerVersion (MONGO_5_0)
     * says maxWireVersion 8, which the Node.js driver 7 refuses (it needs 9, MongoDB 4.4).
     */
    enum ReportedVersion implements MongoVersion {
        MONGO_4_4(List.of(4, 4, 0), 9);

        private final List<Integer> versionArray;
        private final int wireVersion;

        ReportedVersion(List<Integer> versionArray, int wireVersion) {
            this.versionArray = versionArray;
            this.wireVersion = wireVersion;
        }

        @Override
        public List<Integer> getVersionArray() {
            return versionArray;
        }

        @Override
        public int getWireVersion() {
            return wireVersion;
        }
    }

    private Launcher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 || !args[0].matches("[0-9]{1,5}")) {
            System.err.println("usage: Launcher PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        MongoServer server = new MongoServer(new MemoryBackend().version(ReportedVersion.MONGO_4_4));
        server.bind("127.0.0.1", port);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("mongo-java-server: shutting down");
            server.shutdownNow();
            stopped.countDown();
        }, "shutdown"));

        System.out.println("mongo-java-server ready on " + server.getConnectionString()
                + " (reports MongoDB " + ReportedVersion.MONGO_4_4.toVersionString()
                + ", wire version " + ReportedVersion.MONGO_4_4.getWireVersion() + ")");
        System.out.flush();
        stopped.await();
    }
}
