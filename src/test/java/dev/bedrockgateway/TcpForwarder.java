package dev.bedrockgateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder a test controls, standing between the gateway and a real server: {@link #stop()} drops every
 * connection and refuses new ones, as a database that went down; {@link #resume()} listens again on the same port.
 */
public final class TcpForwarder implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    public TcpForwarder(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    /** Closes every connection and the listening socket: connecting is refused until {@link #resume()}. */
    public synchronized void stop() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Listens again on the same port; nothing when it still listens. */
    public synchronized void resume() throws IOException {
        if (!server.isClosed()) {
            return;
        }
        server = listen(port);
        accept(server);
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void accept(ServerSocket listening) {
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "tcp-forwarder-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pipe(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // one side closed: close the other so neither end waits
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tcp-forwarder-pipe");
        copier.setDaemon(true);
        copier.start();
    }
}
