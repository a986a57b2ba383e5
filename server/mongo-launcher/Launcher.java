// Zero-setup MongoDB-compatible server for local dev and tests (see server/src/adapters/mongo/local-mongo.ts).
// Run without compiling (JEP 330): java -cp 'lib/*' Launcher.java --port 0 [--h2 /path/to/file.mv]
//
// Protocol with the parent process:
//   - prints exactly one stdout line "BOTLOOM_MONGO_LISTENING <port>" once the socket accepts connections;
//   - exits when stdin reaches EOF (the parent holds the pipe, so this fires even if the parent is kill -9'ed);
//   - exits cleanly on SIGTERM/SIGINT (shutdown hook closes the backend, flushing the H2 file).

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

public class Launcher {
    // mongo-java-server 1.47.0 has no MONGO_4_4 constant and its default (MONGO_5_0) reports
    // maxWireVersion 8, which the Node driver 7.x rejects (it needs >= 9). The version is only
    // reported in the handshake/buildInfo, so claiming 4.4 (wire 9) changes nothing else.
    static final MongoVersion MONGO_4_4 = new MongoVersion() {
        public List<Integer> getVersionArray() { return List.of(4, 4, 0); }
        public int getWireVersion() { return 9; }
    };

    public static void main(String[] args) throws Exception {
        int port = 0; // 0 = let the OS pick a free port
        String h2File = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--h2" -> h2File = args[++i];
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }

        AbstractMongoBackend backend = h2File != null ? new H2Backend(h2File) : new MemoryBackend();
        backend.version(MONGO_4_4);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port); // loopback only: no auth, so never expose it

        // shutdownNow() drops client connections, stops netty and closes the backend (H2 commits its file).
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-shutdown"));

        System.out.println("BOTLOOM_MONGO_LISTENING " + server.getLocalAddress().getPort());
        System.out.flush();

        // Block on stdin until the parent goes away, then exit (runs the shutdown hook).
        while (System.in.read() != -1) { /* ignore any input */ }
        System.exit(0);
    }
}
