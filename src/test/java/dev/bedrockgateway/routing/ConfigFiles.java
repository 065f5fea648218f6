package dev.bedrockgateway.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configuration files for tests that start the gateway on a file of their own and edit it while it runs. */
final class ConfigFiles {

    /** The built-in file, as the jar carries it. */
    static final Path BUILT_IN = Path.of("config", "gateway.yml");

    private ConfigFiles() {
    }

    static String builtIn() {
        try {
            return Files.readString(BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the file whole, as an editor that saves in place does. */
    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in file with one more priority route over these targets. */
    static String builtInWithRoute(String name, String targets) {
        String content = builtIn();
        String routes = "\n  routes:\n";
        if (!content.contains(routes)) {
            throw new IllegalStateException("the built-in file has no gateway.routes block to add to");
        }
        return content.replace(routes, routes + "    " + name + ":\n      targets: [" + targets + "]\n");
    }
}
